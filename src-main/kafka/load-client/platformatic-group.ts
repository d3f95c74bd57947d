import { Consumer, type Broker, type GroupAssignment } from '@platformatic/kafka';
import type { KafkaConnection } from '../kafka-client';
import type { LoadGroupHooks, LoadGroupMember, LoadGroupSettings } from './load-client';
import { bootstrapOf } from './platformatic-producer';
import { RawFetch, type FetchPosition } from './raw-fetch';
import { RecordFormatError, walkRecordBatches } from './record-walk';
import { tunnelContext } from './tunnel-hook';
import { refuseMissingBrokers } from './platformatic-calls';

// Kafka error codes a fetch can answer with; the first two move the member to the partition's new leader.
const NOT_LEADER_OR_FOLLOWER = 6;
const OFFSET_OUT_OF_RANGE = 1;
const RETRY_BACKOFF_MS = 250;
const COMMIT_INTERVAL_MS = 1_000;
/** How long fetches may fail in a row before the run reports it: a leader killed without a clean shutdown keeps its partitions until ZooKeeper expires its session. */
const FAILING_REPORT_MS = 30_000;
const REJOIN_REPORT_MS = 60_000;
/** Between attempts to rejoin: each one looks the coordinator up again, which a broker answers quickly either way. */
const REJOIN_INTERVAL_MS = 1_000;

type GroupConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;

/**
 * A consumer group member for load runs: @platformatic/kafka joins the group,
 * heartbeats and commits, and the member fetches with raw Fetch requests whose
 * record batches it counts in place (record-walk.ts). One fetch is in flight
 * per leader, as the Java consumer does; positions are committed every second
 * and when the group rebalances, so a member taking over a partition starts
 * where the last left off.
 */
export async function joinPlatformaticGroup(
  conn: KafkaConnection,
  settings: LoadGroupSettings,
  hooks: LoadGroupHooks,
): Promise<LoadGroupMember | undefined> {
  const consumer = newConsumer(conn, settings);
  const fetch = new RawFetch(consumer, FETCH_LIMITS);
  try {
    // Brokers older than Kafka 2.7 do not answer the Fetch this reads: the caller uses another member then.
    if (!(await fetch.supported())) {
      await consumer.close();
      return undefined;
    }
  } catch (err) {
    await consumer.close().catch(() => undefined);
    throw err;
  }
  const membership = new Membership(conn, settings, hooks);
  try {
    await membership.join(consumer, fetch);
  } catch (err) {
    await membership.leave().catch(() => undefined);
    throw err;
  }
  return { leave: () => membership.leave() };
}

const FETCH_LIMITS = { maxWaitMs: 500, maxBytes: 52_428_800, partitionMaxBytes: 2 * 1024 * 1024 };

function newConsumer(conn: KafkaConnection, settings: LoadGroupSettings): GroupConsumer {
  const consumer: GroupConsumer = new Consumer({
    clientId: settings.clientId,
    groupId: settings.groupId,
    bootstrapBrokers: bootstrapOf(conn),
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
    autocreateTopics: false,
    connectTimeout: 5_000,
    timeout: 30_000,
    ...(conn.localPort ? { context: tunnelContext(conn.localPort) } : {}),
  });
  refuseMissingBrokers(consumer);
  return consumer;
}

/**
 * The run's place in the group, across the consumers it goes through.
 * @platformatic/kafka 1.35 keeps the group coordinator it first found for the
 * consumer's lifetime and stops heartbeating after a failed heartbeat, so once
 * the coordinator's broker goes away the consumer is out of the group for
 * good. The membership then replaces it with a fresh consumer, which finds
 * the group's new coordinator and joins again, starting each partition where
 * this run got to (commits to a dead coordinator fail, so the group's offsets
 * may be behind).
 */
class Membership {
  private member: FetchingMember | undefined;
  private recovering: Promise<void> | undefined;
  /** A member lost while the recovery that made it was still finishing: recovered once that recovery ends. */
  private lostMeanwhile: FetchingMember | undefined;
  private leaving = false;
  /** Where this run got to in each partition ("topic\0partition" → next offset). */
  private readonly reached = new Map<string, number>();

  constructor(
    private readonly conn: KafkaConnection,
    private readonly settings: LoadGroupSettings,
    private readonly hooks: LoadGroupHooks,
  ) {}

  async join(consumer: GroupConsumer, fetch = new RawFetch(consumer, FETCH_LIMITS)): Promise<void> {
    const member = new FetchingMember(consumer, fetch, this.settings, this.hooks, this.reached, () => this.lost(member));
    this.member = member;
    try {
      await member.join();
    } catch (err) {
      if (this.member === member) this.member = undefined;
      await member.abandon();
      throw err;
    }
  }

  async leave(): Promise<void> {
    this.leaving = true;
    await this.recovering;
    await this.member?.leave();
    this.member = undefined;
  }

