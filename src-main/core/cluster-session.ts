import type { Profile } from '../profile/schema';
import { SshPool } from '../ssh/ssh-pool';
import { directDialer, type Dialer } from '../net/dial';
import { ServiceControl } from '../services/service-control';
import { Orchestrator } from '../services/orchestrator';
import { LogStreams } from '../logs/log-streams';
import type { EventHub } from '../api/events';
import { ClusterWatch } from '../zookeeper/cluster-watch';
import { createKafkaAdmin, type KafkaAdmin } from '../kafka/kafka-admin';

/**
 * Everything that talks to one cluster: the SSH pool, service control and the
 * orchestrator. Recreated when the active profile changes, so no connection
 * of the old cluster is reused for the new one.
 */
export class ClusterSession {
  readonly pool: SshPool;
  readonly control: ServiceControl;
  readonly orchestrator: Orchestrator;
  readonly dial: Dialer;
  readonly logs: LogStreams;

  private watchPromise: Promise<ClusterWatch> | undefined;
  private adminPromise: Promise<KafkaAdmin> | undefined;

  constructor(
    readonly profilePath: string,
    private readonly profile: () => Promise<Profile>,
    private readonly events: EventHub,
  ) {
    this.pool = new SshPool(profile, { connectTimeoutMs: 10_000 });
    // Tunnelled dialing (profile.kafka.tunnelVia) comes with the tunnel layer; direct until then.
    this.dial = directDialer;
    this.control = new ServiceControl({ pool: this.pool, profile, dial: this.dial });
    this.orchestrator = new Orchestrator(this.control, profile);
    this.logs = new LogStreams(this.pool, events);
  }

  /** The live ZooKeeper picture of this cluster, started on first use. */
  watch(): Promise<ClusterWatch> {
    this.watchPromise ??= this.profile().then((p) => new ClusterWatch(p, this.events));
    return this.watchPromise;
  }

  /** Kafka admin client for this cluster (direct connection; tunnelling comes with the tunnel layer). */
  admin(): Promise<KafkaAdmin> {
    this.adminPromise ??= this.profile().then((p) => createKafkaAdmin(p.kafka.bootstrap));
    return this.adminPromise;
  }

  async dispose(): Promise<void> {
    this.logs.dispose();
    if (this.adminPromise) await (await this.adminPromise).close();
    if (this.watchPromise) (await this.watchPromise).dispose();
    await this.pool.dispose();
  }
}
