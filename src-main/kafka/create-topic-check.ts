import type { KafkaConnection } from './kafka-client';
import { array, exchange, frame, i16, i32, i8, nullableStr, Reader, str, type BrokerAddress } from './kafka-wire';

/**
 * CreateTopics with validate_only: the controller checks the name, counts and configs without creating anything, and
 * says what it refuses in its own words. kafkajs drops those words (it keeps only the error code), and a message such
 * as "Invalid value abc for configuration retention.ms: Not a number of type LONG" is what tells a person which field
 * to fix. v2 is the newest non-flexible version. https://kafka.apache.org/protocol
 */
const CREATE_TOPICS = 19;

export interface TopicCheck {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

export function encodeCreateTopicsCheck(correlationId: number, topic: TopicCheck, timeoutMs: number): Buffer {
  const body = Buffer.concat([
    array([topic], (t) => [
      str(t.name),
      i32(t.partitions),
      i16(t.replicationFactor),
      array([], () => []), // no manual assignment
      array(Object.entries(t.configs), ([k, v]) => [str(k), nullableStr(v)]),
    ]),
    i32(timeoutMs),
    i8(1), // validate only
  ]);
  return frame(CREATE_TOPICS, 2, correlationId, 'kafka-control-center', body);
}

export function decodeCreateTopicsCheck(buf: Buffer): { errorCode: number; errorMessage: string | null } {
  const r = new Reader(buf);
  r.i32(); // correlation id
  r.i32(); // throttle time
  if (r.i32() < 1) return { errorCode: 0, errorMessage: null };
  r.string(); // topic name
  const errorCode = r.i16();
  return { errorCode, errorMessage: r.string() };
}

/** Asks the controller (CreateTopics only goes there) whether it would create `topic`; nothing is created. */
export async function checkCreateTopic(
  conn: KafkaConnection,
  controller: BrokerAddress,
  topic: TopicCheck,
): Promise<{ errorCode: number; errorMessage: string | null }> {
  return decodeCreateTopicsCheck(await exchange(conn, controller, encodeCreateTopicsCheck(1, topic, 30_000), 40_000));
}
