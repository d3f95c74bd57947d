import { describe, expect, it } from 'vitest';
import { LineSplitter, parsePerfLine } from './perf-output';

describe('parsePerfLine', () => {
  it('reads ProducerPerformance window and final lines', () => {
    expect(parsePerfLine('236241 records sent, 47238.8 records/sec (4.51 MB/sec), 450.2 ms avg latency, 1112.0 ms max latency.')).toEqual({
      kind: 'producer-window',
      records: 236241,
      recordsPerSec: 47238.8,
      mbPerSec: 4.51,
      avgLatencyMs: 450.2,
      maxLatencyMs: 1112,
    });
    const final = parsePerfLine(
      '50 records sent, 10.054293 records/sec (0.00 MB/sec), 74.40 ms avg latency, 836.00 ms max latency, 17 ms 50th, 310 ms 95th, 836 ms 99th, 836 ms 99.9th.',
    );
    expect(final).toMatchObject({ kind: 'producer-final', records: 50, recordsPerSec: 10.054293, p50: 17, p95: 310, p99: 836, p999: 836 });
  });

  it('reads ConsumerPerformance detailed rows and its summary', () => {
    expect(parsePerfLine('2026-11-26 00:15:02:361, 0, 95.3674, 95.1234, 1000000, 997321.2, 0, 1002, 95.1, 998003.9')).toEqual({
      kind: 'consumer-interval',
      totalMb: 95.3674,
      mbPerSec: 95.1234,
      totalRecords: 1000000,
      recordsPerSec: 997321.2,
    });
    expect(
      parsePerfLine('2026-11-26 00:15:01:614, 2026-11-26 00:15:02:361, 0.0005, 0.0006, 50, 66.9344, 567, 180, 0.0026, 277.7778'),
    ).toMatchObject({
      kind: 'consumer-final',
      totalRecords: 50,
      recordsPerSec: 66.9344,
    });
  });

  it('ignores headers, warnings and empty lines', () => {
    for (const line of ['', 'time, threadId, data.consumed.in.MB, MB.sec', 'WARN [Producer clientId=x] Connection refused', 'records sent'])
      expect(parsePerfLine(line)).toBeUndefined();
  });
});

describe('LineSplitter', () => {
  it('joins lines split across chunks', () => {
    const s = new LineSplitter();
    expect(s.push('12 records se')).toEqual([]);
    expect(s.push('nt\r\nnext\npart')).toEqual(['12 records sent', 'next']);
    expect(s.flush()).toEqual(['part']);
  });
});
