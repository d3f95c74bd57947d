import kafkajs, { type Admin } from 'kafkajs';
import { z } from 'zod';
import { AppFailure, fail } from '../common/errors';
import { sendCancelReassignments, type TopicPartitionList } from './cancel-reassignments';
import { incrementalAlterConfigs, RESOURCE_BROKER, RESOURCE_TOPIC, type ConfigResource } from './config-alter';
import type { KafkaConnection } from './kafka-client';
import { planReassignment } from './reassignment-plan';
import type { OngoingReassignment, PartitionMove, ReassignmentPlan, ReassignmentRequest } from './schemas';

const { ConfigResourceTypes } = kafkajs;

/** What a long operation offers the reassignment: steps, lines, n of m, and whether the user asked to stop. */
export interface ReassignmentProgress {
  step(name: string): void;
  line(text: string): void;
  plan(total: number): void;
  done(count: number, current?: string): void;
  readonly cancelRequested: boolean;
}

/** Raised once a cancelled reassignment is rolled back and its throttle removed. */
export class ReassignmentCancelled extends AppFailure {
  constructor(message: string) {
    super({ code: 'conflict', message });
  }
}

const THROTTLE_RATES = ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'];
const THROTTLED_REPLICAS = ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const label = (p: { topic: string; partition: number }) => `${p.topic}-${p.partition}`;

/** A balanced plan for the live brokers (`include`, default all) minus `exclude`, over `topics` (default all but internal ones). */
export async function proposeReassignment(
  admin: Admin,
  req: ReassignmentRequest,
  hostOfBroker: ReadonlyMap<number, string>,
): Promise<ReassignmentPlan> {
  const cluster = await admin.describeCluster();
  const live = cluster.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  for (const [field, ids] of [
    ['include', req.include ?? []],
    ['exclude', req.exclude ?? []],
  ] as const) {
    const unknown = ids.filter((id) => !live.includes(id));
    if (unknown.length > 0)
      fail('invalid_input', `No live broker ${unknown.join(', ')}: the live brokers are ${live.join(', ')}.`, {
        field,
        hint: 'A broker that is down cannot take replicas; start it first, or leave it out.',
      });
  }
  const include = new Set(req.include ?? live);
  const excluded = new Set(live.filter((id) => !include.has(id) || (req.exclude ?? []).includes(id)));
  if (excluded.size === live.length)
    fail('invalid_input', 'Every broker is excluded: the replicas need somewhere to go.', { field: 'exclude' });
  const topics = req.topics ?? (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  const meta = topics.length > 0 ? await admin.fetchTopicMetadata({ topics }) : { topics: [] };
  const partitions = meta.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, replicas: p.replicas })),
  );
  return planReassignment(
    partitions,
    live.map((id) => ({ id, host: hostOfBroker.get(id) })),
    excluded,
  );
}

/**
 * What kafkajs 2.2.4 hands back from ListPartitionReassignments. Its type declarations say `topic` and
 * `partitionIndex`; its decoder fills `name` and `partition`. Both are read, whichever a version uses.
 */
const listedSchema = z.object({
  topics: z.array(
    z.object({
      name: z.string().optional(),
      topic: z.string().optional(),
      partitions: z.array(
        z.object({
          partition: z.number().int().optional(),
          partitionIndex: z.number().int().optional(),
          replicas: z.array(z.number().int()),
          addingReplicas: z.array(z.number().int()).nullish(),
          removingReplicas: z.array(z.number().int()).nullish(),
        }),
      ),
    }),
  ),
});

/** Reassignments in flight, the app's or anyone's (kafka-reassign-partitions, another tool). */
export async function listReassignments(admin: Admin, topics?: readonly string[]): Promise<OngoingReassignment[]> {
  const filter = topics ? await topicPartitions(admin, topics) : undefined;
  const raw: unknown = await admin.listPartitionReassignments(filter ? { topics: filter, timeout: 10_000 } : { timeout: 10_000 });
  const parsed = listedSchema.safeParse(raw);
  if (!parsed.success) fail('internal', `Kafka's list of reassignments came back in an unexpected shape: ${parsed.error.message}`);
  return parsed.data.topics
    .flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name ?? t.topic ?? '',
        partition: p.partition ?? p.partitionIndex ?? -1,
        replicas: p.replicas,
        adding: p.addingReplicas ?? [],
        removing: p.removingReplicas ?? [],
      })),
    )
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

