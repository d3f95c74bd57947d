import { describe, expect, it } from 'vitest';
import { decodeIncrementalAlterConfigs, encodeIncrementalAlterConfigs, RESOURCE_TOPIC } from './config-alter';

// Byte layouts written out from Kafka's protocol guide (IncrementalAlterConfigs v0, request header v1, response header v0).
describe('IncrementalAlterConfigs v0', () => {
  it('encodes a set and a delete on one topic, validate only', () => {
    const b = encodeIncrementalAlterConfigs(
      3,
      [
        {
          type: RESOURCE_TOPIC,
          name: 't',
          ops: [
            { name: 'a', value: '1' },
            { name: 'b', value: null },
          ],
        },
      ],
      true,
    );
    const clientId = Buffer.from('kafka-control-center').toString('hex');
    const expectedBody = [
      '002c', // api key 44
      '0000', // version 0
      '00000003', // correlation id
      '0014' + clientId,
      '00000001', // one resource
      '02', // topic
      '000174', // "t"
      '00000002', // two configs
      '000161', // "a"
      '00', // SET
      '000131', // "1"
      '000162', // "b"
      '01', // DELETE
      'ffff', // null value
      '01', // validate only
    ].join('');
    expect(b.toString('hex')).toBe((expectedBody.length / 2).toString(16).padStart(8, '0') + expectedBody);
  });

  it('decodes each resource’s error code and the broker’s message', () => {
    const msg = Buffer.from('Invalid value x').toString('hex');
    const buf = Buffer.from(
      [
        '00000001', // correlation id
        '00000000', // throttle
        '00000002', // two resources
        '0000', // ok
        'ffff', // no message
        '04', // broker
        '000130', // "0"
        '0028', // INVALID_CONFIG (40)
        '000f' + msg,
        '02',
        '000174',
      ].join(''),
      'hex',
    );
    expect(decodeIncrementalAlterConfigs(buf)).toEqual([
      { type: 4, name: '0', errorCode: 0, errorMessage: null },
      { type: 2, name: 't', errorCode: 40, errorMessage: 'Invalid value x' },
    ]);
  });
});
