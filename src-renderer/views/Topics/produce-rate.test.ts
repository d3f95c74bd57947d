import { describe, expect, it } from 'vitest';
import { addSample, ratesOf } from './produce-rate';

describe('produce rate', () => {
  it('is the growth of the end offsets per second between reads, never negative', () => {
    const s = [
      { at: 0, endOffset: 100 },
      { at: 2000, endOffset: 300 },
      { at: 5000, endOffset: 300 },
      { at: 6000, endOffset: 10 },
    ];
    expect(ratesOf(s)).toEqual([
      { at: 2000, rate: 100 },
      { at: 5000, rate: 0 },
      { at: 6000, rate: 0 },
    ]);
  });

  it('keeps the last reads in order and drops a stale one', () => {
    let s = [{ at: 1, endOffset: 1 }];
    s = addSample(s, { at: 2, endOffset: 2 }, 2);
    s = addSample(s, { at: 2, endOffset: 9 }, 2);
    s = addSample(s, { at: 3, endOffset: 3 }, 2);
    expect(s).toEqual([
      { at: 2, endOffset: 2 },
      { at: 3, endOffset: 3 },
    ]);
  });
});
