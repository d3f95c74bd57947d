import type { KafkaConnection } from './kafka-client';
import { compactArray, compactStr, exchange, frameFlexible, i32, noTags, Reader, type BrokerAddress } from './kafka-wire';

/**
 * Cancels partition reassignments in flight: AlterPartitionReassignments (API key 45, KIP-455) version 0 with null
 * replicas, which tells the controller to revert each partition to its replicas before the move, as
 * `kafka-reassign-partitions.sh --cancel` does. kafkajs can start reassignments but not send a null replica list.
 * The only version is flexible: compact encodings and header v2. https://kafka.apache.org/protocol#The_Messages_AlterPartitionReassignments
 */
const API_KEY = 45;
const API_VERSION = 0;

export interface TopicPartitionList {
  topic: string;
  partitions: number[];
}

export interface CancelResult {
  errorCode: number;
  errorMessage: string | null;
  partitions: Array<{ topic: string; partition: number; errorCode: number; errorMessage: string | null }>;
}

export function encodeCancelReassignments(correlationId: number, targets: readonly TopicPartitionList[], timeoutMs: number): Buffer {
  const topics = compactArray(targets, (t) => [
    compactStr(t.topic),
    compactArray(t.partitions, (p) => [i32(p), compactArray<number>(null, () => []), noTags()]),
    noTags(),
  ]);
  return frameFlexible(API_KEY, API_VERSION, correlationId, 'kafka-control-center', Buffer.concat([i32(timeoutMs), topics, noTags()]));
}

/** Response header v1 (correlation id, tags), then the v0 body. */
export function decodeCancelReassignments(buf: Buffer): { correlationId: number; result: CancelResult } {
  const r = new Reader(buf);
  const correlationId = r.i32();
  r.skipTags();
  r.i32(); // throttle_time_ms
  const errorCode = r.i16();
  const errorMessage = r.compactString();
  const partitions: CancelResult['partitions'] = [];
  for (let t = r.compactLength(); t > 0; t--) {
    const topic = r.compactString() ?? '';
    for (let p = r.compactLength(); p > 0; p--) {
      const partition = r.i32();
      const code = r.i16();
      const message = r.compactString();
      r.skipTags();
      partitions.push({ topic, partition, errorCode: code, errorMessage: message });
    }
    r.skipTags();
  }
  r.skipTags();
  return { correlationId, result: { errorCode, errorMessage, partitions } };
}

/** Sends the cancel to the controller (others answer NOT_CONTROLLER). */
export async function sendCancelReassignments(
  conn: KafkaConnection,
  controller: BrokerAddress,
  targets: readonly TopicPartitionList[],
  timeoutMs = 30_000,
): Promise<CancelResult> {
  const answer = await exchange(conn, controller, encodeCancelReassignments(1, targets, timeoutMs), timeoutMs + 5_000);
  const decoded = decodeCancelReassignments(answer);
  if (decoded.correlationId !== 1) throw new Error('the broker answered another request');
  return decoded.result;
}
