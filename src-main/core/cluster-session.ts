import { Socket } from 'node:net';
import type { Profile } from '../profile/schemas';
import { SshPool } from '../ssh/ssh-pool';
import { LocalForwards } from '../ssh/local-forwards';
import { directDialer, type Dialer } from '../net/dial';
import { ServiceControl } from '../services/service-control';
import { Orchestrator } from '../services/orchestrator';
import { LogStreams } from '../logs/log-streams';
import type { AppEventHub } from '../events/schemas';
import { ClusterWatch } from '../zookeeper/cluster-watch';
import { PipelineService } from '../pipelines/pipeline-service';
import { WorkloadManager } from '../workloads/workload-manager';
import { createKafkaAdmin, type KafkaAdmin, type KafkaConnection } from '../kafka/kafka-admin';

/**
 * Everything that talks to one cluster: the SSH pool, service control, the
 * ZooKeeper watch and the Kafka admin client. When the profile names
 * `kafka.tunnelVia`, every ZooKeeper and Kafka connection goes through SSH to
 * that host: brokers may advertise addresses only that host can reach.
 * Recreated when the active profile changes.
 */
export class ClusterSession {
  readonly pool: SshPool;
  readonly control: ServiceControl;
  readonly orchestrator: Orchestrator;
  readonly dial: Dialer;
  readonly logs: LogStreams;
  readonly workloads: WorkloadManager;
  readonly pipelines: PipelineService;
  private readonly forwards: LocalForwards;
  private watchPromise: Promise<ClusterWatch> | undefined;
  private adminPromise: Promise<KafkaAdmin> | undefined;

  constructor(
    readonly profilePath: string,
    private readonly profile: () => Promise<Profile>,
    private readonly events: AppEventHub,
  ) {
    this.pool = new SshPool(profile, { connectTimeoutMs: 10_000 });
    const tunnelled: Dialer = async (host, port) => {
      const via = (await profile()).kafka.tunnelVia;
      if (!via) return directDialer(host, port);
      return (await this.pool.connection(via)).forwardOut(host, port);
    };
    this.dial = tunnelled;
    this.forwards = new LocalForwards(tunnelled);
    this.control = new ServiceControl({ pool: this.pool, profile: () => this.effectiveProfile(), dial: this.dial });
    this.orchestrator = new Orchestrator(this.control, () => this.effectiveProfile());
    this.logs = new LogStreams(this.pool, events);
    this.workloads = new WorkloadManager({
      events,
      admin: () => this.admin(),
      profile,
      pool: this.pool,
      connection: async () => {
        const p = await profile();
        return { brokers: p.kafka.bootstrap, tunnelled: p.kafka.tunnelVia !== undefined };
      },
      localPort: (host, port) => this.forwards.portFor(host, port),
    });
    this.pipelines = new PipelineService({ profile, pool: this.pool, admin: () => this.admin(), fetchFor: () => this.httpFetch() });
  }

  /** fetch for engines' REST APIs: through a local forward over SSH when the profile tunnels, direct otherwise. */
  async httpFetch(): Promise<typeof fetch> {
    if (!(await this.profile()).kafka.tunnelVia) return fetch;
    const forwards = this.forwards;
    return async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const local = await forwards.portFor(url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
      url.hostname = '127.0.0.1';
      url.port = String(local);
      return fetch(url, init);
    };
  }

  /** The profile with ZooKeeper's address replaced by its local forward when tunnelling. */
  async effectiveProfile(): Promise<Profile> {
    const p = await this.profile();
    if (!p.kafka.tunnelVia) return p;
    return { ...p, kafka: { ...p.kafka, zookeeper: await this.forwards.address(p.kafka.zookeeper) } };
  }

  /** How Kafka clients reach the brokers: directly, or each advertised host:port through its own local forward. */
  async kafkaConnection(): Promise<KafkaConnection> {
    const p = await this.profile();
    if (!p.kafka.tunnelVia) return { brokers: p.kafka.bootstrap };
    const forwards = this.forwards;
    return {
      brokers: p.kafka.bootstrap,
      // kafkajs wants a socket at once; it is connected once the forward for that broker exists.
      socketFactory: ({ host, port, onConnect }) => {
        const socket = new Socket();
        forwards.portFor(host, port).then(
          (local) => socket.connect(local, '127.0.0.1', onConnect),
          (err: unknown) => socket.destroy(err instanceof Error ? err : new Error(String(err))),
        );
        return socket;
      },
    };
  }

  /** The live ZooKeeper picture of this cluster, started on first use. */
  watch(): Promise<ClusterWatch> {
    this.watchPromise ??= this.effectiveProfile().then((p) => new ClusterWatch(p, this.events));
    return this.watchPromise;
  }

  /** Kafka admin client for this cluster. */
  admin(): Promise<KafkaAdmin> {
    this.adminPromise ??= this.kafkaConnection().then((c) => createKafkaAdmin(c));
    return this.adminPromise;
  }

  async dispose(): Promise<void> {
    this.logs.dispose();
    await this.workloads.dispose();
    if (this.adminPromise) await (await this.adminPromise).close();
    if (this.watchPromise) (await this.watchPromise).dispose();
    await this.forwards.dispose();
    await this.pool.dispose();
  }
}
