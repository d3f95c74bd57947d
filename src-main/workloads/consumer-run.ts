import type { Consumer, Kafka } from 'kafkajs';
import { LatencyRecorder } from './latency-recorder';
import { RunClock, sleep } from './run-clock';
import { SEQ_HEADER, type RunHooks } from './producer-run';
import type { ConsumerSpec, WorkloadSummary } from './schemas';

/**
 * A consumer load run: `members` consumers in one group (the user's, or an
 * ephemeral one deleted afterwards), counting records and bytes, and timing
 * records a producer run stamped from their create time to now.
 */
export async function runConsumer(kafka: Kafka, runId: string, spec: ConsumerSpec, hooks: RunHooks): Promise<{ summary: WorkloadSummary }> {
  const groupId = spec.groupId ?? `kcc-workload-${runId}`;
  const latency = new LatencyRecorder();
  const clock = new RunClock();
  const totals = { records: 0, bytes: 0, errors: 0, lastError: undefined as string | undefined };
  const assignments: Record<string, string[]> = {};
  const consumers: Consumer[] = [];
  const limit = spec.records ?? Infinity;
  const deadline = spec.durationSec !== undefined ? clock.startedAt + spec.durationSec * 1000 : Infinity;
  let lastRecordAt: number | undefined;

  const report = setInterval(
    () => hooks.onSample({ ...clock.sample(totals, latency.takeInterval()), assignments: { ...assignments } }),
    1000,
  );
  try {
    for (let m = 0; m < spec.members; m++) {
      const consumer = kafka.consumer({
        groupId,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 250,
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
      });
      const member = `member-${m + 1}`;
      // A member in a rebalance holds nothing until it joins again: showing its old partitions would double-count them.
      consumer.on(consumer.events.REBALANCING, () => {
        assignments[member] = [];
      });
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assignments[member] = Object.entries(e.payload.memberAssignment).flatMap(([topic, parts]) => parts.map((p) => `${topic}-${p}`));
      });
      consumer.on(consumer.events.CRASH, (e) => {
        totals.errors++;
        totals.lastError = e.payload.error.message;
      });
      await consumer.connect();
      await consumer.subscribe({ topics: spec.topics, fromBeginning: spec.from === 'earliest' });
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          const now = Date.now();
          for (const message of batch.messages) {
            if (totals.records >= limit) break;
            totals.records++;
            totals.bytes += (message.value?.length ?? 0) + (message.key?.length ?? 0);
            if (message.headers?.[SEQ_HEADER] !== undefined) latency.record(Math.max(0, now - Number(message.timestamp)));
          }
          lastRecordAt = now;
        },
      });
      consumers.push(consumer);
    }
    while (totals.records < limit && Date.now() < deadline && !hooks.stopRequested()) await sleep(50);
  } catch (err) {
    totals.errors++;
    totals.lastError = err instanceof Error ? err.message : String(err);
    throw err;
  } finally {
    clearInterval(report);
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    if (spec.groupId === undefined) {
      const admin = kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([groupId]))
        .catch(() => undefined)
        .finally(() => admin.disconnect().catch(() => undefined));
    }
  }
  hooks.onSample({ ...clock.sample(totals, latency.takeInterval()), assignments: { ...assignments } });
  // A count-bounded run ends with its last record, as ConsumerPerformance times it (group join included).
  const endedAt = spec.records !== undefined && lastRecordAt !== undefined ? lastRecordAt : Date.now();
  const summary = clock.summary('received', totals, latency.overall(), endedAt);
  return { summary };
}
