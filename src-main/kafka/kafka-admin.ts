import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS without static export names: Node's ESM loader only offers its default export.
const { ConfigResourceTypes } = kafkajs;
import { AppFailure, fail } from '../common/errors';
import { newKafka, type KafkaConnection } from './kafka-client';
import { changeConfigs, checkTopic, toConfigEntry, type ConfigChange, type ConfigTarget } from './configs';
import { deleteGroup, describeGroup, listGroups, planReset, resetOffsets } from './consumer-groups';
import { electPreferredLeaders } from './leader-election';
import {
  cancelReassignments,
  executeReassignment,
  listReassignments,
  proposeReassignment,
  type ReassignmentProgress,
} from './reassignment';
import { readTopicStorage } from './topic-storage';
import { browseMessages, produceMessage } from './messages';
import type {
  BrowseRequest,
  BrowseResult,
  ConfigEntry,
  ElectionResult,
  ElectionTarget,
  GroupDetail,
  GroupSummary,
  OngoingReassignment,
  PartitionMove,
  PlannedOffset,
  ProduceRequest,
  ReassignmentPlan,
  ReassignmentRequest,
  ResetTarget,
  TopicStorage,
} from './schemas';

export interface CreateTopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/**
 * The Kafka admin operations the app needs, behind a small interface of its
 * own so the client library can be swapped. One connection per cluster,
 * opened on first use.
 */
export interface KafkaAdmin {
  listTopics(): Promise<string[]>;
  /** Message count and size on disk of every topic, and the brokers' log directories. */
  topicStorage(): Promise<TopicStorage>;
  /** The sum of the topic's partitions' end offsets. */
  topicEndOffset(topic: string): Promise<number>;
  /** The sum of a group's committed offsets on a topic (partitions without a commit count 0). */
  committedOffset(groupId: string, topic: string): Promise<number>;
  listGroups(): Promise<GroupSummary[]>;
  describeGroup(groupId: string): Promise<GroupDetail>;
  resetOffsets(groupId: string, topic: string, to: ResetTarget): Promise<Array<{ partition: number; offset: number }>>;
  /** Where a reset would move each partition's committed offset; commits nothing. */
  planReset(groupId: string, topic: string, to: ResetTarget): Promise<PlannedOffset[]>;
  /** Deletes an empty group (its committed offsets with it); refuses one with members. */
  deleteGroup(groupId: string): Promise<void>;
  /** Raises a topic's partition count to `count`; refuses anything but an increase. Returns the count before. */
  addPartitions(topic: string, count: number): Promise<{ before: number }>;
  /** Moves leadership back to each partition's preferred (first) replica, where it is in sync. */
  electPreferredLeaders(target: ElectionTarget): Promise<ElectionResult>;
  /** A bounded read that never commits. */
  browse(req: BrowseRequest, timeoutMs?: number): Promise<BrowseResult>;
  produce(req: ProduceRequest): Promise<{ partition: number; offset: string }>;
  createTopic(req: CreateTopicRequest): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  topicConfigs(name: string): Promise<ConfigEntry[]>;
  brokerConfigs(brokerId: number): Promise<ConfigEntry[]>;
  /** Sets and removes config overrides of a topic or broker scope, keeping every other override; validated by the broker first. */
  changeConfigs(target: ConfigTarget, change: ConfigChange, validateOnly: boolean): Promise<void>;
  /** A balanced replica placement for the chosen brokers (hosts: the machine of each broker, from the profile). */
  proposeReassignment(req: ReassignmentRequest, hostOfBroker: ReadonlyMap<number, string>): Promise<ReassignmentPlan>;
  /** Reassignments in flight, whoever started them. */
  reassignments(): Promise<OngoingReassignment[]>;
  /** Runs a plan to its end: throttle, moves, verification, throttle removed; rolled back on cancel. */
  executeReassignment(
    input: { moves: readonly PartitionMove[]; throttleBytesPerSec?: number | undefined },
    progress: ReassignmentProgress,
  ): Promise<{ moved: number }>;
  /** Cancels reassignments in flight (all of them when none are named). */
  cancelReassignments(partitions?: ReadonlyArray<{ topic: string; partition: number }>): Promise<{ cancelled: number }>;
  close(): Promise<void>;
}

