import { randomUUID } from 'node:crypto';
import { Consumer, ListOffsetTimestamps, type Broker } from '@platformatic/kafka';
import type { ScanJob } from './browse-protocol';
import { BatchDecompressError, walkBrowsedBatches, type BrowsedRecord } from './browse-records';
import { ScanTally } from './browse-tally';
import type { KafkaConnection } from './kafka-client';
import { refuseMissingBrokers } from './load-client/platformatic-calls';
import { bootstrapOf } from './load-client/platformatic-producer';
import { RawFetch, type FetchedPartition, type FetchPosition } from './load-client/raw-fetch';
import { RecordFormatError } from './load-client/record-walk';
import { tunnelContext } from './load-client/tunnel-hook';
import type { BrowseResult } from './schemas';

/**
 * Large fetches: a scan is bound by round trips and decoding, and the records are read in place (a fetch response is
 * held only while it is walked), so memory stays at a few fetches whatever the scan's length. Committed records only,
 * as kafkajs's consumer (the browse's client before) and librdkafka read by default: an aborted transaction's records
 * were never meant to be read.
 */
const FETCH_LIMITS = { maxWaitMs: 100, maxBytes: 16 * 1024 * 1024, partitionMaxBytes: 4 * 1024 * 1024, readCommitted: true };

// Kafka error codes after which the partition is read from its leader of the moment, looked up again, as the Java
// consumer does (a leader moving, a replica or log directory failing in a rolling restart).
const UNKNOWN_SERVER_ERROR = -1;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;
const NOT_LEADER_OR_FOLLOWER = 6;
const REPLICA_NOT_AVAILABLE = 9;
const KAFKA_STORAGE_ERROR = 56;
const FENCED_LEADER_EPOCH = 74;
const UNKNOWN_LEADER_EPOCH = 75;
const OFFSET_NOT_AVAILABLE = 78;
const RETRIED = new Set([
  UNKNOWN_SERVER_ERROR,
  UNKNOWN_TOPIC_OR_PARTITION,
  LEADER_NOT_AVAILABLE,
  NOT_LEADER_OR_FOLLOWER,
  REPLICA_NOT_AVAILABLE,
  KAFKA_STORAGE_ERROR,
  FENCED_LEADER_EPOCH,
  UNKNOWN_LEADER_EPOCH,
  OFFSET_NOT_AVAILABLE,
]);
const OFFSET_OUT_OF_RANGE = 1;
const RETRY_BACKOFF_MS = 250;

/** No broker answered the scan's fetches until its time ran out: the message says what the last attempt met. */
export class BrokersUnreachableError extends Error {
  override readonly name = 'BrokersUnreachableError';
}

/** A partition the brokers refused to read for a reason a retry does not change. */
class FetchRefusedError extends Error {}

/** A fetch that needs the partitions' leaders looked up again (leadership moved, or the leader went away). */
class StaleLeadersError extends Error {}

/** The scan's time ran out while it waited on a broker. */
class DeadlineError extends Error {}

/**
 * Reads a job's partitions with Fetch requests of its own (one in flight per leader, as the Java consumer does) and
 * walks the record batches in place, so only the records a scan looks at in detail (those its filters test) are
 * decoded, not turned into objects first. No consumer group is joined: browsing leaves no trace in any group.
 *
 * Returns 'unreadable' when this way cannot read the topic (brokers older than Kafka 2.7, batches in a message format
 * from before Kafka 0.11); the caller then reads it with kafkajs.
 */
