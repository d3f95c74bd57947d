import type { KafkaConnection } from './kafka-client';
import { array, exchange, frame, i32, i8, Reader, str, type BrokerAddress } from './kafka-wire';

/**
 * Preferred leader election through Kafka's ElectLeaders request (API key 43, KIP-183/KIP-460), what
 * `kafka-leader-election.sh --election-type PREFERRED` sends. kafkajs has no call for it. Version 1, the newest before
 * the flexible (tagged-field) encoding, which every broker since 2.4 accepts. In ZooKeeper mode only the controller
 * acts on it; others answer NOT_CONTROLLER. https://kafka.apache.org/protocol#The_Messages_ElectLeaders
 */
const API_KEY = 43;
const API_VERSION = 1;
const PREFERRED = 0;

export const NONE = 0;
export const NOT_CONTROLLER = 41;
/** The preferred replica already leads: nothing to do (reported as such, not as a failure). */
export const ELECTION_NOT_NEEDED = 84;

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ElectionResponse {
  errorCode: number;
  results: Array<{ topic: string; partition: number; errorCode: number; errorMessage: string | null }>;
}

/** The framed request. `null` targets: every partition of the cluster. */
export function encodeElectLeaders(correlationId: number, clientId: string, targets: TopicPartitions[] | null, timeoutMs: number): Buffer {
  const topics = targets === null ? i32(-1) : array(targets, (t) => [str(t.topic), array(t.partitions, (p) => [i32(p)])]);
  return frame(API_KEY, API_VERSION, correlationId, clientId, Buffer.concat([i8(PREFERRED), topics, i32(timeoutMs)]));
}

/** Reads a response (after the size prefix): header v0, then the v1 body. Throws on a truncated buffer. */
export function decodeElectLeaders(buf: Buffer): { correlationId: number; response: ElectionResponse } {
  const r = new Reader(buf);
  const correlationId = r.i32();
  r.i32(); // throttle_time_ms
  const errorCode = r.i16();
  const results: ElectionResponse['results'] = [];
  for (let t = r.i32(); t > 0; t--) {
    const topic = r.string() ?? '';
    for (let p = r.i32(); p > 0; p--) {
      const partition = r.i32();
      const code = r.i16();
      results.push({ topic, partition, errorCode: code, errorMessage: r.string() });
    }
  }
  return { correlationId, response: { errorCode, results } };
}

/** Sends one ElectLeaders request to a broker and waits for the answer (the broker may take up to timeoutMs). */
export async function sendElectLeaders(
  conn: KafkaConnection,
  broker: BrokerAddress,
  targets: TopicPartitions[] | null,
  timeoutMs: number,
): Promise<ElectionResponse> {
  const answer = await exchange(conn, broker, encodeElectLeaders(1, 'kafka-control-center', targets, timeoutMs), timeoutMs + 5_000);
  const decoded = decodeElectLeaders(answer);
  if (decoded.correlationId !== 1) throw new Error('the broker answered another request');
  return decoded.response;
}
