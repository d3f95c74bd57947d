import { crc32 } from 'node:zlib';
import kafkajs, { type Kafka, type Message } from 'kafkajs';
import { AckedSet } from './acked-set';
import { LatencyRecorder } from './latency-recorder';
import { RateLimiter } from './rate-limiter';
import { RecordSource } from './record-source';
import { RunClock, sleep } from './run-clock';
import { nominalValueBytes, type ProducerSpec, type WorkloadSample, type WorkloadSummary } from './schemas';

const { CompressionTypes } = kafkajs;

export interface RunHooks {
  onSample(sample: WorkloadSample): void;
  /** True once the user asked to stop. */
  stopRequested(): boolean;
}

export const SEQ_HEADER = 'kcc-seq';
export const RUN_HEADER = 'kcc-run';

/** Unthrottled, this many sends are in flight at once: kafkajs itself sends whatever it is handed at once, it never batches. */
const MAX_IN_FLIGHT = 6;

/**
 * A producer load run. Records are handed to kafkajs in batches of about
 * `batchBytes`, one partition per send(), with up to MAX_IN_FLIGHT sends
 * outstanding; a batch's latency is from its records' creation to the
 * broker's acknowledgement. A failed send counts its records as errors and
 * the run goes on: a broker dying mid-run is what such a run is for.
 *
 * Why one partition per send(): kafkajs keeps the brokers that already
 * answered across the retries of one send(); when a dead leader's partition
 * moves to one of those brokers, the retry skips it and send() resolves
 * without those records ever being written (kafkajs issue #1303, PR #1798).
 * The app's own fault test lost acknowledged records that way. With one
 * partition per send(), a retry always goes to that partition's new leader.
 */
export async function runProducer(
  kafka: Kafka,
  runId: string,
  spec: ProducerSpec,
  hooks: RunHooks,
): Promise<{ summary: WorkloadSummary; acked: AckedSet }> {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: spec.idempotent,
    maxInFlightRequests: spec.idempotent ? 1 : MAX_IN_FLIGHT,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  await producer.connect();
  const partitions = await partitionCount(kafka, spec.topic);
  const source = new RecordSource(spec);
  const acked = new AckedSet();
  const latency = new LatencyRecorder();
  const clock = new RunClock();
  const limiter = new RateLimiter(spec.throughput, clock.startedAt);
  const totals = { records: 0, bytes: 0, errors: 0, lastError: undefined as string | undefined };
  const batchCap = Math.max(1, Math.floor(spec.batchBytes / Math.max(1, nominalValueBytes(spec.value))));
  const deadline = spec.durationSec !== undefined ? clock.startedAt + spec.durationSec * 1000 : Infinity;
  const total = spec.records ?? Infinity;
  const acks = spec.acks === 'all' ? -1 : Number(spec.acks);
  const compression = spec.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  const inFlight = new Set<Promise<void>>();
  let seq = 0;
  let lastSendAt = clock.startedAt;
  let sticky = -1;

  const report = setInterval(() => hooks.onSample(clock.sample(totals, latency.takeInterval())), 1000);
  try {
    while (seq < total && !hooks.stopRequested()) {
      const now = Date.now();
      if (now >= deadline) break;
      let n = limiter.allowance(seq, now, Math.min(batchCap, total - seq));
      // With linger, a throttled run waits to fill a batch, as the Java client's linger.ms does.
      if (n > 0 && n < batchCap && spec.lingerMs > 0 && now - lastSendAt < spec.lingerMs && seq + n < total) n = 0;
      if (n === 0) {
        await sleep(Math.max(1, Math.min(limiter.waitMs(seq, now), spec.lingerMs || 1000, deadline - now)));
        continue;
      }
      if (inFlight.size >= MAX_IN_FLIGHT) {
        await Promise.race(inFlight);
        continue;
      }
      // Unkeyed records stick to one partition per batch (as the Java client's sticky partitioner); keyed ones follow their key.
      sticky = (sticky + 1) % partitions;
      const perPartition = new Map<number, Array<{ seq: number; message: Message }>>();
      for (let i = 0; i < n; i++) {
        const r = source.record(seq, now);
        const partition = r.key ? crc32(r.key) % partitions : sticky;
        const message: Message = {
          partition,
          key: r.key,
          value: r.value,
          ...(spec.stamp ? { headers: { [SEQ_HEADER]: String(seq), [RUN_HEADER]: runId } } : {}),
        };
        const group = perPartition.get(partition) ?? [];
        group.push({ seq, message });
        perPartition.set(partition, group);
        seq++;
      }
      lastSendAt = now;
      for (const group of perPartition.values()) {
        const send = producer.send({ topic: spec.topic, acks, compression, messages: group.map((g) => g.message) }).then(
          () => {
            latency.record(Date.now() - now, group.length);
            totals.records += group.length;
            for (const { seq: s, message } of group) {
              const v = message.value as Buffer;
              totals.bytes += v.length + (message.key ? (message.key as Buffer).length : 0);
              acked.add(s, v);
            }
          },
          (err: unknown) => {
            totals.errors += group.length;
            totals.lastError = err instanceof Error ? err.message : String(err);
          },
        );
        const tracked: Promise<void> = send.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(report);
    await producer.disconnect().catch(() => undefined);
  }
  hooks.onSample(clock.sample(totals, latency.takeInterval()));
  const summary = clock.summary('sent', totals, latency.overall());
  return { summary: { ...summary, acked: acked.count, ackedChecksum: acked.checksumHex }, acked };
}

async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    return Math.max(1, meta.topics[0]?.partitions.length ?? 1);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
