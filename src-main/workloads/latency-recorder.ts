import hdr from 'hdr-histogram-js';
import type { Latency } from './schemas';

/** Latency percentiles over a run and over the current report interval (HdrHistogram, microsecond resolution). */
export class LatencyRecorder {
  private readonly total = hdr.build({ useWebAssembly: false, numberOfSignificantValueDigits: 3 });
  private readonly interval = hdr.build({ useWebAssembly: false, numberOfSignificantValueDigits: 3 });

  record(ms: number, count = 1): void {
    const micros = Math.max(1, Math.round(ms * 1000));
    this.total.recordValueWithCount(micros, count);
    this.interval.recordValueWithCount(micros, count);
  }

  /** Percentiles since the last call, then starts a new interval. */
  takeInterval(): Latency | null {
    const l = describe(this.interval);
    this.interval.reset();
    return l;
  }

  overall(): Latency | null {
    return describe(this.total);
  }
}

function describe(h: hdr.Histogram): Latency | null {
  if (h.totalCount === 0) return null;
  const ms = (micros: number) => Math.round(micros) / 1000;
  return {
    avg: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
  };
}
