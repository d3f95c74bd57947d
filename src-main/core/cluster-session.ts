import type { Profile } from '../profile/schemas';
import { SshPool } from '../ssh/ssh-pool';
import { LocalForwards } from '../ssh/local-forwards';
import { directAccess, tunnelledAccess, type ClusterAccess } from '../net/cluster-access';
import { ServiceControl } from '../services/service-control';
import { Orchestrator } from '../services/orchestrator';
import { LogStreams } from '../logs/log-streams';
import type { AppEventHub } from '../events/schemas';
import { ClusterWatch } from '../zookeeper/cluster-watch';
import { PipelineService } from '../pipelines/pipeline-service';
import { WorkloadManager } from '../workloads/workload-manager';
import { createKafkaAdmin, type KafkaAdmin } from '../kafka/kafka-admin';
import { LagHistory } from '../kafka/lag-history';
import { Operations } from '../services/operations';
import { AppFailure } from '../common/errors';
import { DataLake } from '../datalake/data-lake';
import { noSecretStore, type SecretStore } from '../common/secret-store';

/**
 * Everything that talks to one cluster, for one version of its profile: the
 * SSH pool, the cluster access (direct, or every ZooKeeper, Kafka and REST
 * connection through SSH to `kafka.tunnelVia`), service control, the
 * ZooKeeper watch and the Kafka admin client. The app core makes a new one
 * when the active profile, or its file, changes.
 */
export class ClusterSession {
  readonly pool: SshPool;
  readonly access: ClusterAccess;
  readonly control: ServiceControl;
  readonly orchestrator: Orchestrator;
  readonly logs: LogStreams;
  readonly workloads: WorkloadManager;
  readonly pipelines: PipelineService;
  readonly datalake: DataLake;
  /** Lag over time of the groups someone watches. */
  readonly lagHistory: LagHistory;
  private readonly forwards: LocalForwards | undefined;
  private watchPromise: Promise<ClusterWatch> | undefined;
  private liveWatch: ClusterWatch | undefined;
  private adminPromise: Promise<KafkaAdmin> | undefined;

  constructor(
    readonly profilePath: string,
    readonly profile: Profile,
    private readonly events: AppEventHub,
    /** The app's operations, so that a pipeline acting on a service is locked against the Hosts view acting on it. */
    operations: Operations = new Operations(events),
    /** Passwords the user stored in the app (the desktop app's keychain-encrypted store). */
    secrets: SecretStore = noSecretStore,
  ) {
    const current = async () => profile;
    this.pool = new SshPool(current, { connectTimeoutMs: 10_000 });
    const addresses = { zookeeper: profile.kafka.zookeeper, bootstrap: profile.kafka.bootstrap };
    const via = profile.kafka.tunnelVia;
    if (via) {
      const open = async (host: string, port: number) => (await this.pool.connection(via)).forwardOut(host, port);
      const forwards = new LocalForwards(open);
      this.forwards = forwards;
      this.access = tunnelledAccess(addresses, { open, portFor: (host, port) => forwards.portFor(host, port) });
    } else {
      this.access = directAccess(addresses);
    }
    this.control = new ServiceControl({
      pool: this.pool,
      profile: current,
      access: this.access,
      liveBrokerIds: () => this.liveWatch?.liveBrokerIds(),
    });
    this.orchestrator = new Orchestrator(
      this.control,
      current,
      () => this.access.zookeeper(),
      async () => {
        const r = await (await this.admin()).electPreferredLeaders({});
        return { elected: r.elected.length, failed: r.failed.map((f) => `${f.topic}-${f.partition}: ${f.error} ${f.message}`) };
      },
    );
    this.logs = new LogStreams(this.pool, events);
    this.workloads = new WorkloadManager({
      events,
      admin: () => this.admin(),
      profile: current,
      pool: this.pool,
      kafka: () => this.access.kafka(),
    });
    this.pipelines = new PipelineService({
      profile: current,
      pool: this.pool,
      admin: () => this.admin(),
      fetch: this.access.fetch,
      control: this.control,
      runServiceOperation: async (kind, serviceId, body) => {
        const op = await operations.run(kind, [serviceId], body);
        if (op.error) throw new AppFailure(op.error);
      },
      secrets,
    });
    this.datalake = new DataLake({ profile: current, fetch: this.access.fetch, admin: () => this.admin() });
    this.lagHistory = new LagHistory(async (groupId) => (await this.admin()).describeGroup(groupId));
  }

  /** The live ZooKeeper picture of this cluster, started on first use. */
  watch(): Promise<ClusterWatch> {
    this.watchPromise ??= this.access.zookeeper().then((connectString) => {
      this.liveWatch = new ClusterWatch(this.profile, this.events, connectString);
      return this.liveWatch;
    });
    return this.watchPromise;
  }

  /** Kafka admin client for this cluster. */
  admin(): Promise<KafkaAdmin> {
    this.adminPromise ??= Promise.resolve(createKafkaAdmin(this.access.kafka()));
    return this.adminPromise;
  }

  async dispose(): Promise<void> {
    this.logs.dispose();
    this.lagHistory.dispose();
    await this.workloads.dispose();
    if (this.adminPromise) await (await this.adminPromise).close();
    if (this.watchPromise) (await this.watchPromise).dispose();
    await this.forwards?.dispose();
    await this.pool.dispose();
  }
}