  private lost(member: FetchingMember): void {
    if (this.leaving || this.member !== member) return;
    if (this.recovering) {
      this.lostMeanwhile = member;
      return;
    }
    this.recovering = this.recover(member).finally(() => {
      this.recovering = undefined;
      const again = this.lostMeanwhile;
      this.lostMeanwhile = undefined;
      if (again) this.lost(again);
    });
  }

  private async recover(old: FetchingMember): Promise<void> {
    this.member = undefined;
    await old.abandon();
    const since = Date.now();
    let reported = false;
    while (!this.leaving) {
      try {
        await this.join(newConsumer(this.conn, this.settings));
        return;
      } catch (err) {
        // A SIGKILLed coordinator's group moves only once its ZooKeeper session expires (18 s by default) and the new
        // coordinator has loaded the group; a group still without one after a minute is reported.
        if (!reported && Date.now() - since > REJOIN_REPORT_MS) {
          reported = true;
          this.hooks.onCrash(
            `the consumer could not rejoin group ${this.settings.groupId}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        await sleep(REJOIN_INTERVAL_MS);
      }
    }
  }
}

/** One generation's positions: a rebalance starts a new one, and fetches of the old are dropped on arrival. */
interface Generation {
  readonly positions: FetchPosition[];
  active: boolean;
  committed: Map<FetchPosition, number>;
  /** Partitions whose position fell outside the log: they start over from the run's earliest or latest, not the group's offset. */
  outOfRange: Set<FetchPosition>;
}

/** One set of fetch loops over the leaders of the moment; the first to fail ends them all. */
interface Round {
  live: boolean;
}

class FetchingMember {
  private generation: Generation | undefined;
  private readonly commitTimer: NodeJS.Timeout;
  private readonly stampKey: Buffer;
  private ended = false;

  constructor(
    private readonly consumer: GroupConsumer,
    private readonly fetcher: RawFetch,
    private readonly settings: LoadGroupSettings,
    private readonly hooks: LoadGroupHooks,
    private readonly reached: Map<string, number>,
    /** The consumer is out of the group for good (see Membership). */
    private readonly onLost: () => void,
  ) {
    this.stampKey = Buffer.from(settings.stampHeader);
    this.commitTimer = setInterval(() => void this.commit(this.generation), COMMIT_INTERVAL_MS);
  }

  async join(): Promise<void> {
    for (const topic of this.settings.topics) this.consumer.topics.track(topic);
    this.consumer.on('consumer:group:rebalance', () => this.revoke());
    this.consumer.on('consumer:group:join', (e) => this.assign(e.assignments ?? []));
    this.consumer.on('consumer:heartbeat:error', () => this.onLost());
    // Emitted when a rejoin fails; an EventEmitter without an 'error' listener would throw it instead.
    this.consumer.on('error', () => this.onLost());
    await this.consumer.joinGroup({});
  }

  /** The consumer can no longer reach the group: stop without committing or leaving, and close its connections. */
  async abandon(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.commitTimer);
    if (this.generation) this.generation.active = false;
    this.generation = undefined;
    this.hooks.onAssigned([]);
    // Not close(): that leaves the group first, through the coordinator that is gone, and keeps the connections if it fails.
    await this.consumer.connections.close().catch(() => undefined);
  }

  /** The group is rebalancing: stop fetching, and commit where this member got to before it rejoins. */
  revoke(): void {
    if (this.ended) return;
    const old = this.generation;
    if (old) old.active = false;
    this.generation = undefined;
    this.hooks.onAssigned([]);
    void this.commit(old);
  }

  assign(assignments: readonly GroupAssignment[]): void {
    if (this.ended) return;
    if (this.generation) this.generation.active = false;
    const positions = assignments.flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition, offset: -1 })));
    const generation: Generation = { positions, active: true, committed: new Map(), outOfRange: new Set() };
    this.generation = generation;
    this.hooks.onAssigned(positions.map((p) => `${p.topic}-${p.partition}`));
    if (positions.length > 0) void this.run(generation);
  }

  async leave(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.commitTimer);
    const last = this.generation;
    if (last) last.active = false;
    this.generation = undefined;
    await this.commit(last);
    await new Promise<void>((resolve) => this.consumer.leaveGroup(false, () => resolve()));
    await this.consumer.close(true);
  }

  private async run(generation: Generation): Promise<void> {
    let failingSince: number | undefined;
    while (generation.active) {
      try {
        await this.startingOffsets(generation);
        const byLeader = await this.leaders(generation.positions);
        // One loop per leader; a loop ends on an error that needs fresh metadata, and the generation then starts over.
        const round: Round = { live: true };
        const ended = await Promise.allSettled(
          [...byLeader].map(([broker, positions]) =>
            this.fetchLoop(generation, round, broker, positions).catch((err: unknown) => {
              round.live = false;
              throw err;
            }),
          ),
        );
        const failed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
        if (failed) throw failed.reason;
        failingSince = undefined;
      } catch (err) {
        if (!generation.active) return;
        // A batch the member cannot read is reported at once; a broker that is away, once it has been for a while.
        failingSince ??= err instanceof RecordFormatError ? Date.now() - FAILING_REPORT_MS - 1 : Date.now();
        if (Date.now() - failingSince > FAILING_REPORT_MS) {
          this.hooks.onCrash(err instanceof Error ? err.message : String(err));
          failingSince = Date.now();
        }
      }
      if (generation.active) await sleep(RETRY_BACKOFF_MS);
    }
  }

  /** Where each partition starts: the group's committed offset, else the run's earliest or latest. */
  private async startingOffsets(generation: Generation): Promise<void> {
    const unknown = generation.positions.filter((p) => p.offset < 0);
    if (unknown.length === 0) return;
    const topics = [...new Set(unknown.map((p) => p.topic))];
    const committed = await this.consumer.listCommittedOffsets({
      topics: topics.map((topic) => ({ topic, partitions: unknown.filter((p) => p.topic === topic).map((p) => p.partition) })),
    });
    const reset = await this.consumer.listOffsets({ topics, timestamp: this.settings.fromBeginning ? -2n : -1n });
    for (const p of unknown) {
      const key = `${p.topic}\0${p.partition}`;
      const outOfRange = generation.outOfRange.delete(p);
      if (outOfRange) this.reached.delete(key);
      const c = outOfRange ? undefined : committed.get(p.topic)?.[p.partition];
      const group = c !== undefined && c >= 0n ? Number(c) : undefined;
      // The group's offset, unless this run got further: commits it made while the coordinator was away were lost.
      const own = this.reached.get(key);
      const start = group !== undefined || own !== undefined ? Math.max(group ?? -1, own ?? -1) : reset.get(p.topic)?.[p.partition];
      if (start === undefined) throw new Error(`no offsets for ${p.topic}-${p.partition}`);
      p.offset = Number(start);
      generation.committed.set(p, group ?? -1);
    }
  }

  private async leaders(positions: readonly FetchPosition[]): Promise<Map<Broker, FetchPosition[]>> {
    const meta = await this.consumer.metadata({ topics: [...new Set(positions.map((p) => p.topic))], forceUpdate: true });
    const out = new Map<Broker, FetchPosition[]>();
    for (const p of positions) {
      const leader = meta.topics.get(p.topic)?.partitions[p.partition]?.leader;
      const broker = leader !== undefined ? meta.brokers.get(leader) : undefined;
      if (!broker) throw new Error(`${p.topic}-${p.partition} has no leader`);
      const list = out.get(broker);
      if (list) list.push(p);
      else out.set(broker, [p]);
    }
    return out;
  }

  private async fetchLoop(generation: Generation, round: Round, broker: Broker, positions: FetchPosition[]): Promise<void> {
    const byPartition = new Map(positions.map((p) => [`${p.topic}\0${p.partition}`, p]));
    while (generation.active && round.live) {
      const parts = await this.fetcher.fetch(broker, positions);
      // A response that arrives after a rebalance, or after another loop failed, is not this loop's to count.
      if (!generation.active || !round.live) return;
      let records = 0;
      for (const part of parts) {
        const position = byPartition.get(`${part.topic}\0${part.partition}`);
        if (!position) continue;
        if (part.errorCode === OFFSET_OUT_OF_RANGE) {
          position.offset = -1;
          generation.outOfRange.add(position);
          throw new Error(`offset out of range on ${part.topic}-${part.partition}`);
        }
        if (part.errorCode !== 0) {
          throw new Error(
            part.errorCode === NOT_LEADER_OR_FOLLOWER
              ? `broker ${broker.host}:${broker.port} no longer leads ${part.topic}-${part.partition}`
              : `fetching ${part.topic}-${part.partition} failed (Kafka error code ${part.errorCode})`,
          );
        }
        if (part.records.length === 0) continue;
        const walked = walkRecordBatches(part.records, position.offset, this.stampKey, this.hooks);
        position.offset = walked.nextOffset;
        this.reached.set(`${part.topic}\0${part.partition}`, position.offset);
        records += walked.records;
        if (walked.error) throw walked.error;
      }
      if (records > 0) this.hooks.onBatchEnd();
    }
  }

  private async commit(generation: Generation | undefined): Promise<void> {
    if (!generation) return;
    const moved = generation.positions.filter((p) => p.offset >= 0 && generation.committed.get(p) !== p.offset);
    if (moved.length === 0) return;
    const offsets = moved.map((p) => ({ topic: p.topic, partition: p.partition, offset: BigInt(p.offset), leaderEpoch: -1 }));
    try {
      await this.consumer.commit({ offsets });
      for (const [i, p] of moved.entries()) generation.committed.set(p, Number(offsets[i]?.offset));
    } catch {
      // A commit refused mid-rebalance is retried by the next one; the group's offsets only decide where a next member starts.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
