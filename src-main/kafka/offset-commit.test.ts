import { describe, expect, it } from 'vitest';
import { decodeFindCoordinator, decodeOffsetCommit, encodeFindCoordinator, encodeOffsetCommit } from './offset-commit';

// Byte layouts written out from Kafka's protocol guide: FindCoordinator v0, OffsetCommit v2, request header v1.
const header = (apiKey: string, version: string, correlation: string) =>
  `${apiKey}${version}${correlation}` + '0014' + Buffer.from('kafka-control-center').toString('hex');

describe('FindCoordinator v0 and OffsetCommit v2', () => {
  it('asks for a group’s coordinator and reads its address', () => {
    const body = header('000a', '0000', '00000001') + '000167'; // group "g"
    expect(encodeFindCoordinator(1, 'g').toString('hex')).toBe((body.length / 2).toString(16).padStart(8, '0') + body);
    const answer = Buffer.from('00000001' + '0000' + '00000002' + '0001' + '68' + '00002383', 'hex');
    expect(decodeFindCoordinator(answer)).toEqual({ errorCode: 0, coordinator: { nodeId: 2, host: 'h', port: 9091 } });
  });

  it('commits as no member of no generation, and reads each partition’s error', () => {
    const body =
      header('0008', '0002', '00000002') +
      '000167' + // group "g"
      'ffffffff' + // generation -1
      '0000' + // member id ""
      'ffffffffffffffff' + // retention -1
      '00000001' +
      '000174' + // one topic "t"
      '00000001' +
      '00000003' +
      '000000000000002a' +
      '0000'; // partition 3 at offset 42, metadata ""
    expect(encodeOffsetCommit(2, 'g', 't', [{ partition: 3, offset: 42 }]).toString('hex')).toBe(
      (body.length / 2).toString(16).padStart(8, '0') + body,
    );
    const answer = Buffer.from('00000002' + '00000001' + '000174' + '00000002' + '00000000' + '0000' + '00000001' + '0019', 'hex');
    expect(decodeOffsetCommit(answer)).toEqual([
      { topic: 't', partition: 0, errorCode: 0 },
      { topic: 't', partition: 1, errorCode: 25 },
    ]);
  });
});
