import { describe, expect, it } from 'vitest';
import { decodeCreateTopicsCheck, encodeCreateTopicsCheck } from './create-topic-check';

// Byte layouts written out from Kafka's protocol guide (CreateTopics v2, request header v1, response header v0).
describe('CreateTopics v2, validate only', () => {
  it('encodes one topic with its configs and validate_only set', () => {
    const b = encodeCreateTopicsCheck(5, { name: 't', partitions: 3, replicationFactor: 2, configs: { a: '1' } }, 1000);
    const clientId = Buffer.from('kafka-control-center').toString('hex');
    const body = [
      '0013', // api key 19
      '0002', // version 2
      '00000005', // correlation id
      '0014' + clientId,
      '00000001', // one topic
      '000174', // "t"
      '00000003', // partitions
      '0002', // replication factor
      '00000000', // no assignments
      '00000001', // one config
      '000161', // "a"
      '000131', // "1"
      '000003e8', // timeout 1000 ms
      '01', // validate only
    ].join('');
    expect(b.toString('hex')).toBe((body.length / 2).toString(16).padStart(8, '0') + body);
  });

  it('decodes the topic’s error code and the controller’s message', () => {
    const msg = Buffer.from('Invalid value shred').toString('hex');
    const buf = Buffer.from(['00000001', '00000000', '00000001', '000174', '0028', '0013' + msg].join(''), 'hex');
    expect(decodeCreateTopicsCheck(buf)).toEqual({ errorCode: 40, errorMessage: 'Invalid value shred' });
  });
});
