import type { KafkaConnection } from './kafka-client';
import { exchange, type BrokerAddress } from './kafka-wire';
import type { TopicStorage } from './schemas';
import {
  decodeDescribeLogDirs,
  decodeListOffsets,
  decodeMetadata,
  EARLIEST,
  encodeDescribeLogDirs,
  encodeListOffsets,
  encodeMetadata,
  LATEST,
  type ListOffsetsAnswer,
  type LogDirsAnswer,
  type MetadataAnswer,
  type TopicPartitionList,
} from './storage-wire';

const CLIENT_ID = 'kafka-control-center';
const TIMEOUT_MS = 15_000;
const errorNames: Readonly<Record<number, string>> = { 56: 'KAFKA_STORAGE_ERROR', 57: 'LOG_DIR_NOT_FOUND' };

async function ask<T>(
  conn: KafkaConnection,
  broker: BrokerAddress,
  request: Buffer,
  decode: (b: Buffer) => { correlationId: number; answer: T },
): Promise<T> {
  const decoded = decode(await exchange(conn, broker, request, TIMEOUT_MS));
  if (decoded.correlationId !== 1) throw new Error('the broker answered another request');
  return decoded.answer;
}

async function metadataFrom(conn: KafkaConnection, bootstrap: BrokerAddress[]): Promise<MetadataAnswer> {
  let last: unknown;
  for (const b of bootstrap) {
    try {
      return await ask(conn, b, encodeMetadata(1, CLIENT_ID), decodeMetadata);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('no broker to ask');
}

/** The partitions each broker leads, grouped by topic as ListOffsets wants them. */
export function byLeader(partitions: MetadataAnswer['partitions']): Map<number, TopicPartitionList[]> {
  const out = new Map<number, Map<string, number[]>>();
  for (const p of partitions) {
    if (p.leader < 0) continue;
    let topics = out.get(p.leader);
    if (!topics) out.set(p.leader, (topics = new Map()));
    const list = topics.get(p.topic) ?? [];
    list.push(p.partition);
    topics.set(p.topic, list);
  }
  return new Map([...out].map(([leader, topics]) => [leader, [...topics].map(([topic, ps]) => ({ topic, partitions: ps }))]));
}

interface BrokerAnswers {
  broker: number;
  earliest?: ListOffsetsAnswer;
  latest?: ListOffsetsAnswer;
  logDirs?: LogDirsAnswer;
  error?: string;
}

/** Joins the brokers' answers into per-topic figures; a topic with any part unanswered gets null, never a short sum. */
export function joinStorage(meta: MetadataAnswer, answers: BrokerAnswers[], readAt: Date): TopicStorage {
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const start = new Map<string, bigint>();
  const end = new Map<string, bigint>();
  for (const a of answers) {
    for (const o of a.earliest ?? []) if (o.errorCode === 0) start.set(key(o.topic, o.partition), o.offset);
    for (const o of a.latest ?? []) if (o.errorCode === 0) end.set(key(o.topic, o.partition), o.offset);
  }
  const bytes = new Map<string, number>();
  // Metadata lists live brokers only: a replica on a stopped broker is as unanswered as one on a broker that failed.
  const answered = new Set(answers.filter((a) => a.logDirs).map((a) => a.broker));
  const logDirs: TopicStorage['logDirs'] = [];
  for (const a of answers) {
    for (const d of a.logDirs ?? []) {
      let dirBytes = 0;
      // A "future" replica is a copy being moved between directories: counted where it is now, not twice.
      const current = d.replicas.filter((r) => !r.future);
      for (const r of current) {
        const size = Number(r.size);
        dirBytes += size;
        bytes.set(r.topic, (bytes.get(r.topic) ?? 0) + size);
      }
      logDirs.push({
        broker: a.broker,
        dir: d.dir,
        bytes: dirBytes,
        replicas: current.length,
        ...(d.errorCode !== 0 ? { error: errorNames[d.errorCode] ?? `error ${d.errorCode}` } : {}),
      });
    }
  }
  const topics = new Map<string, { messages: bigint | null; sized: boolean }>();
  for (const p of meta.partitions) {
    const t = topics.get(p.topic) ?? { messages: 0n, sized: true };
    if (!p.replicas.every((r) => answered.has(r))) t.sized = false;
    const s = start.get(key(p.topic, p.partition));
    const e = end.get(key(p.topic, p.partition));
    t.messages = t.messages === null || s === undefined || e === undefined ? null : t.messages + (e - s);
    topics.set(p.topic, t);
  }
  return {
    topics: [...topics]
      .map(([topic, t]) => ({
        topic,
        messages: t.messages === null ? null : Number(t.messages),
        // A topic with a replica on a silent broker has an unknown size, not a smaller one.
        bytes: t.sized ? (bytes.get(topic) ?? 0) : null,
      }))
      .sort((a, b) => a.topic.localeCompare(b.topic)),
    logDirs: logDirs.sort((a, b) => a.broker - b.broker || a.dir.localeCompare(b.dir)),
    unreachable: answers.filter((a) => a.error).map((a) => ({ broker: a.broker, message: a.error ?? '' })),
    readAt: readAt.toISOString(),
  };
}

/**
 * Every topic's message count and size on disk, and every broker's log directories: one Metadata request, then per
 * broker two ListOffsets (for the partitions it leads) and one DescribeLogDirs, all brokers at once.
 */
export async function readTopicStorage(conn: KafkaConnection, bootstrap: BrokerAddress[]): Promise<TopicStorage> {
  const meta = await metadataFrom(conn, bootstrap);
  const leaders = byLeader(meta.partitions);
  const answers = await Promise.all(
    meta.brokers.map(async (b): Promise<BrokerAnswers> => {
      const led = leaders.get(b.nodeId) ?? [];
      try {
        const [earliest, latest, logDirs] = await Promise.all([
          led.length ? ask(conn, b, encodeListOffsets(1, CLIENT_ID, led, EARLIEST), decodeListOffsets) : [],
          led.length ? ask(conn, b, encodeListOffsets(1, CLIENT_ID, led, LATEST), decodeListOffsets) : [],
          ask(conn, b, encodeDescribeLogDirs(1, CLIENT_ID), decodeDescribeLogDirs),
        ]);
        return { broker: b.nodeId, earliest, latest, logDirs };
      } catch (err) {
        return { broker: b.nodeId, error: `${b.host}:${b.port}: ${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
  return joinStorage(meta, answers, new Date());
}
