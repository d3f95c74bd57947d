import { z } from 'zod';
import { method, noInput } from './define';
import { clusterStateSchema, partitionStateViewSchema, znodePathSchema, znodeSchema } from '../../zookeeper/schemas';
import { topicNameSchema } from '../../kafka/schemas';

/** The live ZooKeeper picture of the cluster, and the read-only znode browser. */
export const clusterMethods = {
  'cluster.state': method({
    summary:
      'Brokers (registered and absent), controller, topics with under-replicated/offline counts, ZooKeeper state; kept live by watches.',
    input: noInput,
    output: clusterStateSchema,
  }),
  'cluster.partitions': method({
    summary:
      "A topic's partitions: replicas, leader, ISR, leader epoch, and whether each is under-replicated, offline or led by a non-preferred replica.",
    input: z.object({ topic: topicNameSchema }).strict(),
    output: z.array(partitionStateViewSchema),
  }),
  'zookeeper.node': method({
    summary: 'Read-only: data (text or hex), stat and children of a znode.',
    input: z.object({ path: znodePathSchema.default('/') }).strict(),
    output: znodeSchema,
  }),
} as const;
