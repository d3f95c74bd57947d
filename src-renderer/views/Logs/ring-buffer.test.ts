import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('evicts the oldest item when full, and keeps the rest in order', () => {
    const b = new RingBuffer<number>(3);
    expect([1, 2, 3].map((n) => b.push(n))).toEqual([undefined, undefined, undefined]);
    expect(b.push(4)).toBe(1);
    expect(b.toArray()).toEqual([2, 3, 4]);
    expect(b.first()).toBe(2);
    expect(b.last()).toBe(4);
  });

  it('takes older items at the front only while there is room', () => {
    const b = new RingBuffer<number>(3);
    b.push(5);
    expect(b.unshift(4)).toBe(true);
    expect(b.unshift(3)).toBe(true);
    expect(b.unshift(2)).toBe(false);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.shift()).toBe(3);
    expect(b.toArray()).toEqual([4, 5]);
  });

  it('behaves like an array cut to its last `capacity` items, whatever is pushed and shifted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 60 }), (cap, ops) => {
        const b = new RingBuffer<number>(cap);
        let model: number[] = [];
        for (const op of ops) {
          if (op === null) {
            expect(b.shift()).toBe(model.shift());
          } else {
            b.push(op);
            model = [...model, op].slice(-cap);
          }
          expect(b.toArray()).toEqual(model);
          expect(b.size).toBe(model.length);
        }
      }),
    );
  });
});
