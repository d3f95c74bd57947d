import { randomUUID } from 'node:crypto';
import type { AppEventHub } from '../events/schemas';
import { AppFailure, fail } from '../common/errors';
import type { Profile } from '../profile/schemas';
import type { ClusterDelta, ClusterState, PartitionStateView, TopicState } from './schemas';
import { ZkSession, type WatchEvent } from './zk-session';
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

/** A topic's row and its share of each broker's leader and replica counts, kept until the topic changes. */
interface TopicSummary {
  state: TopicState;
  leaders: Map<number, number>;
  replicas: Map<number, number>;
}

/** Every topic's share summed: per broker, the partitions it leads and the replicas it holds; and the cluster's totals. */
interface Sums {
  leaderOf: Map<number, number>;
  replicaOf: Map<number, number>;
  totals: ClusterState['totals'];
}

const emptySums = (): Sums => ({
  leaderOf: new Map(),
  replicaOf: new Map(),
  totals: { topics: 0, partitions: 0, underReplicated: 0, offline: 0, nonPreferredLeader: 0 },
});

/** Adds a topic's share to the sums (`sign` 1), or takes it out (-1). */
function account(sums: Sums, s: TopicSummary, sign: 1 | -1): void {
  for (const [b, n] of s.leaders) sums.leaderOf.set(b, (sums.leaderOf.get(b) ?? 0) + sign * n);
  for (const [b, n] of s.replicas) sums.replicaOf.set(b, (sums.replicaOf.get(b) ?? 0) + sign * n);
  const t = sums.totals;
  t.topics += sign;
  t.partitions += sign * s.state.partitions;
  t.underReplicated += sign * s.state.underReplicated;
  t.offline += sign * s.state.offline;
  t.nonPreferredLeader += sign * s.state.nonPreferredLeader;
}

/** More changed topics than this in one delta (a broker death touches most of them) and a refetch is cheaper. */
const MAX_DELTA_TOPICS = 2_000;

const RECONNECT_MS = 2_000;
const READS_IN_FLIGHT = 64;
const EMIT_DEBOUNCE_MS = 150;
/**
 * How long a change of /brokers/topics waits before the list is read again. A CreateTopics or DeleteTopics of several
 * topics changes the list once per topic, and each read returns every name (10,000 of them, 200 KB): reading at once
 * did that once per topic, in ZooKeeper and here. Changes while it waits come in the one read (the watch is re-armed
 * by that read, so they do not fire again).
 */