export async function scanWithFetch(
  conn: KafkaConnection,
  job: ScanJob,
  timeoutMs: number,
  shouldStop: () => boolean,
): Promise<BrowseResult | 'unreadable'> {
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: 'kcc-browse',
    groupId: `kcc-browse-${randomUUID()}`,
    bootstrapBrokers: bootstrapOf(conn),
    autocreateTopics: false,
    connectTimeout: 5_000,
    timeout: 30_000,
    retries: 0,
    ...(conn.localPort ? { context: tunnelContext(conn.localPort) } : {}),
  });
  refuseMissingBrokers(consumer);
  const fetcher = new RawFetch(consumer, FETCH_LIMITS);
  const tally = new ScanTally(job);
  const deadline = Date.now() + timeoutMs;
  let stoppedBy: BrowseResult['stoppedBy'] | undefined;
  /** Partitions read up to an open transaction. */
  const waiting = new Set<number>();
  const toFetch = (partition: number) => tally.at(partition) < tally.stopOf(partition) && !waiting.has(partition);
  const toRead = () => job.partitions.filter((p) => toFetch(p.partition));
  let failing: Error | undefined;

  const within = <T>(work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError('no answer before the time limit')), Math.max(0, deadline - Date.now()));
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };

  const take = async (part: FetchedPartition, position: FetchPosition): Promise<void> => {
    const stop = tally.stopOf(part.partition);
    if (part.errorCode === OFFSET_OUT_OF_RANGE) {
      // Retention or a deletion removed records since the scan began (the error's own log start offset is -1): it goes
      // on from the first record the log still has.
      const earliest = await within(earliestOffset(consumer, job.topic, part.partition));
      if (earliest > position.offset) tally.passed(part.partition, Math.min(earliest, stop));
      else throw new FetchRefusedError(`Offset ${position.offset} of partition ${part.partition} is out of range.`);
      return;
    }
    if (RETRIED.has(part.errorCode)) throw new StaleLeadersError(`partition ${part.partition}: Kafka error code ${part.errorCode}`);
    if (part.errorCode !== 0)
      throw new FetchRefusedError(`Kafka refused to read partition ${part.partition} of ${job.topic} (error code ${part.errorCode}).`);
    if (part.records.length > 0) {
      const visit = (r: BrowsedRecord): boolean => {
        // Another leader's loop may have ended the scan while this one was decompressing.
        if (stoppedBy !== undefined) return false;
        const why = tally.look(part.partition, r.offset, r.timestamp, r);
        if (why) stoppedBy = why;
        return why === undefined;
      };
      const walked = await walkBrowsedBatches(part.records, position.offset, stop, visit, part.abortedTransactions);
      tally.passed(part.partition, walked.nextOffset);
    }
    // Past the last stable offset are records of a transaction still open, which no fetch returns until it ends: the
    // partition is read as far as it can be now, and `next` says where it continues.
    const at = tally.at(part.partition);
    if (part.lastStableOffset >= 0 && at >= part.lastStableOffset && at < stop) waiting.add(part.partition);
  };

  /** One loop per leader; `round.live` turns false when a loop fails, and the others end at their next fetch. */
  const fetchLoop = async (round: { live: boolean }, broker: Broker, partitions: number[]): Promise<void> => {
    let fetches = 0;
    for (;;) {
      if (stoppedBy !== undefined || !round.live) return;
      const open = partitions.filter(toFetch);
      if (open.length === 0) return;
      // Each fetch starts at the next partition: a broker returns a batch larger than the limits whole only for the
      // first partition with data, and the response's byte limit fills from the front.
      const turn = fetches++ % open.length;
      const positions = [...open.slice(turn), ...open.slice(0, turn)].map((partition) => ({
        topic: job.topic,
        partition,
        offset: tally.at(partition),
      }));
      const parts = await within(fetcher.fetch(broker, positions));
      if (!round.live) return;
      failing = undefined;
      for (const part of parts) {
        const position = positions.find((p) => p.partition === part.partition);
        if (position && stoppedBy === undefined) await take(part, position);
      }
      if (shouldStop()) stoppedBy = 'limit';
    }
  };

  try {
    let readable: boolean;
    try {
      readable = await within(fetcher.supported());
    } catch (err) {
      throw new BrokersUnreachableError(err instanceof Error ? err.message : String(err));
    }
    if (!readable) return 'unreadable';
    while (stoppedBy === undefined && toRead().length > 0) {
      if (shouldStop()) stoppedBy = 'limit';
      else if (Date.now() >= deadline) stoppedBy = 'time';
      else {
        try {
          const byLeader = await within(leaders(consumer, job.topic, toRead()));
          const round = { live: true };
          const loops = [...byLeader].map(([broker, partitions]) =>
            fetchLoop(round, broker, partitions).catch((err: unknown) => {
              round.live = false;
              throw err;
            }),
          );
          const failed = (await Promise.allSettled(loops)).find((r) => r.status === 'rejected');
          if (failed) throw failed.reason;
        } catch (err) {
          if (err instanceof RecordFormatError) return 'unreadable';
          if (err instanceof DeadlineError) {
            stoppedBy = 'time';
            break;
          }
          if (err instanceof FetchRefusedError || err instanceof BatchDecompressError) throw err;
          // A leader that moved or went away: its partitions are read from the new one once the metadata says which.
          failing = err instanceof Error ? err : new Error(String(err));
          await new Promise((r) => setTimeout(r, Math.min(RETRY_BACKOFF_MS, Math.max(0, deadline - Date.now()))));
        }
      }
    }
  } finally {
    // Forced: a fetch still in flight (a leader that stopped answering) must not hold the scan's answer back.
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
  }
  // The time ran out and nothing could be read because no broker answered: that is the error, not an empty page. A
  // page with records comes back as it is: its `next` says where the partitions not read to the end continue.
  if (stoppedBy === 'time' && failing && !(failing instanceof StaleLeadersError) && tally.scannedNone())
    throw new BrokersUnreachableError(`cannot read ${job.topic}: ${failing.message}`);
  return tally.result(stoppedBy ?? 'end');
}

/** The partition's first offset, as its leader says now. */
async function earliestOffset(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, topic: string, partition: number): Promise<number> {
  const offsets = await consumer.listOffsets({
    topics: [topic],
    partitions: { [topic]: [partition] },
    timestamp: ListOffsetTimestamps.EARLIEST,
  });
  return Number(offsets.get(topic)?.[partition] ?? -1);
}

/** The leader of each partition, from fresh metadata. */
async function leaders(
  consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
  topic: string,
  partitions: ScanJob['partitions'],
): Promise<Map<Broker, number[]>> {
  const meta = await consumer.metadata({ topics: [topic], forceUpdate: true });
  const out = new Map<Broker, number[]>();
  for (const { partition } of partitions) {
    const leader = meta.topics.get(topic)?.partitions[partition]?.leader;
    const broker = leader !== undefined ? meta.brokers.get(leader) : undefined;
    if (!broker) throw new StaleLeadersError(`partition ${partition} of ${topic} has no leader`);
    const list = out.get(broker);
    if (list) list.push(partition);
    else out.set(broker, [partition]);
  }
  return out;
}
