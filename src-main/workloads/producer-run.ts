import { crc32 } from 'node:zlib';
import { openLoadProducer, type KafkaConnection, type LoadBatch, type LoadProducer } from '../kafka/load-client';
import { AckedSet } from './acked-set';
import { LatencyRecorder } from './latency-recorder';
import { RateLimiter } from './rate-limiter';
import { RecordSource } from './record-source';
import { RunClock, sleep } from './run-clock';
import { nominalValueBytes, type ProducerSpec, type WorkloadSample, type WorkloadSummary } from './schemas';

export interface RunHooks {
  onSample(sample: WorkloadSample): void;
  /** True once the user asked to stop. */
  stopRequested(): boolean;
}

export const SEQ_HEADER = 'kcc-seq';
export const RUN_HEADER = 'kcc-run';

/** Records filling one partition's batch, in the order they were made. */
interface OpenBatch {
  partition: number;
  load: LoadBatch;
  seqs: number[];
  /** Keys and values, as the run's figures count them. */
  bytes: number;
  /** On the wire, headers and record framing included, against batch.size. */
  size: number;
  openedAt: number;
}

/**
 * A producer load run, batching as the Java client does: records collect per
 * partition until `batch.size` bytes or `linger.ms`, unkeyed records stick to
 * one partition until its batch is full (the sticky partitioner), and up to
 * `max.in.flight.requests.per.connection` batches are outstanding per broker
 * (one per partition when idempotent, since the client numbers a partition's
 * batches only as they are acknowledged). A batch's latency runs from its
 * first record to the broker's acknowledgement. A failed batch counts its
 * records as errors and the run goes on: a broker dying mid-run is what such a
 * run is for.
 */
