import { describe, expect, it } from 'vitest';
import { decodeElectLeaders, encodeElectLeaders } from './elect-leaders';

// Byte layouts written out from Kafka's protocol guide (ElectLeaders v1, request header v1, response header v0).
describe('ElectLeaders v1', () => {
  it('encodes a request for some partitions of one topic', () => {
    const b = encodeElectLeaders(7, 'c', [{ topic: 'ab', partitions: [0, 2] }], 30_000);
    const expected = Buffer.from(
      [
        '00000024', // size: 36 bytes follow
        '002b', // api key 43
        '0001', // version 1
        '00000007', // correlation id
        '000163', // client id "c"
        '00', // election type: preferred
        '00000001', // one topic
        '00026162', // "ab"
        '00000002', // two partitions
        '00000000',
        '00000002',
        '00007530', // timeout 30,000 ms
      ].join(''),
      'hex',
    );
    expect(b.toString('hex')).toBe(expected.toString('hex'));
  });

  it('encodes "every partition" as a null array', () => {
    const b = encodeElectLeaders(1, '', null, 1000);
    expect(b.subarray(4 + 2 + 2 + 4 + 2).toString('hex')).toBe('00' + 'ffffffff' + '000003e8');
  });

  it('decodes per-partition results, null and present messages', () => {
    const body = Buffer.from(
      [
        '00000007', // correlation id
        '00000000', // throttle
        '0000', // error code
        '00000001', // one topic
        '00026162', // "ab"
        '00000002', // two partitions
        '00000000',
        '0000',
        'ffff', // partition 0: ok, null message
        '00000002',
        '0054',
        '00026e6e', // partition 2: ELECTION_NOT_NEEDED (84), "nn"
      ].join(''),
      'hex',
    );
    expect(decodeElectLeaders(body)).toEqual({
      correlationId: 7,
      response: {
        errorCode: 0,
        results: [
          { topic: 'ab', partition: 0, errorCode: 0, errorMessage: null },
          { topic: 'ab', partition: 2, errorCode: 84, errorMessage: 'nn' },
        ],
      },
    });
    expect(() => decodeElectLeaders(body.subarray(0, body.length - 1))).toThrow(/truncated/);
  });
});
