import { fail } from '../common/errors';
import type { Profile, Service } from '../profile/schemas';
import { isUnderReplicated, readControllerId, readPartitions } from '../zookeeper/cluster-metadata';
import { ZkSession } from '../zookeeper/zk-session';
import type { OperationContext } from './operations';
import type { ServiceControl } from './service-control';

/** Dependency order: what must be up before the next kind can start. */
const startRank: Record<Service['kind'], number> = {
  zookeeper: 0,
  // The data lake is up before any agent writes into it, and goes down after them.
  'hdfs-namenode': 0,
  'kafka-broker': 1,
  'connect-worker': 2,
  streamsets: 2,
  // Agents read from and write to Kafka and HDFS.
  'flume-agent': 3,
};

export function startOrder(services: ReadonlyArray<Service>): Service[] {
  return [...services].sort((a, b) => startRank[a.kind] - startRank[b.kind] || brokerIdOf(a) - brokerIdOf(b));
}

export function stopOrder(services: ReadonlyArray<Service>): Service[] {
  return startOrder(services).reverse();
}

function brokerIdOf(s: Service): number {
  return s.kind === 'kafka-broker' ? s.brokerId : 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whole-cluster actions built from single-service ones. */
export class Orchestrator {
  constructor(
    private readonly control: ServiceControl,
    private readonly profile: () => Promise<Profile>,
    /** The ZooKeeper connect string as reachable from here. */
    private readonly zookeeper: () => Promise<string>,
    /** Preferred leader election over every partition; what it could not move, in Kafka's words. */
    private readonly electPreferredLeaders?: () => Promise<{ elected: number; failed: string[] }>,
  ) {}

  async startAll(op: OperationContext): Promise<void> {
    const ordered = startOrder((await this.profile()).services);
    // The ensemble first, all members launched before any is awaited: a lone member has no quorum and never serves.
    const ensemble = ordered.filter((s) => s.kind === 'zookeeper');
    const rest = ordered.filter((x) => x.kind !== 'zookeeper');
    op.plan((ensemble.length > 0 ? 1 : 0) + rest.length);
    if (ensemble.length > 0) {
      op.begin(`ZooKeeper ensemble (${ensemble.map((s) => s.id).join(', ')})`);
      for (const s of ensemble) await this.control.launch(s.id, op);
      for (const s of ensemble) await this.control.ready(s.id, op);
    }
    for (const s of rest) {
      op.begin(s.id);
      await this.control.start(s.id, op);
    }
  }

  async stopAll(op: OperationContext): Promise<void> {
    const ordered = stopOrder((await this.profile()).services);
    op.plan(ordered.length);
    for (const s of ordered) {
      op.begin(s.id);
      await this.control.stop(s.id, op);
    }
  }

  async controllerId(): Promise<number | undefined> {
    const zk = await ZkSession.connect(await this.zookeeper());
    try {
      return await readControllerId(zk);
    } finally {
      zk.close();
    }
  }

  async underReplicated(): Promise<number> {
    const zk = await ZkSession.connect(await this.zookeeper());
    try {
      return (await readPartitions(zk)).filter(isUnderReplicated).length;
    } finally {
      zk.close();
    }
  }

  private async waitFullyReplicated(profile: Profile, op: OperationContext, timeoutMs: number): Promise<void> {
    op.step('wait for zero under-replicated partitions');
    const deadline = Date.now() + timeoutMs;
    let urp = await this.underReplicated();
    while (urp > 0) {
      if (Date.now() > deadline) {
        fail(
          'timeout',
          `${urp} partition(s) are still under-replicated after ${Math.round(timeoutMs / 1000)} s; the rolling restart stopped here.`,
          {
            hint: 'Check the restarted broker’s log; continuing would risk availability.',
          },
        );
      }
      op.line(`${urp} under-replicated partition(s)`);
      await sleep(1_000);
      urp = await this.underReplicated();
    }
    op.line('all partitions fully replicated');
  }

  /**
   * One broker at a time, each only once every partition is back to full ISR. The controller goes last: each
   * restart of it moves the controller, and doing it once, at the end, spares the cluster repeated elections. Ends
   * with a preferred leader election, since leadership drifted to the brokers that stayed up.
   */
  async rollingRestart(op: OperationContext, timeoutMs = 180_000): Promise<void> {
    const profile = await this.profile();
    const brokers = startOrder(profile.services).filter((s) => s.kind === 'kafka-broker');
    if (brokers.length === 0) fail('not_found', 'The profile has no brokers to restart.');
    const controller = await this.controllerId().catch(() => undefined);
    const ordered = restartOrder(brokers, controller);
    op.plan(ordered.length + (this.electPreferredLeaders ? 1 : 0));
    await this.waitFullyReplicated(profile, op, timeoutMs);
    for (const b of ordered) {
      op.begin(b.kind === 'kafka-broker' && b.brokerId === controller ? `${b.id} (controller)` : b.id);
      await this.control.stop(b.id, op);
      await this.control.start(b.id, op);
      await this.waitFullyReplicated(profile, op, timeoutMs);
    }
    if (this.electPreferredLeaders) {
      op.begin('preferred leader election');
      op.step('elect preferred leaders');
      const result = await this.electPreferredLeaders();
      op.line(`${result.elected} partition(s) moved back to their preferred leader`);
      for (const f of result.failed) op.line(f);
    }
  }
}

/** Brokers by id, the controller moved to the end. */
export function restartOrder<T extends Service>(brokers: readonly T[], controllerId: number | undefined): T[] {
  const isController = (s: T) => s.kind === 'kafka-broker' && s.brokerId === controllerId;
  return [...brokers.filter((b) => !isController(b)), ...brokers.filter(isController)];
}
