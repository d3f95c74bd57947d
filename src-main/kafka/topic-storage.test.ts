import { describe, expect, it } from 'vitest';
import { array, i16, i32, i64, i8, str } from './kafka-wire';
import { decodeDescribeLogDirs, decodeListOffsets, decodeMetadata } from './storage-wire';
import { byLeader, joinStorage } from './topic-storage';

const cat = (...b: Buffer[]) => Buffer.concat(b);

describe('storage wire decoders', () => {
  it('reads a Metadata v1 answer: brokers, and each partition with its leader and replicas', () => {
    const body = cat(
      i32(7),
      array([{ id: 0, host: 'b0', port: 9092 }], (b) => [i32(b.id), str(b.host), i32(b.port), i16(-1)]),
      i32(0),
      array(['t'], (t) => [
        i16(0),
        str(t),
        i8(0),
        array([0, 1], (p) => [i16(0), i32(p), i32(p), array([p, 1 - p], (r) => [i32(r)]), array([p], (r) => [i32(r)])]),
      ]),
    );
    const { correlationId, answer } = decodeMetadata(body);
    expect(correlationId).toBe(7);
    expect(answer.brokers).toEqual([{ nodeId: 0, host: 'b0', port: 9092 }]);
    expect(answer.partitions).toEqual([
      { topic: 't', partition: 0, leader: 0, replicas: [0, 1], errorCode: 0 },
      { topic: 't', partition: 1, leader: 1, replicas: [1, 0], errorCode: 0 },
    ]);
  });

  it('reads ListOffsets v1 and DescribeLogDirs v1 answers, and refuses a truncated one', () => {
    const offsets = cat(
      i32(1),
      array(['t'], (t) => [str(t), array([0], (p) => [i32(p), i16(0), i64(-1n), i64(2n ** 40n)])]),
    );
    expect(decodeListOffsets(offsets).answer).toEqual([{ topic: 't', partition: 0, errorCode: 0, offset: 2n ** 40n }]);
    const dirs = cat(
      i32(1),
      i32(0),
      array(['/data'], (d) => [i16(0), str(d), array(['t'], (t) => [str(t), array([3], (p) => [i32(p), i64(1234n), i64(0n), i8(1)])])]),
    );
    expect(decodeDescribeLogDirs(dirs).answer).toEqual([
      { dir: '/data', errorCode: 0, replicas: [{ topic: 't', partition: 3, size: 1234n, future: true }] },
    ]);
    expect(() => decodeDescribeLogDirs(dirs.subarray(0, dirs.length - 3))).toThrow('truncated');
  });
});

describe('joinStorage', () => {
  const meta = {
    brokers: [
      { nodeId: 0, host: 'a', port: 1 },
      { nodeId: 1, host: 'b', port: 1 },
    ],
    partitions: [
      { topic: 'x', partition: 0, leader: 0, replicas: [0, 1], errorCode: 0 },
      { topic: 'x', partition: 1, leader: 1, replicas: [1, 0], errorCode: 0 },
      { topic: 'y', partition: 0, leader: 1, replicas: [1, 2], errorCode: 0 },
    ],
  };

  it('groups partitions by leader for ListOffsets', () => {
    expect(byLeader(meta.partitions)).toEqual(
      new Map([
        [0, [{ topic: 'x', partitions: [0] }]],
        [
          1,
          [
            { topic: 'x', partitions: [1] },
            { topic: 'y', partitions: [0] },
          ],
        ],
      ]),
    );
  });

  it('sums end minus start per topic and replica sizes per topic and directory; a future replica is not counted twice', () => {
    const s = joinStorage(
      meta,
      [
        {
          broker: 0,
          earliest: [{ topic: 'x', partition: 0, errorCode: 0, offset: 10n }],
          latest: [{ topic: 'x', partition: 0, errorCode: 0, offset: 25n }],
          logDirs: [
            {
              dir: '/d0',
              errorCode: 0,
              replicas: [
                { topic: 'x', partition: 0, size: 100n, future: false },
                { topic: 'x', partition: 1, size: 50n, future: false },
                { topic: 'x', partition: 1, size: 49n, future: true },
              ],
            },
          ],
        },
        {
          broker: 1,
          earliest: [
            { topic: 'x', partition: 1, errorCode: 0, offset: 0n },
            { topic: 'y', partition: 0, errorCode: 0, offset: 0n },
          ],
          latest: [
            { topic: 'x', partition: 1, errorCode: 0, offset: 5n },
            { topic: 'y', partition: 0, errorCode: 0, offset: 9n },
          ],
          logDirs: [{ dir: '/d1', errorCode: 56, replicas: [{ topic: 'x', partition: 0, size: 100n, future: false }] }],
        },
      ],
      new Date(0),
    );
    expect(s.topics).toEqual([
      { topic: 'x', messages: 20, bytes: 250 },
      // Its second replica sits on broker 2, which Metadata does not list (stopped): size unknown, count known.
      { topic: 'y', messages: 9, bytes: null },
    ]);
    expect(s.logDirs).toEqual([
      { broker: 0, dir: '/d0', bytes: 150, replicas: 2 },
      { broker: 1, dir: '/d1', bytes: 100, replicas: 1, error: 'KAFKA_STORAGE_ERROR' },
    ]);
  });

  it('gives null, never a short sum, for topics on a broker that did not answer', () => {
    const s = joinStorage(
      meta,
      [
        { broker: 0, earliest: [], latest: [], logDirs: [] },
        { broker: 1, error: 'b:1: refused' },
      ],
      new Date(0),
    );
    expect(s.topics).toEqual([
      { topic: 'x', messages: null, bytes: null },
      { topic: 'y', messages: null, bytes: null },
    ]);
    expect(s.unreachable).toEqual([{ broker: 1, message: 'b:1: refused' }]);
  });
});
