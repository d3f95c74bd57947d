import { describe, expect, it } from 'vitest';
import { recordBytes } from './messages';

describe('recordBytes', () => {
  it('counts header keys and values, repeated headers included, beside key and value', () => {
    expect(recordBytes({ key: Buffer.from('k'), value: Buffer.from('vv'), headers: {} })).toBe(3);
    expect(
      recordBytes({
        key: null,
        value: Buffer.from('x'),
        headers: { trace: Buffer.alloc(1000), multi: [Buffer.from('ab'), Buffer.from('cd')], é: 'ü', gone: undefined },
      }),
    ).toBe(1 + 5 + 1000 + 2 * (5 + 2) + 2 + 2 + 4);
  });
});
