import { type Admin } from 'kafkajs';
import { fail } from '../common/errors';
import { newKafka, type KafkaConnection } from './kafka-client';
import { scanPartitions, type ScanJob } from './browse-scan';
import { scanInWorkers } from './browse-workers';
import { type BrowseRequest, type BrowseResult, type ProduceRequest } from './schemas';

export { containsMatcher, recordBytes, recordContains, renderBytes } from './record-view';

/**
 * Scans of at least this many records run on two threads (the environment variable lets tests take that path small).
 * Reading records in place, one thread scans 1,000,000 records in about 1 s on a 2-core machine that also runs the
 * brokers; two threads took 0.8–0.9 s once started, but their first scan 4 s (each thread loads its clients) and
 * 300 MiB against 66 MiB. Only scans of millions of records are worth that.
 */
const parallelScanRecords = (): number => Number(process.env.KCC_PARALLEL_SCAN_RECORDS ?? 5_000_000);
const SCAN_THREADS = 2;

/**
 * A bounded read of a topic: positioned per partition, stopped at the limit, the byte budget, the end offsets seen
 * at the start, or after `timeoutMs` (see scanPartitions).
 */
export async function browseMessages(conn: KafkaConnection, admin: Admin, req: BrowseRequest, timeoutMs = 15_000): Promise<BrowseResult> {
  const ends = await admin.fetchTopicOffsets(req.topic);
  if (ends.length === 0) fail('not_found', `No topic "${req.topic}".`);
  const partitions = ends.filter((e) => req.partition === undefined || e.partition === req.partition);
  if (partitions.length === 0) fail('not_found', `Topic ${req.topic} has no partition ${req.partition}.`, { field: 'partition' });

  const start = new Map<number, bigint>();
  const stop = new Map<number, bigint>();
  const byTime =
    typeof req.from === 'object' && 'timestamp' in req.from ? await admin.fetchTopicOffsetsByTimestamp(req.topic, req.from.timestamp) : [];
  for (const p of partitions) {
    const low = BigInt(p.low);
    const high = BigInt(p.high);
    let s = low;
    if (typeof req.from === 'object' && 'latest' in req.from)
      s = high - BigInt(req.from.latest) > low ? high - BigInt(req.from.latest) : low;
    else if (typeof req.from === 'object' && 'offset' in req.from) s = BigInt(req.from.offset) < low ? low : BigInt(req.from.offset);
    else if (typeof req.from === 'object' && 'positions' in req.from) {
      const at = req.from.positions.find((x) => x.partition === p.partition);
      s = at === undefined ? high : BigInt(at.offset) < low ? low : BigInt(at.offset);
    } else if (typeof req.from === 'object' && 'timestamp' in req.from) {
      const t = byTime.find((x) => x.partition === p.partition);
      s = t && BigInt(t.offset) >= 0n ? BigInt(t.offset) : high;
    }
    if (s < high) {
      start.set(p.partition, s);
      stop.set(p.partition, high);
    }
  }
  if (start.size === 0) return { messages: [], scanned: 0, stoppedBy: 'end', next: [] };

  const job: ScanJob = {
    topic: req.topic,
    partitions: [...start].map(([partition, s]) => ({ partition, start: Number(s), stop: Number(stop.get(partition) ?? s) })),
    allPartitions: ends.map((e) => e.partition),
    contains: req.contains,
    jsonPath: req.jsonPath,
    jsonEquals: req.jsonEquals,
    limit: req.limit,
    maxBytes: req.maxBytes,
  };
  const records = job.partitions.reduce((n, p) => n + (p.stop - p.start), 0);
  // A very long scan is bound by decoding records, one core's work: two threads read half the partitions each.
  const result =
    records >= parallelScanRecords() && job.partitions.length >= 2
      ? await scanInWorkers(conn, job, timeoutMs, SCAN_THREADS)
      : await scanPartitions(conn, job, timeoutMs);
  result.messages.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  return result;
}

/** One message, acks=all; the partition is the explicit one or Kafka's key hash. */
export async function produceMessage(conn: KafkaConnection, req: ProduceRequest): Promise<{ partition: number; offset: string }> {
  const kafka = newKafka(conn, 'kcc-produce');
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // No prototype: a header named "constructor" or "__proto__" must be a header like any other.
    const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const h of req.headers) (headers[h.key] ??= []).push(h.value);
    const [meta] = await producer.send({
      topic: req.topic,
      acks: -1,
      messages: [{ key: req.key, value: req.value, headers, ...(req.partition !== undefined ? { partition: req.partition } : {}) }],
    });
    if (!meta) fail('internal', 'Kafka did not acknowledge the message.');
    return { partition: meta.partition, offset: meta.baseOffset ?? meta.offset ?? '' };
  } finally {
    await producer.disconnect();
  }
}
