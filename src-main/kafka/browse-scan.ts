import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { matchesJsonPath, parseJsonPath } from '../common/json-path';
import type { newKafka } from './kafka-client';
import { containsMatcher, headerList, recordBytes, recordContains, renderBytes } from './record-view';
import type { BrowseResult } from './schemas';
import type { ScanJob } from './browse-protocol';

export type { ScanJob } from './browse-protocol';

/**
 * Reads a job's partitions from their start offsets to their stop offsets with a throwaway consumer group that never
 * commits (browsing leaves no trace in any real group's offsets), keeping the records that pass the filters, until
 * the limit, the byte budget, the end, `timeoutMs`, or `shouldStop`. Fetches are large (bounded by the byte budget,
 * at most 16 MiB a response) because a scan is bound by round trips and decoding.
 */
export async function scanPartitions(
  kafka: ReturnType<typeof newKafka>,
  job: ScanJob,
  timeoutMs: number,
  shouldStop: () => boolean = () => false,
): Promise<BrowseResult> {
  const consumer = kafka.consumer({
    groupId: `kcc-browse-${randomUUID()}`,
    maxBytes: Math.min(job.maxBytes, 16 * 1024 * 1024),
    maxBytesPerPartition: Math.min(job.maxBytes, 8 * 1024 * 1024),
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
  });
  const needle = job.contains !== undefined ? containsMatcher(job.contains) : undefined;
  const jsonPath = job.jsonPath !== undefined ? parseJsonPath(job.jsonPath) : undefined;
  const first = new Map(job.partitions.map((p) => [p.partition, p.start]));
  const last = new Map(job.partitions.map((p) => [p.partition, p.stop]));
  const others = job.allPartitions.filter((p) => !first.has(p));
  const collected: BrowseResult['messages'] = [];
  let scanned = 0;
  let bytes = 0;
  let stoppedBy: BrowseResult['stoppedBy'] = 'time';
  const done = new Set<number>();
  // The first offset not yet looked at, per partition: where a next page starts.
  const position = new Map(job.partitions.map((p) => [p.partition, p.start]));
  const keep = (partition: number, m: KafkaMessage): boolean => {
    if (jsonPath && !matchesJsonPath(m.value ? m.value.toString('utf8') : null, jsonPath, job.jsonEquals)) return false;
    if (needle !== undefined && !recordContains(m, needle)) return false;
    bytes += recordBytes(m);
    collected.push({
      partition,
      offset: m.offset,
      timestamp: new Date(Number(m.timestamp)).toISOString(),
      key: renderBytes(m.key),
      value: renderBytes(m.value),
      headers: headerList(m),
    });
    return true;
  };
  await consumer.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = (why: BrowseResult['stoppedBy']) => {
        finished = true;
        stoppedBy = why;
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      };
      const timer = setTimeout(() => finish('time'), timeoutMs);
      const poll = setInterval(() => {
        if (shouldStop()) finish('limit');
      }, 50);
      // A batch the client cannot decode (a codec it lacks, a corrupt record) crashes the consumer inside its fetch
      // loop; kafkajs then restarts it and fails the same way again, so without this the scan waits out its time
      // limit and shows nothing. The crash's error names the cause.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearInterval(poll);
        reject(payload.error);
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (others.length > 0) consumer.pause([{ topic: job.topic, partitions: [...others] }]);
        for (const [partition, offset] of first) consumer.seek({ topic: job.topic, partition, offset: String(offset) });
      });
      consumer
        .subscribe({ topics: [job.topic], fromBeginning: true })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const end = last.get(batch.partition);
              const from = first.get(batch.partition);
              if (finished || end === undefined || from === undefined || done.has(batch.partition)) return;
              for (const m of batch.messages) {
                // Offsets as numbers: a partition would need 2^53 records to leave the safe range.
                const off = Number(m.offset);
                if (off < from) continue;
                if (off >= end) break;
                scanned++;
                position.set(batch.partition, off + 1);
                if (off + 1 >= end) done.add(batch.partition);
                if (!keep(batch.partition, m)) continue;
                if (collected.length >= job.limit) return finish('limit');
                if (bytes >= job.maxBytes) return finish('bytes');
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
  const next = job.partitions
    .filter((p) => (position.get(p.partition) ?? p.start) < p.stop)
    .map((p) => ({ partition: p.partition, offset: position.get(p.partition) ?? p.start }));
  return { messages: collected, scanned, stoppedBy, next };
}