const TOPIC_LIST_SETTLE_MS = 200;

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
  private summaries = new Map<string, TopicSummary>();
  /**
   * The summaries' sums, kept as each summary changes: with 10,000 topics a delta then costs the topics that changed,
   * where summing them all again for every delta kept the server busy while topics were created and deleted.
   */
  private sums = emptySums();
  /** Topics whose summary must be computed again. */
  private stale = new Set<string>();
  /** Topics added, changed or removed since the last announced revision. */
  private pending = new Set<string>();
  /** The watch re-read everything (first load, reconnect): the next announcement tells receivers to refetch. */
  private resetPending = true;
  private revision = 0;
  private readonly epoch = randomUUID();
  /** Topics whose first read is under way: a second children event must not read (and watch) them again. */
  private reading = new Set<string>();
  /**
   * Re-reads that failed while the connection was down: a watch is re-armed only by a successful read, so they run
   * again once the session is back (a short disconnect keeps the session, and nothing else would re-arm them).
   */
  private retries = new Map<string, () => Promise<void>>();
  private loaded = false;
  private brokerIdList: number[] = [];
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
      this.summaries.clear();
      this.sums = emptySums();
      this.stale.clear();
      this.pending.clear();
      this.reading.clear();
      this.retries.clear();
      this.loaded = false;
      this.resetPending = true;
      await this.loadAll(gen);
      if (this.disposed || gen !== this.generation) return;
      this.loaded = true;
      // A revision of its own for the loaded picture: a state served before it (partial) cannot take the next delta
      // and is fetched again; a state served from now on can, so the first load needs no reset.
      this.revision++;
      this.pending.clear();
      this.resetPending = false;
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
      if (this.zkState.state !== 'connected' && this.loaded) this.setZk('connected');
      const retries = [...this.retries];
      this.retries.clear();
      for (const [key, read] of retries) this.runRead(gen, read, key);
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
    if (this.emitTimer || this.disposed) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      this.events.emit('cluster.changed', this.delta());
    }, EMIT_DEBOUNCE_MS);
  }

  private touch(topic: string): void {
    this.stale.add(topic);
    this.pending.add(topic);
  }

  /** The next revision: what changed since the last one, or a reset when too much did. */
  private delta(): ClusterDelta {
    this.revision++;
    const { topics: _all, ...rest } = this.snapshot(false);
    const reset = this.resetPending || this.pending.size > MAX_DELTA_TOPICS;
    const topics: TopicState[] = [];
    const removedTopics: string[] = [];
    if (!reset)
      for (const name of this.pending) {
        const summary = this.summary(name);
        if (summary) topics.push(summary.state);
        else removedTopics.push(name);
      }
    this.pending.clear();
    this.resetPending = false;
    return { ...rest, revision: this.revision, reset, topics, removedTopics };
  }

  /**
   * The handler of a fired watch: re-reads (which re-arms the watch), unless the session it belongs to is gone. A
   * re-read that fails is kept under `key` and run again when the connection is back.
   */
  private rewatch(gen: number, key: string, read: (event: WatchEvent) => Promise<void>): (event: WatchEvent) => void {
    return (event) => {
      if (gen !== this.generation || this.disposed) return;
      this.runRead(gen, () => read(event), key);
    };
  }

  private runRead(gen: number, read: () => Promise<void>, key?: string): void {
    read().then(
      () => this.changed(),
      () => {
        if (gen === this.generation && !this.disposed && key !== undefined) this.retries.set(key, read);
      },
    );
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
      this.rewatch(gen, 'brokers', () => this.readBrokers(gen)),
    );
    this.brokerIdList = ids.map(Number).sort((a, b) => a - b);
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
      this.rewatch(gen, 'controller', () => this.readController(gen)),
    );
    const r = controllerSchema.safeParse(parseJson(data));
    this.controllerId = r.success ? r.data.brokerid : null;
  }

  // Each znode is re-read by its own watch only: re-arming a watch that has not fired adds one more listener on the
  // client each time (node-zookeeper-client keeps them per path), which leaks under churn.
  private async readAdminNodes(gen: number): Promise<void> {
    await Promise.all([this.readDeleting(gen), this.readReassign(gen)]);
  }

  private async readDeleting(gen: number): Promise<void> {
    const deleting = await this.session()
      .watchChildren(
        '/admin/delete_topics',
        this.rewatch(gen, 'deleting', () => this.readDeleting(gen)),
      )
      .catch((err: unknown) => {
        // Absent: nothing is being deleted. Any other failure is not "nothing": the caller keeps it for a retry.
        if (err instanceof AppFailure && err.error.code === 'not_found') return [] as string[];
        throw err;
      });
    const next = new Set(deleting);
    for (const t of next) if (!this.deleting.has(t)) this.touch(t);
    for (const t of this.deleting) if (!next.has(t)) this.touch(t);
    this.deleting = next;
  }

  private async readReassign(gen: number): Promise<void> {
    const reassign = await this.session().watchData(
      '/admin/reassign_partitions',
      this.rewatch(gen, 'reassign', () => this.readReassign(gen)),
    );
    this.reassigning = reassign !== undefined;
  }

  private async readTopics(gen: number): Promise<void> {
    const names = await this.session().watchChildren(
      '/brokers/topics',
      this.rewatch(gen, 'topics', () => this.readTopicsSettled(gen)),
    );
    const present = new Set(names);
    // Deleting from a Map while iterating it is safe, and copying 10,000 names on every change is not free.
    for (const t of this.topics.keys())
      if (!present.has(t)) {
        this.topics.delete(t);
        this.touch(t);
      }
    const fresh = names.filter((t) => !this.topics.has(t) && !this.reading.has(t));
    for (const t of fresh) this.reading.add(t);
    // ZooKeeper answers pipelined reads on one connection in order: many in flight keep the link busy.
    await runBounded(
      fresh.map((t) => () => this.readTopic(gen, t).finally(() => this.reading.delete(t))),
      READS_IN_FLIGHT,
    );
  }

  /** readTopics once the list has settled (TOPIC_LIST_SETTLE_MS), unless the watch was replaced meanwhile. */
  private async readTopicsSettled(gen: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, TOPIC_LIST_SETTLE_MS));
    if (gen !== this.generation || this.disposed) return;
    await this.readTopics(gen);
  }

  private async readTopic(gen: number, topic: string): Promise<void> {
    const data = await this.session().watchData(
      `/brokers/topics/${topic}`,
      // A deleted topic is dropped and its watch not re-armed (a watch per deleted topic would pile up); if it is
      // created again, the children watch of /brokers/topics reads it afresh.
      this.rewatch(gen, `topic:${topic}`, (event) => (event === 'deleted' ? this.dropTopic(topic) : this.readTopic(gen, topic))),
    );
    const r = topicAssignmentSchema.safeParse(parseJson(data));
    this.touch(topic);
    if (!r.success) {
      this.topics.delete(topic);
      return;
    }
    const entry = this.topics.get(topic) ?? { replicas: new Map(), states: new Map() };
    this.topics.set(topic, entry);
    // The assignment as it is now: partitions no longer in it go (a topic re-created with fewer partitions).
    const assigned = new Map(Object.entries(r.data.partitions).map(([p, replicas]) => [Number(p), replicas]));
    for (const p of entry.states.keys()) if (!assigned.has(p)) entry.states.delete(p);
    entry.replicas = assigned;
    const fresh = [...assigned.keys()].filter((p) => !entry.states.has(p) && !this.reading.has(`${topic}/${p}`));
    for (const p of fresh) this.reading.add(`${topic}/${p}`);
    await Promise.all(fresh.map((p) => this.readPartition(gen, topic, p).finally(() => this.reading.delete(`${topic}/${p}`))));
  }

  private async dropTopic(topic: string): Promise<void> {
    if (this.topics.delete(topic)) this.touch(topic);
  }

  private async readPartition(gen: number, topic: string, partition: number): Promise<void> {
    const data = await this.session().watchData(
      `/brokers/topics/${topic}/partitions/${partition}/state`,
      this.rewatch(gen, `partition:${topic}/${partition}`, (event) =>
        event === 'deleted' ? Promise.resolve() : this.readPartition(gen, topic, partition),
      ),
    );
    const r = partitionStateSchema.safeParse(parseJson(data));
    const entry = this.topics.get(topic);
    if (entry?.replicas.has(partition)) entry.states.set(partition, r.success ? r.data : undefined);
    this.touch(topic);
  }

  /** Waits for the first load (or its failure), then returns the current picture. */
  async state(): Promise<ClusterState> {
    await Promise.race([this.ready, new Promise((r) => setTimeout(r, 9_000))]);
    return this.snapshot();
  }

  /** The registered broker ids while the watch is connected and loaded; undefined otherwise (ask ZooKeeper directly). */
  liveBrokerIds(): number[] | undefined {
    if (this.disposed || !this.loaded || this.zkState.state !== 'connected') return undefined;
    // The registered ids are the children of /brokers/ids, whether or not each registration could be read.
    return [...this.brokerIdList];
  }

  partitions(topic: string): PartitionStateView[] {
    const entry = this.topics.get(topic);
    if (!entry) fail('not_found', `Topic "${topic}" does not exist (or ZooKeeper has not been read yet).`);
    return [...entry.replicas.entries()]
      .sort(([a], [b]) => a - b)
      .map(([partition, replicas]) => partitionView(partition, replicas, entry.states.get(partition)));
  }

  /** The summary of a topic, computed again only if it changed; undefined when the topic is gone. */
  private summary(name: string): TopicSummary | undefined {
    const entry = this.topics.get(name);
    const known = this.summaries.get(name);
    if (!entry) {
      if (known) account(this.sums, known, -1);
      this.summaries.delete(name);
      this.stale.delete(name);
      return undefined;
    }
    if (known && !this.stale.has(name)) return known;
    const leaders = new Map<number, number>();
    const replicas = new Map<number, number>();
    let replicationFactor = 0;
    let underReplicated = 0;
    let offline = 0;
    let nonPreferredLeader = 0;
    for (const [p, r] of entry.replicas) {
      const v = partitionView(p, r, entry.states.get(p));
      if (v.leader !== null && v.leader >= 0) leaders.set(v.leader, (leaders.get(v.leader) ?? 0) + 1);
      for (const b of v.replicas) replicas.set(b, (replicas.get(b) ?? 0) + 1);
      replicationFactor = Math.max(replicationFactor, v.replicas.length);
      if (v.underReplicated) underReplicated++;
      if (v.offline) offline++;
      else if (!v.preferredLeader) nonPreferredLeader++;
    }
    const summary: TopicSummary = {
      state: {
        name,
        internal: name.startsWith('__'),
        partitions: entry.replicas.size,
        replicationFactor,
        underReplicated,
        offline,
        nonPreferredLeader,
        markedForDeletion: this.deleting.has(name),
      },
      leaders,
      replicas,
    };
    if (known) account(this.sums, known, -1);
    account(this.sums, summary, 1);
    this.summaries.set(name, summary);
    this.stale.delete(name);
    return summary;
  }

  /** The whole picture; `withTopics` false leaves the topic list out (a delta carries only the changed ones). */
  snapshot(withTopics = true): ClusterState {
    // Only the topics that changed since the last picture are summed again (summary() takes each out of the set,
    // which a Set's iteration allows).
    for (const name of this.stale) this.summary(name);
    const { leaderOf, replicaOf } = this.sums;
    const totals = { ...this.sums.totals };
    const topics: TopicState[] = [];
    if (withTopics)
      for (const name of this.topics.keys()) {
        const summary = this.summary(name);
        if (summary) topics.push(summary.state);
      }
    // Code-unit order, not localeCompare: the same order the renderer keeps when it applies deltas, and 10,000
    // names sort in a few milliseconds instead of a hundred.
    topics.sort((a, b) => compareNames(a.name, b.name));
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
      revision: this.revision,
      epoch: this.epoch,
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

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
