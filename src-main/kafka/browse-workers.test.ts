import { describe, expect, it } from 'vitest';
import { mergeScans, splitJob } from './browse-workers';
import type { BrowseResult } from './schemas';

const record = (partition: number, offset: number): BrowseResult['messages'][number] => ({
  partition,
  offset: String(offset),
  timestamp: '2026-01-01T00:00:00.000Z',
  key: { text: null, encoding: 'null', size: 0, truncated: false },
  value: { text: 'v', encoding: 'utf8', size: 1, truncated: false },
  headers: [],
});

describe('splitJob', () => {
  it('balances records across parts and shares the byte budget', () => {
    const job = {
      topic: 't',
      partitions: [
        { partition: 0, start: 0, stop: 100 },
        { partition: 1, start: 0, stop: 60 },
        { partition: 2, start: 0, stop: 50 },
      ],
      allPartitions: [0, 1, 2],
      limit: 10,
      maxBytes: 8 * 1024 * 1024,
    };
    const parts = splitJob(job, 2);
    expect(parts.map((p) => p.partitions.map((x) => x.partition).sort())).toEqual([[0], [1, 2]]);
    expect(parts.every((p) => p.maxBytes === 4 * 1024 * 1024 && p.limit === 10)).toBe(true);
  });
});

describe('mergeScans', () => {
  it('cuts to the limit, says so, and continues each cut partition at its first record not returned', () => {
    const a: BrowseResult = { messages: [record(0, 5), record(0, 9)], scanned: 20, stoppedBy: 'end', next: [] };
    const b: BrowseResult = { messages: [record(1, 2), record(1, 3)], scanned: 30, stoppedBy: 'end', next: [] };
    const merged = mergeScans([a, b], 3);
    expect(merged.messages.map((m) => `${m.partition}:${m.offset}`)).toEqual(['0:5', '0:9', '1:2']);
    expect(merged.stoppedBy).toBe('limit');
    expect(merged.next).toEqual([{ partition: 1, offset: 3 }]);
    expect(merged.scanned).toBe(50);
  });

  it('keeps where unfinished parts stopped, and reports the end only when every part reached it', () => {
    const a: BrowseResult = { messages: [], scanned: 5, stoppedBy: 'time', next: [{ partition: 2, offset: 40 }] };
    const b: BrowseResult = { messages: [record(1, 2)], scanned: 30, stoppedBy: 'end', next: [] };
    expect(mergeScans([a, b], 10)).toMatchObject({ stoppedBy: 'time', next: [{ partition: 2, offset: 40 }] });
  });
});
