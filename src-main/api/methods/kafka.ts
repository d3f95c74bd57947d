import { z } from 'zod';
import { method, noInput } from './define';
import {
  browseRequestSchema,
  browseResultSchema,
  groupDetailSchema,
  groupSummarySchema,
  produceRequestSchema,
  resetTargetSchema,
  topicNameSchema,
  configNameSchema,
  groupIdSchema,
  kafkaStringSchema,
  configEntrySchema,
  electionTargetSchema,
  electionResultSchema,
  configChangeSchema,
  brokerScopeSchema,
  plannedOffsetSchema,
  lagHistorySchema,
  topicStorageSchema,
} from '../../kafka/schemas';

/** Kafka: topics and their configs, broker configs, messages, consumer groups. */
export const kafkaMethods = {
  'groups.list': method({
    summary: 'Consumer groups with their state and member count.',
    input: noInput,
    output: z.array(groupSummarySchema),
  }),
  'groups.describe': method({
    summary: 'A group’s members with their partitions, and lag per partition (committed vs log end offsets).',
    input: z.object({ groupId: groupIdSchema }).strict(),
    output: groupDetailSchema,
  }),
  'groups.resetOffsets': method({
    summary:
      "Move a group's committed offsets on a topic to earliest, latest, a timestamp (ms), one offset, or an offset per partition; only while the group is empty.",
    input: z.object({ groupId: groupIdSchema, topic: topicNameSchema, to: resetTargetSchema }).strict(),
    output: z.array(z.object({ partition: z.number().int(), offset: z.number() })),
  }),
  'groups.previewReset': method({
    summary: "Where groups.resetOffsets would move each partition's committed offset (from the committed one); commits nothing.",
    input: z.object({ groupId: groupIdSchema, topic: topicNameSchema, to: resetTargetSchema }).strict(),
    output: z.array(plannedOffsetSchema),
  }),
  'groups.lagHistory': method({
    summary:
      "A group's total lag (and per partition with `perPartition`) over the last 30 minutes, sampled every few seconds while someone asks (sampling stops 2 minutes after the last call); `since` (ms) returns only newer samples.",
    input: z
      .object({ groupId: groupIdSchema, since: z.number().int().min(0).optional(), perPartition: z.boolean().default(false) })
      .strict(),
    output: lagHistorySchema,
  }),
  'groups.delete': method({
    summary: 'Delete a consumer group and its committed offsets; refused while the group has members.',
    input: z.object({ groupId: groupIdSchema }).strict(),
    output: z.object({ groupId: z.string() }),
  }),
  'messages.browse': method({
    summary:
      'Read messages of a topic (or one partition) from earliest, the latest N, an offset or a timestamp; bounded in count and bytes; never commits.',
    input: browseRequestSchema,
    output: browseResultSchema,
    records: 'messages',
  }),
  'messages.produce': method({
    summary: 'Produce one message (key, value, headers; an explicit partition or the key hash) with acks=all.',
    input: produceRequestSchema,
    output: z.object({ partition: z.number().int(), offset: z.string() }),
  }),
  'topics.storage': method({
    summary:
      'Message count (log-end minus log-start offsets) and size on disk of every topic, and bytes per broker log directory: a few requests per broker, not per topic.',
    input: noInput,
    output: topicStorageSchema,
  }),
  'topics.endOffset': method({
    summary: "The sum of a topic's partitions' log-end offsets, with the moment it was read: two reads give its produce rate.",
    input: z.object({ name: topicNameSchema }).strict(),
    output: z.object({ endOffset: z.number(), at: z.string() }),
  }),
  'topics.create': method({
    summary:
      'Create a topic with optional configs; the name, counts and each config are checked (by the controller, validate only) before it is created.',
    input: z
      .object({
        name: topicNameSchema,
        partitions: z.number().int().min(1, 'a topic needs at least 1 partition').max(10_000),
        replicationFactor: z.number().int().min(1, 'the replication factor is at least 1').max(32_767),
        configs: z.record(configNameSchema, kafkaStringSchema).default({}),
      })
      .strict(),
    output: z.object({ name: z.string() }),
  }),
  'topics.delete': method({
    summary: 'Delete a topic and all its data. `confirm` must repeat the topic name.',
    input: z.object({ name: topicNameSchema, confirm: z.string() }).strict(),
    output: z.object({ name: z.string() }),
  }),
  'topics.addPartitions': method({
    summary:
      "Raise a topic's partition count (never lower it). Keys then hash to other partitions: per-key order holds only among messages produced after the change.",
    input: z
      .object({ name: topicNameSchema, partitions: z.number().int().min(2, 'a topic that grows has at least 2 partitions').max(10_000) })
      .strict(),
    output: z.object({ name: z.string(), before: z.number().int(), partitions: z.number().int() }),
  }),
  'partitions.electPreferredLeaders': method({
    summary:
      'Make each partition’s preferred (first) replica its leader where it is in sync: every partition, one topic, or one partition (as kafka-leader-election.sh --election-type PREFERRED).',
    input: electionTargetSchema,
    output: electionResultSchema,
  }),
  'topics.configs': method({
    summary: "A topic's configuration: each value, where it comes from (topic override, broker, default) and the chain it overrides.",
    input: z.object({ name: topicNameSchema }).strict(),
    output: z.array(configEntrySchema),
  }),
  'brokers.configs': method({
    summary:
      "A broker's configuration as it runs: each value, where it comes from (per-broker or cluster-wide dynamic, server.properties, default), read-only and sensitive flags (sensitive values hidden).",
    input: z.object({ brokerId: z.number().int().min(0) }).strict(),
    output: z.array(configEntrySchema),
  }),
  'topics.alterConfigs': method({
    summary:
      "Set and remove a topic's config overrides (removed ones fall back to the broker's value); other overrides are kept. Each config is validated by the broker first; `validateOnly` stops there.",
    input: z.object({ name: topicNameSchema, ...configChangeSchema }).strict(),
    output: z.array(configEntrySchema),
  }),
  'brokers.alterConfigs': method({
    summary:
      'Set and remove dynamic broker configs of one broker, or the cluster-wide default (`brokerId: "cluster-default"`); other overrides are kept. Read-only (static) configs are refused by the broker. Each config is validated by the broker first; `validateOnly` stops there.',
    input: z.object({ brokerId: brokerScopeSchema, ...configChangeSchema }).strict(),
    output: z.object({ brokerId: brokerScopeSchema, set: z.array(z.string()), removed: z.array(z.string()), validateOnly: z.boolean() }),
  }),
} as const;
