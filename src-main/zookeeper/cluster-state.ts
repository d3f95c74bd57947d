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
});

export type BrokerState = z.infer<typeof brokerStateSchema>;
export type TopicState = z.infer<typeof topicStateSchema>;
export type PartitionStateView = z.infer<typeof partitionStateViewSchema>;
export type ClusterState = z.infer<typeof clusterStateSchema>;