/** Whether the error, or one it wraps (kafkajs retries wrap the last one), is Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
function unknownTopicIn(err: unknown): boolean {
  for (let e = err as { type?: string; originalError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

function kafkaError(err: unknown, what: string): AppFailure {
  if (err instanceof AppFailure) return err;
  const e = err as { type?: string; message?: string; name?: string };
  const type = e.type ?? '';
  if (type === 'TOPIC_ALREADY_EXISTS') return new AppFailure({ code: 'conflict', message: `${what}: the topic already exists.` });
  if (unknownTopicIn(err)) return new AppFailure({ code: 'not_found', message: `${what}: no such topic.` });
  if (
    type === 'INVALID_REPLICATION_FACTOR' ||
    type === 'INVALID_PARTITIONS' ||
    type === 'INVALID_CONFIG' ||
    type === 'INVALID_TOPIC_EXCEPTION'
  ) {
    return new AppFailure({ code: 'invalid_input', message: `${what}: ${e.message ?? type}` });
  }
  // The codec table lacks this batch's compression (kafkajs: "LZ4 compression not implemented"): say which.
  const codec = /^(\w+) compression not implemented/i.exec(e.message ?? '');
  if (e.name === 'KafkaJSNotImplemented' && codec)
    return new AppFailure({
      code: 'internal',
      message: `${what.slice(0, 300)}: its messages are ${codec[1]}-compressed, and this app cannot decompress ${codec[1]}.`,
      hint: 'Read them with kcat or kafka-console-consumer.sh meanwhile.',
    });
  // kafkajs gives up finding a coordinator when no broker will act for the group (it also does so for group ids the
  // brokers refuse to hash, e.g. absurdly long ones).
  if (e.name === 'KafkaJSGroupCoordinatorNotFound')
    return new AppFailure({
      code: 'kafka_unreachable',
      message: `${what.slice(0, 300)}: no broker acts as coordinator of this group.`,
      hint: 'Check the group id; if it is right, check that the brokers and __consumer_offsets are healthy.',
    });
  if (
    e.name === 'KafkaJSConnectionError' ||
    e.name === 'KafkaJSNumberOfRetriesExceeded' ||
    e.name === 'KafkaJSNonRetriableError' ||
    e.name === 'BrokersUnreachableError'
  ) {
    return new AppFailure({
      code: 'kafka_unreachable',
      message: `${what}: cannot reach the brokers (${e.message ?? e.name}).`,
      hint: 'Are the brokers running, and do their advertised listeners resolve from here?',
    });
  }
  // Any other error a broker answered with: Kafka refused this request (its error name says why).
  if (type !== '')
    return new AppFailure({ code: 'invalid_input', message: `${what.slice(0, 300)}: Kafka refused it (${type}): ${e.message ?? ''}` });
  return new AppFailure({ code: 'internal', message: `${what}: ${e.message ?? String(err)}` });
}

export function createKafkaAdmin(conn: KafkaConnection, clientId = 'kafka-control-center'): KafkaAdmin {
  const kafka = newKafka(conn, clientId);
  let admin: Promise<Admin> | undefined;
  const connected = (): Promise<Admin> => {
    admin ??= (async () => {
      const a = kafka.admin();
      try {
        await a.connect();
        return a;
      } catch (err) {
        admin = undefined;
        throw kafkaError(err, 'Connecting to Kafka');
      }
    })();
    return admin;
  };
  async function describeConfigs(
    type: (typeof ConfigResourceTypes)[keyof typeof ConfigResourceTypes],
    name: string,
    what: string,
  ): Promise<ConfigEntry[]> {
    // Through withAdmin: a topic deleted by anyone else since this client last asked about topics would otherwise
    // fail every describe, of brokers too, until the app restarts.
    const r = await withAdmin(what, (a) => a.describeConfigs({ resources: [{ type, name }], includeSynonyms: true }));
    return (r.resources[0]?.configEntries ?? []).map(toConfigEntry).sort((x, y) => x.name.localeCompare(y.name));
  }
  /** Runs `fn` with the connected admin client, mapping client errors to app errors. */
  async function withAdmin<T>(what: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
    const a = await connected();
    try {
      return await fn(a);
    } catch (err) {
      // kafkajs keeps every topic it was asked about in its metadata requests, and fails them all once one of those
      // topics is deleted (by the app or anyone else): a fresh client forgets them. Once; a topic that really is
      // missing fails the same way again and is reported as such.
      if (!unknownTopicIn(err)) throw kafkaError(err, what);
      await resetClient(a);
      try {
        return await fn(await connected());
      } catch (again) {
        throw kafkaError(again, what);
      }
    }
  }
  /** The next call gets a new client; the old one is closed once calls already under way on it are done. */
  const retired = new Set<Admin>();
  async function resetClient(stale: Admin): Promise<void> {
    if (admin && (await admin.catch(() => undefined)) === stale) admin = undefined;
    if (retired.has(stale)) return;
    retired.add(stale);
    setTimeout(() => {
      retired.delete(stale);
      void stale.disconnect().catch(() => undefined);
    }, 30_000).unref();
  }
  return {
    listTopics: () => withAdmin('Listing topics', (a) => a.listTopics()),
    topicStorage: async () => {
      const { brokers } = await withAdmin('Finding the brokers', (a) => a.describeCluster());
      return readTopicStorage(conn, brokers).catch((err: unknown) =>
        fail('kafka_unreachable', `Reading topic sizes: no broker answered (${err instanceof Error ? err.message : String(err)}).`, {
          hint: 'Are the brokers running, and do their advertised listeners resolve from here?',
        }),
      );
    },
    topicEndOffset: (topic) =>
      withAdmin(`Reading the end offsets of ${topic}`, async (a) =>
        (await a.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0),
      ),
    committedOffset: (groupId, topic) =>
      withAdmin(`Reading the offsets of ${groupId} on ${topic}`, async (a) => {
        const got = await a.fetchOffsets({ groupId, topics: [topic] });
        return (got[0]?.partitions ?? []).reduce((n, o) => n + Math.max(0, Number(o.offset)), 0);
      }),
    listGroups: () => withAdmin('Listing consumer groups', listGroups),
    describeGroup: (groupId) => withAdmin(`Describing group ${groupId}`, (a) => describeGroup(a, groupId)),
    resetOffsets: (groupId, topic, to) => withAdmin(`Resetting offsets of ${groupId}`, (a) => resetOffsets(conn, a, groupId, topic, to)),
    planReset: (groupId, topic, to) => withAdmin(`Planning a reset of ${groupId}`, (a) => planReset(a, groupId, topic, to)),
    deleteGroup: (groupId) => withAdmin(`Deleting group ${groupId}`, (a) => deleteGroup(a, groupId)),
    addPartitions: (topic, count) =>
      withAdmin(`Adding partitions to ${topic}`, async (a) => {
        const meta = (await a.fetchTopicMetadata({ topics: [topic] })).topics[0];
        const before = meta?.partitions.length ?? 0;
        if (before === 0) fail('not_found', `No topic "${topic}".`);
        // Kafka can only add partitions (INVALID_PARTITIONS otherwise); saying so up front names the current count.
        if (count <= before)
          fail(
            'invalid_input',
            `Topic ${topic} has ${before} partition(s): the new count must be more than that (partitions cannot be removed).`,
            {
              field: 'partitions',
            },
          );
        await a.createPartitions({ topicPartitions: [{ topic, count }], timeout: 30_000 });
        return { before };
      }),
    electPreferredLeaders: (target) => withAdmin('Electing preferred leaders', (a) => electPreferredLeaders(conn, a, target)),
    proposeReassignment: (req, hosts) => withAdmin('Planning a reassignment', (a) => proposeReassignment(a, req, hosts)),
    reassignments: () => withAdmin('Listing reassignments', (a) => listReassignments(a)),
    executeReassignment: (input, progress) => withAdmin('Reassigning partitions', (a) => executeReassignment(conn, a, input, progress)),
    cancelReassignments: (partitions) =>
      withAdmin('Cancelling reassignments', async (a) => cancelReassignments(conn, a, partitions ?? (await listReassignments(a)))),
    browse: (req, timeoutMs) => withAdmin(`Browsing ${req.topic}`, (a) => browseMessages(conn, a, req, timeoutMs)),
    produce: (req) => withAdmin(`Producing to ${req.topic}`, () => produceMessage(conn, req)),
    async createTopic(req) {
      const create = (client: Admin) =>
        client.createTopics({
          topics: [
            {
              topic: req.name,
              numPartitions: req.partitions,
              replicationFactor: req.replicationFactor,
              configEntries: Object.entries(req.configs).map(([name, value]) => ({ name, value })),
            },
          ],
          waitForLeaders: true,
          timeout: 30_000,
        });
      const firstError = (err: unknown) => (err as { errors?: unknown[] }).errors?.[0] ?? err;
      const a = await connected();
      try {
        await checkTopic(conn, a, req);
      } catch (err) {
        throw kafkaError(err, `Creating topic ${req.name}`);
      }
      let created: boolean;
      try {
        created = await create(a);
      } catch (err) {
        // The client asks for the metadata of every topic it knows, before creating and while waiting for leaders:
        // one deleted since fails the call, before or after the topic was created. A fresh client tells which.
        if (!unknownTopicIn(firstError(err))) throw kafkaError(firstError(err), `Creating topic ${req.name}`);
        await resetClient(a);
        const fresh = await connected();
        try {
          created = await create(fresh);
        } catch (again) {
          throw kafkaError(firstError(again), `Creating topic ${req.name}`);
        }
      }
      if (!created) fail('conflict', `Topic ${req.name} already exists.`);
    },
    async deleteTopic(name) {
      const a = await connected();
      try {
        await a.deleteTopics({ topics: [name], timeout: 30_000 });
      } catch (err) {
        throw kafkaError(err, `Deleting topic ${name}`);
      }
      // This client may have asked about the topic: it would fail every later metadata request (see withAdmin).
      await resetClient(a);
    },
    topicConfigs: (name) => describeConfigs(ConfigResourceTypes.TOPIC, name, `Reading the configs of ${name}`),
    brokerConfigs: (brokerId) => describeConfigs(ConfigResourceTypes.BROKER, String(brokerId), `Reading the configs of broker ${brokerId}`),
    changeConfigs: (target, change, validateOnly) =>
      withAdmin('Changing configs', (a) => changeConfigs(conn, a, target, change, validateOnly)),
    async close() {
      const a = admin;
      admin = undefined;
      await Promise.all([...retired].map((r) => r.disconnect().catch(() => undefined)));
      retired.clear();
      if (a) await (await a.catch(() => undefined))?.disconnect();
    },
  };
}
