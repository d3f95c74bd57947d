import { randomUUID } from 'node:crypto';
import { type Admin, type KafkaMessage } from 'kafkajs';
import { fail } from '../common/errors';

import { newKafka, type KafkaConnection } from './kafka-client';
import { matchesJsonPath, parseJsonPath } from '../common/json-path';
import { isText, textOf } from '../common/text-bytes';
import { type Rendered, type BrowseRequest, type BrowseResult, type ProduceRequest } from './schemas';

const SHOW = 64 * 1024;

/** Text, pretty JSON, or hex for binary; null stays null (a tombstone value, a keyless record). */
export function renderBytes(b: Buffer | null | undefined): Rendered {
  if (b === null || b === undefined) return { text: null, encoding: 'null', size: 0, truncated: false };
  const shown = b.subarray(0, SHOW);
  const truncated = b.length > SHOW;
  if (!isText(shown)) return { text: shown.toString('hex'), encoding: 'hex', size: b.length, truncated };
  const text = shown.toString('utf8');
  if (!truncated && /^\s*[[{]/.test(text)) {
    try {
      return { text: JSON.stringify(JSON.parse(text), null, 2), encoding: 'json', size: b.length, truncated };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { text, encoding: 'utf8', size: b.length, truncated };
}

/** What a record costs the browse budget: key, value, and every header key and value (a record can be mostly headers). */
export function recordBytes(m: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): number {
  let n = (m.value?.length ?? 0) + (m.key?.length ?? 0);
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v])
      n += Buffer.byteLength(k) + (one === undefined ? 0 : Buffer.isBuffer(one) ? one.length : Buffer.byteLength(String(one)));
  }
  return n;
}

function headerList(m: KafkaMessage): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v])
      out.push({ key: k, value: one === undefined ? '' : Buffer.isBuffer(one) ? one.toString('utf8') : String(one) });
  }
  return out;
}

/** The text a search looks in: text as it was sent (JSON unformatted), binary as the hex the UI shows. */
function searchable(b: Buffer | null | undefined): string {
  if (b === null || b === undefined) return '';
  const shown = b.length > SHOW ? b.subarray(0, SHOW) : b;
  return textOf(shown) ?? shown.toString('hex');
}

/** A case-insensitive search for `needle`, compiled once per scan: testing a regular expression allocates nothing. */
export function containsMatcher(needle: string): RegExp {
  return new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/**
 * Case-insensitive substring of the key, the value or a header (`key=value`). Runs for every scanned record, so it
 * renders nothing: only records that match are rendered for the UI.
 */
export function recordContains(m: Pick<KafkaMessage, 'key' | 'value' | 'headers'>, needle: RegExp): boolean {
  if (needle.test(searchable(m.value))) return true;
  if (m.key && needle.test(searchable(m.key))) return true;
  const headers = m.headers;
  if (headers)
    for (const k in headers) {
      const v = headers[k];
      for (const one of Array.isArray(v) ? v : [v]) {
        const value = one === undefined ? '' : Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
        if (needle.test(`${k}=${value}`)) return true;
      }
    }
  return false;
}

/**
 * A bounded read of a topic: a throwaway consumer group that never commits,
 * positioned per partition, stopped at the limit, the byte budget, the end
 * offsets seen at the start, or after `timeoutMs`.
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
    else if (typeof req.from === 'object' && 'timestamp' in req.from) {
      const t = byTime.find((x) => x.partition === p.partition);
      s = t && BigInt(t.offset) >= 0n ? BigInt(t.offset) : high;
    }
    if (s < high) {
      start.set(p.partition, s);
      stop.set(p.partition, high);
    }
  }
  if (start.size === 0) return { messages: [], scanned: 0, stoppedBy: 'end' };

  const kafka = newKafka(conn, 'kcc-browse');
  // A group of its own, never committed: browsing leaves no trace in any real group's offsets. Fetches are large
  // (bounded by the request's byte budget, at most 16 MiB a response) because a scan is bound by round trips.
  const consumer = kafka.consumer({
    groupId: `kcc-browse-${randomUUID()}`,
    maxBytes: Math.min(req.maxBytes, 16 * 1024 * 1024),
    maxBytesPerPartition: Math.min(req.maxBytes, 8 * 1024 * 1024),
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
  });
  const needle = req.contains !== undefined ? containsMatcher(req.contains) : undefined;
  const jsonPath = req.jsonPath !== undefined ? parseJsonPath(req.jsonPath) : undefined;
  // Offsets as numbers: a partition would need 2^53 records to leave the safe range, and BigInt per record is slow.
  const first = new Map([...start].map(([p, o]) => [p, Number(o)]));
  const last = new Map([...stop].map(([p, o]) => [p, Number(o)]));
  const collected: BrowseResult['messages'] = [];
  let scanned = 0;
  let bytes = 0;
  let stoppedBy: BrowseResult['stoppedBy'] = 'time';
  const done = new Set<number>();
  await consumer.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      let finished = false;
      const finish = (why: BrowseResult['stoppedBy']) => {
        finished = true;
        stoppedBy = why;
        clearTimeout(timer);
        resolve();
      };
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [partition, offset] of start) consumer.seek({ topic: req.topic, partition, offset: offset.toString() });
      });
      consumer
        .subscribe({ topics: [req.topic], fromBeginning: true })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const end = last.get(batch.partition);
              const from = first.get(batch.partition);
              if (finished || end === undefined || from === undefined || done.has(batch.partition)) return;
              for (const m of batch.messages) {
                const off = Number(m.offset);
                if (off < from) continue;
                if (off >= end) break;
                scanned++;
                if (off + 1 >= end) done.add(batch.partition);
                if (jsonPath && !matchesJsonPath(m.value ? m.value.toString('utf8') : null, jsonPath, req.jsonEquals)) continue;
                if (needle !== undefined && !recordContains(m, needle)) continue;
                bytes += recordBytes(m);
                collected.push({
                  partition: batch.partition,
                  offset: m.offset,
                  timestamp: new Date(Number(m.timestamp)).toISOString(),
                  key: renderBytes(m.key),
                  value: renderBytes(m.value),
                  headers: headerList(m),
                });
                if (collected.length >= req.limit) return finish('limit');
                if (bytes >= req.maxBytes) return finish('bytes');
              }
              if (done.size === last.size) finish('end');
            },
          }),
        )
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  collected.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  return { messages: collected, scanned, stoppedBy };
}

/** One message, acks=all; the partition is the explicit one or Kafka's key hash. */
export async function produceMessage(conn: KafkaConnection, req: ProduceRequest): Promise<{ partition: number; offset: string }> {
  const kafka = newKafka(conn, 'kcc-produce');
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const headers: Record<string, string[]> = {};
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
