import type { KafkaConnection } from './kafka-client';
import { array, exchange, frame, i32, i64, Reader, str, type BrokerAddress } from './kafka-wire';

/**
 * Commits offsets for a group without joining it, as Java's Admin.alterConsumerGroupOffsets (and so
 * kafka-consumer-groups.sh --reset-offsets) does: OffsetCommit with generation -1 and no member id, which the group
 * coordinator accepts only while the group has no members. kafkajs's admin.setOffsets instead joins the group with a
 * throwaway consumer and waits for its first fetch cycle: seconds per reset, and much longer when an earlier member has
 * not left yet. FindCoordinator v0 and OffsetCommit v2 (the newest non-flexible versions without throttle fields to
 * skip). https://kafka.apache.org/protocol
 */
const FIND_COORDINATOR = 10;
const OFFSET_COMMIT = 8;

export const COORDINATOR_LOAD_IN_PROGRESS = 14;
export const COORDINATOR_NOT_AVAILABLE = 15;
export const NOT_COORDINATOR = 16;

export function encodeFindCoordinator(correlationId: number, groupId: string): Buffer {
  return frame(FIND_COORDINATOR, 0, correlationId, 'kafka-control-center', str(groupId));
}

export function decodeFindCoordinator(buf: Buffer): { errorCode: number; coordinator: BrokerAddress & { nodeId: number } } {
  const r = new Reader(buf);
  r.i32(); // correlation id
  const errorCode = r.i16();
  const nodeId = r.i32();
  const host = r.string() ?? '';
  const port = r.i32();
  return { errorCode, coordinator: { nodeId, host, port } };
}

export function encodeOffsetCommit(
  correlationId: number,
  groupId: string,
  topic: string,
  offsets: ReadonlyArray<{ partition: number; offset: number }>,
): Buffer {
  const body = Buffer.concat([
    str(groupId),
    i32(-1), // generation: none (not a member)
    str(''), // member id: none
    i64(-1n), // retention: the broker's offsets.retention.minutes
    array([topic], (t) => [str(t), array(offsets, (o) => [i32(o.partition), i64(BigInt(o.offset)), str('')])]),
  ]);
  return frame(OFFSET_COMMIT, 2, correlationId, 'kafka-control-center', body);
}

export function decodeOffsetCommit(buf: Buffer): Array<{ topic: string; partition: number; errorCode: number }> {
  const r = new Reader(buf);
  r.i32(); // correlation id
  const out: Array<{ topic: string; partition: number; errorCode: number }> = [];
  for (let t = r.i32(); t > 0; t--) {
    const topic = r.string() ?? '';
    for (let p = r.i32(); p > 0; p--) out.push({ topic, partition: r.i32(), errorCode: r.i16() });
  }
  return out;
}

/** Finds the group's coordinator through `any` broker, then commits there; returns each partition's error code (0: done). */
export async function commitOffsets(
  conn: KafkaConnection,
  any: BrokerAddress,
  groupId: string,
  topic: string,
  offsets: ReadonlyArray<{ partition: number; offset: number }>,
): Promise<Array<{ topic: string; partition: number; errorCode: number }>> {
  const found = decodeFindCoordinator(await exchange(conn, any, encodeFindCoordinator(1, groupId), 30_000));
  if (found.errorCode !== 0) return offsets.map((o) => ({ topic, partition: o.partition, errorCode: found.errorCode }));
  return decodeOffsetCommit(await exchange(conn, found.coordinator, encodeOffsetCommit(2, groupId, topic, offsets), 30_000));
}
