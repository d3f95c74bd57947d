import { array, frame, i32, i64, Reader, str } from './kafka-wire';

/**
 * The three requests behind a topic's message count and size on disk, each sent once per broker rather than once
 * per topic, so 10,000 topics cost a handful of round trips: Metadata (all topics: leaders and broker addresses),
 * ListOffsets (earliest and latest of every partition a broker leads) and DescribeLogDirs (the size of every replica
 * in each of a broker's log directories; kafkajs has no call for it). Version 1 of each, the newest before the
 * flexible encoding, which every broker since 1.0 (DescribeLogDirs: 2.0) accepts. https://kafka.apache.org/protocol
 */
const METADATA = 3;
const LIST_OFFSETS = 2;
const DESCRIBE_LOG_DIRS = 35;
const VERSION = 1;

/** ListOffsets's special timestamps. */
export const LATEST = -1n;
export const EARLIEST = -2n;

export interface MetadataAnswer {
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  partitions: Array<{ topic: string; partition: number; leader: number; replicas: number[]; errorCode: number }>;
}

/** Metadata v1 for every topic (a null topic array). */
export function encodeMetadata(correlationId: number, clientId: string): Buffer {
  return frame(METADATA, VERSION, correlationId, clientId, i32(-1));
}

export function decodeMetadata(buf: Buffer): { correlationId: number; answer: MetadataAnswer } {
  const r = new Reader(buf);
  const correlationId = r.i32();
  const answer: MetadataAnswer = { brokers: [], partitions: [] };
  for (let n = r.i32(); n > 0; n--) {
    const nodeId = r.i32();
    const host = r.string() ?? '';
    const port = r.i32();
    r.string(); // rack
    answer.brokers.push({ nodeId, host, port });
  }
  r.i32(); // controller_id
  for (let t = r.i32(); t > 0; t--) {
    r.i16(); // the topic's error code: its partitions carry their own
    const topic = r.string() ?? '';
    r.i8(); // is_internal
    for (let p = r.i32(); p > 0; p--) {
      const errorCode = r.i16();
      const partition = r.i32();
      const leader = r.i32();
      const replicas: number[] = [];
      for (let n = r.i32(); n > 0; n--) replicas.push(r.i32());
      for (let n = r.i32(); n > 0; n--) r.i32(); // isr
      answer.partitions.push({ topic, partition, leader, replicas, errorCode });
    }
  }
  return { correlationId, answer };
}

export interface TopicPartitionList {
  topic: string;
  partitions: number[];
}

/** ListOffsets v1 as a consumer asks (replica id -1), one timestamp for every partition listed. */
export function encodeListOffsets(correlationId: number, clientId: string, targets: TopicPartitionList[], timestamp: bigint): Buffer {
  const topics = array(targets, (t) => [str(t.topic), array(t.partitions, (p) => [i32(p), i64(timestamp)])]);
  return frame(LIST_OFFSETS, VERSION, correlationId, clientId, Buffer.concat([i32(-1), topics]));
}

export type ListOffsetsAnswer = Array<{ topic: string; partition: number; errorCode: number; offset: bigint }>;

export function decodeListOffsets(buf: Buffer): { correlationId: number; answer: ListOffsetsAnswer } {
  const r = new Reader(buf);
  const correlationId = r.i32();
  const answer: ListOffsetsAnswer = [];
  for (let t = r.i32(); t > 0; t--) {
    const topic = r.string() ?? '';
    for (let p = r.i32(); p > 0; p--) {
      const partition = r.i32();
      const errorCode = r.i16();
      r.i64(); // timestamp
      answer.push({ topic, partition, errorCode, offset: r.i64() });
    }
  }
  return { correlationId, answer };
}

/** DescribeLogDirs v1 for every replica the broker holds (a null topic array). */
export function encodeDescribeLogDirs(correlationId: number, clientId: string): Buffer {
  return frame(DESCRIBE_LOG_DIRS, VERSION, correlationId, clientId, i32(-1));
}

export type LogDirsAnswer = Array<{
  dir: string;
  errorCode: number;
  replicas: Array<{ topic: string; partition: number; size: bigint; future: boolean }>;
}>;

export function decodeDescribeLogDirs(buf: Buffer): { correlationId: number; answer: LogDirsAnswer } {
  const r = new Reader(buf);
  const correlationId = r.i32();
  r.i32(); // throttle_time_ms
  const answer: LogDirsAnswer = [];
  for (let d = r.i32(); d > 0; d--) {
    const errorCode = r.i16();
    const dir = r.string() ?? '';
    const replicas: LogDirsAnswer[number]['replicas'] = [];
    for (let t = r.i32(); t > 0; t--) {
      const topic = r.string() ?? '';
      for (let p = r.i32(); p > 0; p--) {
        const partition = r.i32();
        const size = r.i64();
        r.i64(); // offset_lag
        replicas.push({ topic, partition, size, future: r.i8() !== 0 });
      }
    }
    answer.push({ dir, errorCode, replicas });
  }
  return { correlationId, answer };
}