export async function runProducer(
  conn: KafkaConnection,
  runId: string,
  spec: ProducerSpec,
  hooks: RunHooks,
  openProducer: typeof openLoadProducer = openLoadProducer,
): Promise<{ summary: WorkloadSummary; acked: AckedSet }> {
  const producer: LoadProducer = await openProducer(conn, spec.topic, {
    clientId: `kcc-workload-${runId}`,
    acks: spec.acks === 'all' ? -1 : spec.acks === '1' ? 1 : 0,
    compression: spec.compression,
    idempotent: spec.idempotent,
    maxInFlightPerConnection: spec.maxInFlight,
    batchBytes: spec.batchBytes,
  });
  const partitions = producer.partitions;
  const perPartitionCap = spec.idempotent ? 1 : spec.maxInFlight;
  const totalCap = spec.maxInFlight * producer.leaders;
  const source = new RecordSource(spec);
  const nominal = nominalValueBytes(spec.value);
  // A record's framing (lengths, deltas, attributes), plus the sequence and run headers of a stamped run.
  const overhead = 12 + (spec.stamp ? SEQ_HEADER.length + RUN_HEADER.length + runId.length + 16 : 0);
  const acked = new AckedSet();
  const latency = new LatencyRecorder();
  const clock = new RunClock();
  const limiter = new RateLimiter(spec.throughput, clock.startedAt);
  const totals = { records: 0, bytes: 0, errors: 0, lastError: undefined as string | undefined };
  const deadline = spec.durationSec !== undefined ? clock.startedAt + spec.durationSec * 1000 : Infinity;
  const total = spec.records ?? Infinity;
  const open = new Map<number, OpenBatch>();
  const inFlight = new Set<Promise<void>>();
  const partitionInFlight = new Map<number, Set<Promise<void>>>();
  let seq = 0;
  let sticky = Math.floor(Math.random() * partitions);

  const ship = async (batch: OpenBatch): Promise<void> => {
    open.delete(batch.partition);
    const mine = partitionInFlight.get(batch.partition) ?? new Set<Promise<void>>();
    partitionInFlight.set(batch.partition, mine);
    while (mine.size >= perPartitionCap || inFlight.size >= totalCap) await Promise.race(mine.size >= perPartitionCap ? mine : inFlight);
    const send = producer.send(batch.load).then(
      () => {
        latency.record(Date.now() - batch.openedAt, batch.load.count);
        totals.records += batch.load.count;
        totals.bytes += batch.bytes;
        // Only stamped records can be found again to verify, so only their acknowledgements are kept.
        if (spec.stamp) for (let i = 0; i < batch.seqs.length; i++) acked.add(batch.seqs[i] ?? 0, batch.load.value(i));
      },
      (err: unknown) => {
        totals.errors += batch.load.count;
        totals.lastError = err instanceof Error ? describe(err) : String(err);
      },
    );
    const tracked: Promise<void> = send.finally(() => {
      inFlight.delete(tracked);
      mine.delete(tracked);
    });
    inFlight.add(tracked);
    mine.add(tracked);
  };
  const shipLingering = async (now: number, all: boolean): Promise<void> => {
    for (const batch of [...open.values()]) if (all || now - batch.openedAt >= spec.lingerMs) await ship(batch);
  };

  const report = setInterval(() => hooks.onSample(clock.sample(totals, latency.takeInterval())), 1000);
  try {
    while (seq < total && !hooks.stopRequested()) {
      const now = Date.now();
      if (now >= deadline) break;
      const want = Math.min(4096, total - seq);
      const n = limiter.allowance(seq, now, want);
      if (n === 0) {
        await shipLingering(now, false);
        const wait = open.size > 0 ? Math.min(spec.lingerMs || 1, limiter.waitMs(seq, now)) : limiter.waitMs(seq, now);
        await sleep(Math.max(1, Math.min(wait, 1000, deadline - now)));
        continue;
      }
      for (let i = 0; i < n; i++) {
        const r = source.record(seq, now);
        const partition = r.key ? crc32(r.key) % partitions : sticky;
        let batch = open.get(partition);
        if (!batch) {
          batch = { partition, load: producer.batch(partition), seqs: [], bytes: 0, size: 0, openedAt: now };
          open.set(partition, batch);
        }
        if (spec.stamp) {
          batch.load.add(r.key, r.value, { [SEQ_HEADER]: String(seq), [RUN_HEADER]: runId });
          batch.seqs.push(seq);
        } else batch.load.add(r.key, r.value);
        batch.bytes += r.value.length + (r.key ? r.key.length : 0);
        batch.size += r.value.length + (r.key ? r.key.length : 0) + overhead;
        seq++;
        // Shipped before the next record could take it over batch.size, as the Java client never exceeds it.
        if (batch.size + nominal + overhead > spec.batchBytes) {
          // A full batch goes at once; unkeyed records move on to the next partition, as the sticky partitioner does.
          await ship(batch);
          if (!r.key) sticky = (sticky + 1) % partitions;
        }
      }
      // Without linger, a partial batch goes as soon as the records at hand are placed. A run held back by its
      // throughput target ships what has lingered long enough; an unthrottled one keeps filling its open batches.
      if (spec.lingerMs === 0 || seq >= total) await shipLingering(Date.now(), true);
      else if (n < want) await shipLingering(Date.now(), false);
    }
    await shipLingering(Date.now(), true);
    await Promise.all(inFlight);
  } finally {
    clearInterval(report);
    await producer.close().catch(() => undefined);
  }
  hooks.onSample(clock.sample(totals, latency.takeInterval()));
  const summary = clock.summary('sent', totals, latency.overall());
  return { summary: spec.stamp ? { ...summary, acked: acked.count, ackedChecksum: acked.checksumHex } : summary, acked };
}

/** The client's errors name their cause one level down ("Producing messages failed." says little). */
function describe(err: Error): string {
  const nested = (err as Error & { errors?: unknown[] }).errors;
  const first = Array.isArray(nested) ? nested.find((e): e is Error => e instanceof Error) : undefined;
  const cause = err.cause instanceof Error ? err.cause : first;
  return cause && cause.message !== err.message ? `${err.message} ${describe(cause)}` : err.message;
}
