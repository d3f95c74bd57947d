import type { AppEventHub } from '../events/schemas';
import { AppFailure, fail } from '../common/errors';
import type { Profile } from '../profile/schemas';
import type { ClusterState, PartitionStateView, TopicState } from './schemas';
import { ZkSession } from './zk-session';
import { runBounded } from './cluster-metadata';
import {
  brokerRegistrationSchema,
  controllerSchema,
  partitionStateSchema,
  topicAssignmentSchema,
  type BrokerRegistration,
  type PartitionState,
} from './znode-schemas';

interface TopicEntry {
  replicas: Map<number, number[]>;
  states: Map<number, PartitionState | undefined>;
}

const RECONNECT_MS = 2_000;
const EMIT_DEBOUNCE_MS = 150;

function parseJson(data: Buffer | undefined): unknown {
  if (!data) return undefined;
  try {
    return JSON.parse(data.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A live picture of the cluster kept current by ZooKeeper watches: each watch
 * re-reads only the znode that changed (a broker list, one partition's state),
 * never the whole tree. When the session is lost it reconnects, reads again and
 * re-arms every watch; meanwhile the state says since when ZooKeeper is unreachable.
 */
export class ClusterWatch {
  private zk: ZkSession | undefined;
  private generation = 0;
  private disposed = false;
  private brokers = new Map<number, BrokerRegistration>();
  private controllerId: number | null = null;
  private clusterId: string | undefined;
  private topics = new Map<string, TopicEntry>();
  private deleting = new Set<string>();
  private reassigning = false;
  private zkState: ClusterState['zookeeper'];
  private ready: Promise<void>;
  private emitTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly profile: Profile,
    private readonly events: AppEventHub,
    /** The connect string to dial: the profile's, or its local forwards when tunnelling. */
    private readonly connectString = profile.kafka.zookeeper,
    private readonly sessionTimeoutMs = 6_000,
  ) {
    this.zkState = { connectString: profile.kafka.zookeeper, state: 'connecting', since: new Date().toISOString() };
    this.ready = this.connect();
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    try {
      const zk = await ZkSession.connect(this.connectString, { timeoutMs: 8_000, sessionTimeoutMs: this.sessionTimeoutMs });
      if (this.disposed || gen !== this.generation) {
        zk.close();
        return;
      }
      this.zk = zk;
      zk.onState((s) => this.onZkState(gen, s));
      this.brokers.clear();
      this.topics.clear();
      await this.loadAll(gen);
      this.setZk('connected');
    } catch (err) {
      if (gen !== this.generation || this.disposed) return;
      this.setZk('unreachable', err instanceof AppFailure ? err.error.message : String(err));
      this.scheduleReconnect();
    }
  }

  private onZkState(gen: number, s: 'connected' | 'disconnected' | 'expired'): void {
    if (gen !== this.generation || this.disposed) return;
    if (s === 'connected') {
      clearTimeout(this.expiryTimer);
      if (this.zkState.state !== 'connected') this.setZk('connected');
      return;
    }
    if (s === 'disconnected') {
      this.setZk('unreachable', `Lost the connection to ZooKeeper at ${this.profile.kafka.zookeeper}.`);
      // The server expires the session after its timeout; the client only learns it on reconnect. Don't wait for that.
      clearTimeout(this.expiryTimer);
      this.expiryTimer = setTimeout(() => this.restart(), this.sessionTimeoutMs);
      return;
    }
    this.restart();
  }

  private restart(): void {
    if (this.disposed) return;
    this.zk?.close();
    this.zk = undefined;
    this.generation++;
    this.setZk('unreachable', `ZooKeeper session expired; reconnecting to ${this.profile.kafka.zookeeper}.`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.ready = this.connect();
    }, RECONNECT_MS);
  }

  private setZk(state: ClusterState['zookeeper']['state'], message?: string): void {
    if (this.zkState.state !== state)
      this.zkState = { connectString: this.profile.kafka.zookeeper, state, since: new Date().toISOString() };
    if (message) this.zkState.message = message;
    else delete this.zkState.message;
    this.changed();
  }

  /** Coalesces bursts (a broker death touches every partition) into one event per interval, without starving it. */
  private changed(): void {
    if (this.emitTimer) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      this.events.emit('cluster.changed', { updatedAt: new Date().toISOString() });
    }, EMIT_DEBOUNCE_MS);
  }

  /** Runs a re-read for a fired watch, unless the session it belongs to is gone. */
  private rewatch(gen: number, read: () => Promise<void>): () => void {
    return () => {
      if (gen !== this.generation || this.disposed) return;
      read().then(
        () => this.changed(),
        () => undefined, // a lost session is handled by the state listener
      );
    };
  }

  private session(): ZkSession {
    if (!this.zk) fail('zookeeper_unreachable', `ZooKeeper at ${this.profile.kafka.zookeeper} is not connected.`);
    return this.zk;
  }

  private async loadAll(gen: number): Promise<void> {
    const zk = this.session();
    const cluster = parseJson(await zk.getData('/cluster/id').catch(() => undefined));
    if (typeof cluster === 'object' && cluster !== null && 'id' in cluster && typeof cluster.id === 'string') this.clusterId = cluster.id;
    await Promise.all([this.readBrokers(gen), this.readController(gen), this.readTopics(gen), this.readAdminNodes(gen)]);
  }

  private async readBrokers(gen: number): Promise<void> {
    const zk = this.session();
    const ids = await zk.watchChildren(
      '/brokers/ids',
      this.rewatch(gen, () => this.readBrokers(gen)),
    );
    const next = new Map<number, BrokerRegistration>();
    await Promise.all(
      ids.map(async (id) => {
        const r = brokerRegistrationSchema.safeParse(parseJson(await zk.getData(`/brokers/ids/${id}`).catch(() => undefined)));
        if (r.success) next.set(Number(id), r.data);
      }),
    );
    this.brokers = next;
  }

  private async readController(gen: number): Promise<void> {
    const data = await this.session().watchData(
      '/controller',
      this.rewatch(gen, () => this.readController(gen)),
    );
    const r = controllerSchema.safeParse(parseJson(data));
    this.controllerId = r.success ? r.data.brokerid : null;
  }

  private async readAdminNodes(gen: number): Promise<void> {
    const zk = this.session();
    const [deleting, reassign] = await Promise.all([
      zk
        .watchChildren(
          '/admin/delete_topics',
          this.rewatch(gen, () => this.readAdminNodes(gen)),
        )
        .catch(() => [] as string[]),
      zk.watchData(
        '/admin/reassign_partitions',
        this.rewatch(gen, () => this.readAdminNodes(gen)),
      ),
    ]);
    this.deleting = new Set(deleting);
    this.reassigning = reassign !== undefined;
  }

  private async readTopics(gen: number): Promise<void> {
    const names = await this.session().watchChildren(
      '/brokers/topics',
      this.rewatch(gen, () => this.readTopics(gen)),
    );
    for (const t of [...this.topics.keys()]) if (!names.includes(t)) this.topics.delete(t);
    const fresh = names.filter((t) => !this.topics.has(t));
    await runBounded(
      fresh.map((t) => () => this.readTopic(gen, t)),
      16,
    );
  }

  private async readTopic(gen: number, topic: string): Promise<void> {
    const data = await this.session().watchData(
      `/brokers/topics/${topic}`,
      this.rewatch(gen, () => this.readTopic(gen, topic)),
    );
    const r = topicAssignmentSchema.safeParse(parseJson(data));
    if (!r.success) {
      this.topics.delete(topic);
      return;
    }
    const entry = this.topics.get(topic) ?? { replicas: new Map(), states: new Map() };
    this.topics.set(topic, entry);
    const fresh: number[] = [];
    for (const [p, replicas] of Object.entries(r.data.partitions)) {
      if (!entry.states.has(Number(p))) fresh.push(Number(p));
      entry.replicas.set(Number(p), replicas);
    }
    await runBounded(
      fresh.map((p) => () => this.readPartition(gen, topic, p)),
      16,
    );
  }

  private async readPartition(gen: number, topic: string, partition: number): Promise<void> {
    const data = await this.session().watchData(
      `/brokers/topics/${topic}/partitions/${partition}/state`,
      this.rewatch(gen, () => this.readPartition(gen, topic, partition)),
    );
    const r = partitionStateSchema.safeParse(parseJson(data));
    this.topics.get(topic)?.states.set(partition, r.success ? r.data : undefined);
  }

  /** Waits for the first load (or its failure), then returns the current picture. */
  async state(): Promise<ClusterState> {
    await Promise.race([this.ready, new Promise((r) => setTimeout(r, 9_000))]);
    return this.snapshot();
  }

  partitions(topic: string): PartitionStateView[] {
    const entry = this.topics.get(topic);
    if (!entry) fail('not_found', `Topic "${topic}" does not exist (or ZooKeeper has not been read yet).`);
    return [...entry.replicas.entries()]
      .sort(([a], [b]) => a - b)
      .map(([partition, replicas]) => partitionView(partition, replicas, entry.states.get(partition)));
  }

  snapshot(): ClusterState {
    const leaderOf = new Map<number, number>();
    const replicaOf = new Map<number, number>();
    const topics: TopicState[] = [];
    const totals = { topics: 0, partitions: 0, underReplicated: 0, offline: 0, nonPreferredLeader: 0 };
    for (const [name, entry] of this.topics) {
      const views = [...entry.replicas.entries()].map(([p, r]) => partitionView(p, r, entry.states.get(p)));
      for (const v of views) {
        if (v.leader !== null && v.leader >= 0) leaderOf.set(v.leader, (leaderOf.get(v.leader) ?? 0) + 1);
        for (const r of v.replicas) replicaOf.set(r, (replicaOf.get(r) ?? 0) + 1);
      }
      const t: TopicState = {
        name,
        internal: name.startsWith('__'),
        partitions: views.length,
        replicationFactor: Math.max(0, ...views.map((v) => v.replicas.length)),
        underReplicated: views.filter((v) => v.underReplicated).length,
        offline: views.filter((v) => v.offline).length,
        nonPreferredLeader: views.filter((v) => !v.offline && !v.preferredLeader).length,
        markedForDeletion: this.deleting.has(name),
      };
      topics.push(t);
      totals.topics++;
      totals.partitions += t.partitions;
      totals.underReplicated += t.underReplicated;
      totals.offline += t.offline;
      totals.nonPreferredLeader += t.nonPreferredLeader;
    }
    topics.sort((a, b) => a.name.localeCompare(b.name));
    const profileBrokers = new Map(this.profile.services.flatMap((s) => (s.kind === 'kafka-broker' ? [[s.brokerId, s.id] as const] : [])));
    const ids = [...new Set([...this.brokers.keys(), ...profileBrokers.keys()])].sort((a, b) => a - b);
    const known = this.zkState.state === 'connected';
    return {
      zookeeper: { ...this.zkState },
      ...(this.clusterId ? { clusterId: this.clusterId } : {}),
      controllerId: known ? this.controllerId : null,
      brokers: ids.map((id) => {
        const reg = this.brokers.get(id);
        const serviceId = profileBrokers.get(id);
        return {
          id,
          registered: known && reg !== undefined,
          inProfile: serviceId !== undefined,
          ...(serviceId ? { serviceId } : {}),
          ...(reg?.host ? { host: reg.host } : {}),
          endpoints: reg?.endpoints ?? [],
          ...(reg?.rack ? { rack: reg.rack } : {}),
          ...(reg?.jmx_port !== undefined && reg.jmx_port >= 0 ? { jmxPort: reg.jmx_port } : {}),
          ...(reg?.timestamp ? { registeredAt: new Date(Number(reg.timestamp)).toISOString() } : {}),
          controller: known && this.controllerId === id,
          leaderOf: leaderOf.get(id) ?? 0,
          replicaOf: replicaOf.get(id) ?? 0,
        };
      }),
      topics,
      totals,
      pendingReassignment: this.reassigning,
      updatedAt: new Date().toISOString(),
    };
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    clearTimeout(this.emitTimer);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.reconnectTimer);
    this.zk?.close();
    this.zk = undefined;
  }
}

export function partitionView(partition: number, replicas: number[], state: PartitionState | undefined): PartitionStateView {
  const leader = state ? state.leader : null;
  const isr = state?.isr ?? [];
  return {
    partition,
    replicas,
    leader,
    isr,
    leaderEpoch: state?.leader_epoch ?? null,
    underReplicated: isr.length < replicas.length,
    offline: leader === null || leader < 0,
    preferredLeader: leader !== null && leader === replicas[0],
  };
}
