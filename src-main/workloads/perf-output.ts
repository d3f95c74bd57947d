/**
 * Reads the lines Kafka's own perf tools print (ProducerPerformance,
 * ConsumerPerformance with --show-detailed-stats) into numbers. Lines that are
 * neither (JVM warnings, log4j noise) yield nothing.
 */

export interface ProducerLine {
  kind: 'producer-window' | 'producer-final';
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50?: number;
  p95?: number;
  p99?: number;
  p999?: number;
}
export interface ConsumerLine {
  kind: 'consumer-interval' | 'consumer-final';
  totalMb: number;
  mbPerSec: number;
  totalRecords: number;
  recordsPerSec: number;
}
export type PerfLine = ProducerLine | ConsumerLine;

const num = String.raw`(-?[\d.]+(?:E-?\d+)?)`;
const producerLine = new RegExp(
  String.raw`^(\d+) records sent, ${num} records/sec \(${num} MB/sec\), ${num} ms avg latency, ${num} ms max latency` +
    String.raw`(?:, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th)?\.?$`,
);
const timestamp = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3}`;
const consumerInterval = new RegExp(String.raw`^${timestamp}, \d+, ${num}, ${num}, (\d+), ${num}(?:, .*)?$`);
const consumerFinal = new RegExp(String.raw`^${timestamp}, ${timestamp}, ${num}, ${num}, (\d+), ${num}(?:, .*)?$`);

export function parsePerfLine(raw: string): PerfLine | undefined {
  const line = raw.trim();
  const p = producerLine.exec(line);
  if (p) {
    const final = p[6] !== undefined;
    return {
      kind: final ? 'producer-final' : 'producer-window',
      records: Number(p[1]),
      recordsPerSec: Number(p[2]),
      mbPerSec: Number(p[3]),
      avgLatencyMs: Number(p[4]),
      maxLatencyMs: Number(p[5]),
      ...(final ? { p50: Number(p[6]), p95: Number(p[7]), p99: Number(p[8]), p999: Number(p[9]) } : {}),
    };
  }
  const f = consumerFinal.exec(line);
  if (f)
    return {
      kind: 'consumer-final',
      totalMb: Number(f[1]),
      mbPerSec: Number(f[2]),
      totalRecords: Number(f[3]),
      recordsPerSec: Number(f[4]),
    };
  const c = consumerInterval.exec(line);
  if (c)
    return {
      kind: 'consumer-interval',
      totalMb: Number(c[1]),
      mbPerSec: Number(c[2]),
      totalRecords: Number(c[3]),
      recordsPerSec: Number(c[4]),
    };
  return undefined;
}

/** Splits a stream of chunks into whole lines. */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    return lines;
  }
  flush(): string[] {
    const last = this.rest;
    this.rest = '';
    return last ? [last] : [];
  }
}
