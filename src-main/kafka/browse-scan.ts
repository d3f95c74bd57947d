import { randomUUID } from 'node:crypto';
import { ScanTally } from './browse-tally';
import { newKafka, type KafkaConnection } from './kafka-client';
import { headersOf } from './record-view';
import type { BrowseResult } from './schemas';
import type { ScanJob } from './browse-protocol';

export type { ScanJob } from './browse-protocol';

/**
 * Reads a job's partitions from their start offsets to their stop offsets, keeping the records that pass the filters,
 * until the limit, the byte budget, the end, `timeoutMs`, or `shouldStop`. Its own Fetch requests read the records
 * in place; topics that way cannot read (brokers before Kafka 2.7, batches written before Kafka 0.11) are read with
 * kafkajs instead, in the time left.
 */
export async function scanPartitions(
  conn: KafkaConnection,
  job: ScanJob,
  timeoutMs: number,
  shouldStop: () => boolean = () => false,
): Promise<BrowseResult> {
  const began = Date.now();
  // Loaded on the first browse: @platformatic/kafka takes 0.5–0.7 s to load, which every kcc call and the app's start
  // would pay otherwise.
  const { scanWithFetch } = await import('./browse-fetch-scan');
  const fetched = await scanWithFetch(conn, job, timeoutMs, shouldStop);
  if (fetched !== 'unreadable') return fetched;
  return scanWithKafkajs(newKafka(conn, 'kcc-browse'), job, Math.max(1_000, timeoutMs - (Date.now() - began)), shouldStop);
}

/**
 * The scan with a kafkajs consumer in a throwaway group that never commits (browsing leaves no trace in any real
 * group's offsets). Fetches are large (bounded by the byte budget, at most 16 MiB a response) because a scan is bound
 * by round trips and decoding.
 */
async function scanWithKafkajs(
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
  const tally = new ScanTally(job);
  const first = new Map(job.partitions.map((p) => [p.partition, p.start]));
  const last = new Map(job.partitions.map((p) => [p.partition, p.stop]));
  const others = job.allPartitions.filter((p) => !first.has(p));
  let stoppedBy: BrowseResult['stoppedBy'] = 'time';
  const done = new Set<number>();
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
                if (off + 1 >= end) done.add(batch.partition);
                const why = tally.look(batch.partition, off, Number(m.timestamp), { key: m.key, value: m.value, headers: headersOf(m) });
                if (why) return finish(why);
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
  return tally.result(stoppedBy);
}