async function topicPartitions(admin: Admin, topics: readonly string[]) {
  const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
  return meta.topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partitionId) }));
}

async function currentReplicas(admin: Admin, topics: readonly string[]): Promise<Map<string, number[]>> {
  const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
  return new Map(meta.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionId}`, p.replicas] as const)));
}

async function brokerAddress(admin: Admin, id: number | 'controller') {
  const cluster = await admin.describeCluster();
  const nodeId = id === 'controller' ? cluster.controller : id;
  const b = cluster.brokers.find((x) => x.nodeId === nodeId);
  if (!b) fail('kafka_unreachable', id === 'controller' ? 'No broker is controller right now.' : `Broker ${id} is not live.`);
  return b;
}

async function alterConfigs(conn: KafkaConnection, admin: Admin, changes: ConfigResource[]): Promise<void> {
  for (const c of changes) {
    // A broker's own configs go to that broker; topic configs to the controller (any broker would do).
    const target = await brokerAddress(admin, c.type === RESOURCE_BROKER ? Number(c.name) : 'controller');
    const results = await incrementalAlterConfigs(conn, target, [c], false);
    const bad = results.find((r) => r.errorCode !== 0);
    if (bad)
      fail(
        'remote_command_failed',
        `Kafka refused the config change of ${c.type === RESOURCE_BROKER ? 'broker' : 'topic'} ${c.name}: ${bad.errorMessage ?? `error ${bad.errorCode}`}`,
      );
  }
}

/** The brokers (before and after) and topics a set of moves touches, in order. */
function involved(moves: readonly PartitionMove[]): { brokers: number[]; topics: string[] } {
  return {
    brokers: [...new Set(moves.flatMap((m) => [...m.current, ...m.proposed]))].sort((a, b) => a - b),
    topics: [...new Set(moves.map((m) => m.topic))].sort(),
  };
}

/** The throttle Kafka's own tool sets: a rate on every broker involved, and which replicas it applies to per topic. */
export function throttleChanges(moves: readonly PartitionMove[], bytesPerSec: number): ConfigResource[] {
  const { brokers, topics } = involved(moves);
  return [
    ...brokers.map((b): ConfigResource => ({
      type: RESOURCE_BROKER,
      name: String(b),
      ops: THROTTLE_RATES.map((name) => ({ name, value: String(bytesPerSec) })),
    })),
    ...topics.map((t): ConfigResource => {
      const mine = moves.filter((m) => m.topic === t);
      // Leaders send from the replicas the partition has now; followers throttle on the replicas being added.
      const leader = mine.flatMap((m) => m.current.map((b) => `${m.partition}:${b}`));
      const follower = mine.flatMap((m) => m.proposed.filter((b) => !m.current.includes(b)).map((b) => `${m.partition}:${b}`));
      return {
        type: RESOURCE_TOPIC,
        name: t,
        ops: [
          { name: 'leader.replication.throttled.replicas', value: leader.join(',') },
          ...(follower.length ? [{ name: 'follower.replication.throttled.replicas', value: follower.join(',') }] : []),
        ],
      };
    }),
  ];
}

function unthrottleChanges(moves: readonly PartitionMove[]): ConfigResource[] {
  const { brokers, topics } = involved(moves);
  return [
    ...brokers.map((b): ConfigResource => ({
      type: RESOURCE_BROKER,
      name: String(b),
      ops: THROTTLE_RATES.map((name) => ({ name, value: null })),
    })),
    ...topics.map((t): ConfigResource => ({
      type: RESOURCE_TOPIC,
      name: t,
      ops: THROTTLED_REPLICAS.map((name) => ({ name, value: null })),
    })),
  ];
}

/**
 * Brokers apply a dynamic config when ZooKeeper tells them of the change, a moment after it is written: moves started
 * before that replicate unthrottled, and a small reassignment can finish in that moment. Each broker answers
 * DescribeConfigs from what it applies, so this waits (up to 10 s) until every involved broker names the rate.
 */
async function throttleInForce(admin: Admin, brokers: readonly number[], bytesPerSec: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  let pending = [...brokers];
  while (pending.length > 0 && Date.now() < deadline) {
    const described = await admin
      .describeConfigs({
        resources: pending.map((b) => ({ type: ConfigResourceTypes.BROKER, name: String(b), configNames: [...THROTTLE_RATES] })),
        includeSynonyms: false,
      })
      .catch(() => undefined);
    const applied = new Set(
      (described?.resources ?? [])
        .filter((r) => THROTTLE_RATES.every((n) => r.configEntries.find((e) => e.configName === n)?.configValue === String(bytesPerSec)))
        .map((r) => Number(r.resourceName)),
    );
    pending = pending.filter((b) => !applied.has(b));
    if (pending.length > 0) await sleep(200);
  }
  return pending.length === 0;
}

/**
 * Runs a plan as kafka-reassign-partitions --execute then --verify would: checks it still matches the cluster, sets
 * the throttle, starts the moves, follows them partition by partition, verifies the result and removes the
 * throttle. A cancel rolls the moves in flight back to their replicas before (the controller's own cancel), and
 * removes the throttle too.
 */
export async function executeReassignment(
  conn: KafkaConnection,
  admin: Admin,
  input: { moves: readonly PartitionMove[]; throttleBytesPerSec?: number | undefined },
  progress: ReassignmentProgress,
): Promise<{ moved: number }> {
  const { moves } = input;
  const topics = [...new Set(moves.map((m) => m.topic))].sort();
  progress.step('check the plan against the cluster');
  const now = await currentReplicas(admin, topics);
  const changed = moves.filter((m) => (now.get(label(m)) ?? []).join(',') !== m.current.join(','));
  if (changed.length > 0)
    fail(
      'conflict',
      `The cluster changed since the plan: ${changed.slice(0, 5).map(label).join(', ')}${changed.length > 5 ? ', …' : ''} no longer have the replicas it started from.`,
      {
        hint: 'Propose a new plan.',
      },
    );
  const busy = (await listReassignments(admin, topics)).filter((o) => moves.some((m) => label(m) === label(o)));
  if (busy.length > 0)
    fail('conflict', `${busy.map(label).join(', ')} ${busy.length === 1 ? 'is' : 'are'} already being reassigned.`, {
      hint: 'Wait for that reassignment, or cancel it.',
    });
  progress.line(`${moves.length} partition(s) of ${topics.length} topic(s)`);

  const throttled = input.throttleBytesPerSec !== undefined;
  if (input.throttleBytesPerSec !== undefined) {
    progress.step('set the replication throttle');
    await alterConfigs(conn, admin, throttleChanges(moves, input.throttleBytesPerSec));
    const { brokers } = involved(moves);
    const confirmed = await throttleInForce(admin, brokers, input.throttleBytesPerSec);
    progress.line(
      `${input.throttleBytesPerSec} bytes/s per broker on ${brokers.length} broker(s)${confirmed ? '' : ' (not every broker confirmed it within 10 s)'}`,
    );
  }
  const removeThrottle = async () => {
    if (!throttled) return;
    progress.step('remove the replication throttle');
    await alterConfigs(conn, admin, unthrottleChanges(moves));
    progress.line('throttle removed');
  };

  try {
    progress.step('start the moves');
    await admin.alterPartitionReassignments({
      topics: topics.map((t) => ({
        topic: t,
        partitionAssignment: moves.filter((m) => m.topic === t).map((m) => ({ partition: m.partition, replicas: m.proposed })),
      })),
      timeout: 30_000,
    });

    progress.step('wait for the moves');
    progress.plan(moves.length);
    const finished = new Set<string>();
    while (finished.size < moves.length) {
      if (progress.cancelRequested) {
        await cancelInFlight(
          conn,
          admin,
          moves.filter((m) => !finished.has(label(m))),
          progress,
        );
        throw new ReassignmentCancelled(
          `Reassignment cancelled: ${finished.size} of ${moves.length} partition(s) had moved and stay moved; the others are back on their replicas.`,
        );
      }
      const ongoing = new Map((await listReassignments(admin, topics)).map((o) => [label(o), o]));
      const replicas = await currentReplicas(admin, topics);
      for (const m of moves) {
        const key = label(m);
        if (finished.has(key) || ongoing.has(key)) continue;
        if ((replicas.get(key) ?? []).join(',') === m.proposed.join(',')) {
          finished.add(key);
          progress.line(`${key}: on ${m.proposed.join(',')}`);
        }
      }
      const next = [...ongoing.values()].find((o) => moves.some((m) => label(m) === label(o)));
      progress.done(finished.size, next ? `${label(next)} adding ${next.adding.join(',') || '–'}` : undefined);
      if (finished.size < moves.length) await sleep(1_000);
    }

    progress.step('verify');
    const after = await currentReplicas(admin, topics);
    const wrong = moves.filter((m) => (after.get(label(m)) ?? []).join(',') !== m.proposed.join(','));
    if (wrong.length > 0)
      fail('remote_command_failed', `After the moves, ${wrong.map(label).join(', ')} are not on their planned replicas.`);
    progress.line(`all ${moves.length} partition(s) on their planned replicas`);
  } catch (err) {
    // Whatever happened, the throttle must not outlive the reassignment: it would slow every later catch-up.
    await removeThrottle().catch((e: unknown) =>
      progress.line(`could not remove the throttle: ${e instanceof Error ? e.message : String(e)}`),
    );
    throw err;
  }
  await removeThrottle();
  return { moved: moves.length };
}

/** Asks the controller to cancel the moves still in flight, and waits until none is left. */
async function cancelInFlight(
  conn: KafkaConnection,
  admin: Admin,
  pending: readonly PartitionMove[],
  progress: ReassignmentProgress,
): Promise<void> {
  progress.step('cancel the moves in flight');
  const topics = [...new Set(pending.map((m) => m.topic))];
  const ongoing = (await listReassignments(admin, topics)).filter((o) => pending.some((m) => label(m) === label(o)));
  if (ongoing.length === 0) return;
  await cancelReassignments(conn, admin, ongoing);
  for (let i = 0; i < 60; i++) {
    const left = (await listReassignments(admin, topics)).filter((o) => pending.some((m) => label(m) === label(o)));
    if (left.length === 0) break;
    await sleep(1_000);
  }
  progress.line(`${ongoing.length} partition(s) rolled back: ${ongoing.map(label).join(', ')}`);
}

/** Cancels the given reassignments in flight (the controller reverts each to its replicas before the move). */
export async function cancelReassignments(
  conn: KafkaConnection,
  admin: Admin,
  partitions: ReadonlyArray<{ topic: string; partition: number }>,
): Promise<{ cancelled: number }> {
  const byTopic = new Map<string, number[]>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const targets: TopicPartitionList[] = [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps }));
  const controller = await brokerAddress(admin, 'controller');
  const result = await sendCancelReassignments(conn, controller, targets);
  if (result.errorCode !== 0)
    throw new AppFailure({
      code: 'remote_command_failed',
      message: `Kafka refused the cancel: ${result.errorMessage ?? `error ${result.errorCode}`}`,
    });
  // NO_REASSIGNMENT_IN_PROGRESS is fine: the move finished meanwhile.
  const failed = result.partitions.filter((p) => p.errorCode !== 0 && p.errorCode !== NO_REASSIGNMENT_IN_PROGRESS);
  if (failed.length > 0)
    fail(
      'remote_command_failed',
      `Kafka could not cancel ${failed.map((p) => `${p.topic}-${p.partition} (${p.errorMessage ?? p.errorCode})`).join(', ')}.`,
    );
  return { cancelled: result.partitions.length - failed.length };
}

/** Kafka's NO_REASSIGNMENT_IN_PROGRESS: the partition's move ended before the cancel reached it. */
const NO_REASSIGNMENT_IN_PROGRESS = 85;
