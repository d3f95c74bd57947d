import { deleteLoadGroup, joinLoadGroup, type KafkaConnection, type LoadGroupMember } from '../kafka/load-client';
import { LatencyRecorder } from './latency-recorder';
import { RunClock, sleep } from './run-clock';
import { SEQ_HEADER, type RunHooks } from './producer-run';
import type { ConsumerSpec, WorkloadSummary } from './schemas';

/**
 * A consumer load run: `members` consumers in one group (the user's, or an
 * ephemeral one deleted afterwards), counting records and bytes, and timing
 * records a producer run stamped from their create time to now.
 */
export async function runConsumer(
  conn: KafkaConnection,
  runId: string,
  spec: ConsumerSpec,
  hooks: RunHooks,
): Promise<{ summary: WorkloadSummary }> {
  const groupId = spec.groupId ?? `kcc-workload-${runId}`;
  const clientId = `kcc-workload-${runId}`;
  const latency = new LatencyRecorder();
  const clock = new RunClock();
  const totals = { records: 0, bytes: 0, errors: 0, lastError: undefined as string | undefined };
  const assignments: Record<string, string[]> = {};
  const members: LoadGroupMember[] = [];
  const limit = spec.records ?? Infinity;
  const deadline = spec.durationSec !== undefined ? clock.startedAt + spec.durationSec * 1000 : Infinity;
  let lastRecordAt: number | undefined;
  // Once the run ends its members leave, and each leave rebalances the ones still in the group: the run's report keeps
  // what the members held when it ended.
  let ending = false;

  const report = setInterval(
    () => hooks.onSample({ ...clock.sample(totals, latency.takeInterval()), assignments: { ...assignments } }),
    1000,
  );
  try {
    for (let m = 0; m < spec.members; m++) {
      const member = `member-${m + 1}`;
      const joined = await joinLoadGroup(
        conn,
        { clientId, groupId, topics: spec.topics, fromBeginning: spec.from === 'earliest', stampHeader: SEQ_HEADER },
        {
          onAssigned: (partitions) => {
            if (!ending) assignments[member] = partitions;
          },
          onCrash: (message) => {
            totals.errors++;
            totals.lastError = message;
          },
          onRecord: (bytes, stampedAt) => {
            if (totals.records >= limit) return;
            totals.records++;
            totals.bytes += bytes;
            if (stampedAt !== undefined) latency.record(Math.max(0, Date.now() - stampedAt));
          },
          onBatchEnd: () => {
            lastRecordAt = Date.now();
          },
        },
      );
      members.push(joined);
    }
    while (totals.records < limit && Date.now() < deadline && !hooks.stopRequested()) await sleep(50);
  } catch (err) {
    totals.errors++;
    totals.lastError = err instanceof Error ? err.message : String(err);
    throw err;
  } finally {
    clearInterval(report);
    ending = true;
    await Promise.all(members.map((c) => c.leave().catch(() => undefined)));
    if (spec.groupId === undefined) await deleteLoadGroup(conn, clientId, groupId).catch(() => undefined);
  }
  hooks.onSample({ ...clock.sample(totals, latency.takeInterval()), assignments: { ...assignments } });
  // A count-bounded run ends with its last record, as ConsumerPerformance times it (group join included).
  const endedAt = spec.records !== undefined && lastRecordAt !== undefined ? lastRecordAt : Date.now();
  const summary = clock.summary('received', totals, latency.overall(), endedAt);
  return { summary };
}
