import { z } from 'zod';

/** What the app knows of a cluster from ZooKeeper, as the renderer sees it. */
export const brokerStateSchema = z.object({
  id: z.number().int(),
  /** Registered in /brokers/ids right now. */
  registered: z.boolean(),
  /** Named in the profile (a profile broker that is not registered is "absent"). */
  inProfile: z.boolean(),
  serviceId: z.string().optional(),
  host: z.string().optional(),
  endpoints: z.array(z.string()),
  rack: z.string().optional(),
  jmxPort: z.number().int().optional(),
  registeredAt: z.string().optional(),
  controller: z.boolean(),
  leaderOf: z.number().int(),
  replicaOf: z.number().int(),
});

export const partitionStateViewSchema = z.object({
  partition: z.number().int(),
  replicas: z.array(z.number().int()),
  leader: z.number().int().nullable(),
  isr: z.array(z.number().int()),
  leaderEpoch: z.number().int().nullable(),
  underReplicated: z.boolean(),
  offline: z.boolean(),
  preferredLeader: z.boolean(),
});

export const topicStateSchema = z.object({
  name: z.string(),
  internal: z.boolean(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  underReplicated: z.number().int(),
  offline: z.number().int(),
  nonPreferredLeader: z.number().int(),
  markedForDeletion: z.boolean(),
});

export const clusterStateSchema = z.object({
  zookeeper: z.object({
    connectString: z.string(),
    state: z.enum(['connecting', 'connected', 'unreachable']),
    since: z.string(),
    message: z.string().optional(),
  }),
  clusterId: z.string().optional(),
  controllerId: z.number().int().nullable(),
  brokers: z.array(brokerStateSchema),
  topics: z.array(topicStateSchema),
  totals: z.object({
    topics: z.number().int(),
    partitions: z.number().int(),
    underReplicated: z.number().int(),
    offline: z.number().int(),
    nonPreferredLeader: z.number().int(),
  }),
  pendingReassignment: z.boolean(),
  updatedAt: z.string(),
  /** Counts the changes the watch has announced; a delta applies to the state of the revision before it. */
  revision: z.number().int(),
  /** Which watch counts the revisions (a new profile or session starts a new count). */
  epoch: z.string(),
});

/**
 * What changed since the previous revision, pushed with `cluster.changed`: the small parts whole (ZooKeeper,
 * brokers, totals), and of the topics only those added, changed or removed. A receiver whose state is not at
 * `revision - 1`, or that gets `reset`, fetches `cluster.state` again instead.
 */
export const clusterDeltaSchema = clusterStateSchema.omit({ topics: true }).extend({
  /** Too much changed (a reconnect re-read everything, or a broker death touched most topics): refetch. */
  reset: z.boolean(),
  topics: z.array(topicStateSchema),
  removedTopics: z.array(z.string()),
});

export type ClusterDelta = z.infer<typeof clusterDeltaSchema>;

export type BrokerState = z.infer<typeof brokerStateSchema>;
export type TopicState = z.infer<typeof topicStateSchema>;
export type PartitionStateView = z.infer<typeof partitionStateViewSchema>;
export type ClusterState = z.infer<typeof clusterStateSchema>;

export const znodePathSchema = z
  .string()
  .regex(/^\/([^/]+(\/[^/]+)*)?$/, 'a znode path starts with "/" and has no empty segments')
  .refine((p) => !p.includes('\0'), 'a znode path cannot contain a NUL character')
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'a znode path cannot contain "." or ".." segments');

export const znodeSchema = z.object({
  path: z.string(),
  children: z.array(z.string()),
  /** UTF-8 text when the data is text, otherwise hex; cut at `limit` bytes. */
  data: z.string().nullable(),
  encoding: z.enum(['utf8', 'hex', 'none']),
  truncated: z.boolean(),
  stat: z.object({
    version: z.number().int(),
    dataLength: z.number().int(),
    numChildren: z.number().int(),
    ctime: z.string(),
    mtime: z.string(),
    ephemeralOwner: z.string().nullable(),
  }),
});

export type Znode = z.infer<typeof znodeSchema>;
