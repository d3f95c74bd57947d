import { fail } from '../common/errors';
import type { Profile, Service } from '../profile/schemas';
import { isUnderReplicated, readPartitions } from '../zookeeper/cluster-metadata';
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
  ) {}

  async startAll(op: OperationContext): Promise<void> {
    const ordered = startOrder((await this.profile()).services);
    // The ensemble first, all members launched before any is awaited: a lone member has no quorum and never serves.
    const ensemble = ordered.filter((s) => s.kind === 'zookeeper');
    for (const s of ensemble) await this.control.launch(s.id, op);
    for (const s of ensemble) await this.control.ready(s.id, op);
    for (const s of ordered.filter((x) => x.kind !== 'zookeeper')) await this.control.start(s.id, op);
  }

  async stopAll(op: OperationContext): Promise<void> {
    for (const s of stopOrder((await this.profile()).services)) await this.control.stop(s.id, op);
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

  /** One broker at a time, each only once every partition is back to full ISR. */
  async rollingRestart(op: OperationContext, timeoutMs = 180_000): Promise<void> {
    const profile = await this.profile();
    const brokers = startOrder(profile.services).filter((s) => s.kind === 'kafka-broker');
    if (brokers.length === 0) fail('not_found', 'The profile has no brokers to restart.');
    await this.waitFullyReplicated(profile, op, timeoutMs);
    for (const b of brokers) {
      await this.control.stop(b.id, op);
      await this.control.start(b.id, op);
      await this.waitFullyReplicated(profile, op, timeoutMs);
    }
  }
}
