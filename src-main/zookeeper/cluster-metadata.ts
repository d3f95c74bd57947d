import { AppFailure } from '../common/errors';
import type { ZkSession } from './zk-session';
import {
  brokerRegistrationSchema,
  controllerSchema,
  partitionStateSchema,
  topicAssignmentSchema,
  type BrokerRegistration,
  type PartitionState,
} from './znode-schemas';

async function parsed<T>(
  zk: ZkSession,
  path: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): Promise<T> {
  const value = await zk.getJson(path);
  const r = schema.safeParse(value);
  if (!r.success) throw new AppFailure({ code: 'internal', message: `Unexpected content in znode ${path}` });
  return r.data;
}

export async function readBrokerIds(zk: ZkSession): Promise<number[]> {
  return (await zk.getChildrenOrEmpty('/brokers/ids')).map(Number).sort((a, b) => a - b);
}

export async function readBroker(zk: ZkSession, id: number): Promise<BrokerRegistration> {
  return parsed(zk, `/brokers/ids/${id}`, brokerRegistrationSchema);
}

export async function readControllerId(zk: ZkSession): Promise<number | undefined> {
  try {
    return (await parsed(zk, '/controller', controllerSchema)).brokerid;
  } catch (err) {
    if (err instanceof AppFailure && err.error.code === 'not_found') return undefined;
    throw err;
  }
}

export interface PartitionHealth {
  topic: string;
  partition: number;
  replicas: number[];
  state?: PartitionState;
}

/** Every partition with its replica assignment and current leader/ISR, read with bounded concurrency. */
export async function readPartitions(zk: ZkSession, concurrency = 16): Promise<PartitionHealth[]> {
  const topics = await zk.getChildrenOrEmpty('/brokers/topics');
  const out: PartitionHealth[] = [];
  const jobs: Array<() => Promise<void>> = topics.map((topic) => async () => {
    const assignment = await parsed(zk, `/brokers/topics/${topic}`, topicAssignmentSchema);
    for (const [p, replicas] of Object.entries(assignment.partitions)) {
      let state: PartitionState | undefined;
      try {
        state = await parsed(zk, `/brokers/topics/${topic}/partitions/${p}/state`, partitionStateSchema);
      } catch (err) {
        if (!(err instanceof AppFailure && err.error.code === 'not_found')) throw err;
      }
      out.push({ topic, partition: Number(p), replicas, ...(state ? { state } : {}) });
    }
  });
  await runBounded(jobs, concurrency);
  return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export function isUnderReplicated(p: PartitionHealth): boolean {
  return !p.state || p.state.isr.length < p.replicas.length;
}

export function isOffline(p: PartitionHealth): boolean {
  return !p.state || p.state.leader < 0;
}

export async function runBounded(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, jobs.length) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (job) await job();
    }
  });
  await Promise.all(workers);
}
