import type { Latency, WorkloadSample, WorkloadSummary } from './schemas';

/** Turns running totals into the once-a-second report and the final summary. */
export class RunClock {
  readonly startedAt = Date.now();
  private lastAt = this.startedAt;
  private lastRecords = 0;
  private lastBytes = 0;

  sample(
    totals: { records: number; bytes: number; errors: number; lastError?: string | undefined },
    latencyMs: Latency | null,
  ): WorkloadSample {
    const now = Date.now();
    const secs = Math.max(0.001, (now - this.lastAt) / 1000);
    const s: WorkloadSample = {
      at: new Date(now).toISOString(),
      elapsedMs: now - this.startedAt,
      records: totals.records,
      bytes: totals.bytes,
      recordsPerSec: round((totals.records - this.lastRecords) / secs),
      mbPerSec: round((totals.bytes - this.lastBytes) / secs / (1024 * 1024), 3),
      latencyMs,
      errors: totals.errors,
      ...(totals.lastError ? { lastError: totals.lastError } : {}),
    };
    this.lastAt = now;
    this.lastRecords = totals.records;
    this.lastBytes = totals.bytes;
    return s;
  }

  summary(
    verb: 'sent' | 'received',
    totals: { records: number; bytes: number; errors: number },
    latencyMs: Latency | null,
    endedAt = Date.now(),
  ): WorkloadSummary {
    const durationMs = Math.max(1, endedAt - this.startedAt);
    const recordsPerSec = totals.records / (durationMs / 1000);
    const mbPerSec = totals.bytes / (durationMs / 1000) / (1024 * 1024);
    // The same sentence Kafka's ProducerPerformance ends with, so figures compare at a glance.
    let text = `${totals.records} records ${verb}, ${recordsPerSec.toFixed(1)} records/sec (${mbPerSec.toFixed(2)} MB/sec)`;
    if (latencyMs) {
      text += `, ${latencyMs.avg.toFixed(2)} ms avg latency, ${latencyMs.max.toFixed(2)} ms max latency`;
      text += `, ${Math.round(latencyMs.p50)} ms 50th, ${Math.round(latencyMs.p95)} ms 95th, ${Math.round(latencyMs.p99)} ms 99th, ${Math.round(latencyMs.p999 ?? latencyMs.max)} ms 99.9th`;
    }
    if (totals.errors > 0) text += `, ${totals.errors} errors`;
    return {
      records: totals.records,
      bytes: totals.bytes,
      durationMs,
      recordsPerSec: round(recordsPerSec),
      mbPerSec: round(mbPerSec, 3),
      latencyMs,
      errors: totals.errors,
      text: `${text}.`,
    };
  }
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
