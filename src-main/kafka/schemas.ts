import { z } from 'zod';
import { parseJsonPath } from '../common/json-path';
import { appErrorSchema } from '../common/errors';

/**
 * Kafka's own topic name rules (org.apache.kafka.common.internals.Topic):
 * 1–249 characters of [a-zA-Z0-9._-], and not "." or "..". Checked before
 * anything is sent, so the user gets the rule, not a broker error code.
 */
export const topicNameSchema = z
  .string()
  .min(1, 'a topic name cannot be empty')
  .max(249, 'a topic name has at most 249 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'a topic name may only contain letters, digits, ".", "_" and "-"')
  .refine((n) => n !== '.' && n !== '..', 'a topic name cannot be "." or ".."');

/** A string Kafka's protocol carries with a 16-bit length (config names and values, group ids): longer ones cannot be sent. */
export const kafkaStringSchema = z
  .string()
  .refine((s) => new TextEncoder().encode(s).length <= 32_767, 'at most 32,767 bytes (a limit of the Kafka protocol)');
export const configNameSchema = z.string().min(1).max(255, 'a config name has at most 255 characters');
export const groupIdSchema = kafkaStringSchema.refine((s) => s.length > 0, 'a group id cannot be empty');

export const groupSummarySchema = z.object({
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  members: z.number().int(),
});

export const partitionLagSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** Committed offset, or null when the group never committed on this partition. */
  committed: z.number().nullable(),
  logStart: z.number(),
  logEnd: z.number(),
  /** Messages not yet consumed: end − committed (end − start when nothing was committed). */
  lag: z.number(),
});

export const groupDetailSchema = z.object({
  groupId: z.string(),
  state: z.string(),
  protocol: z.string(),
  members: z.array(
    z.object({
      memberId: z.string(),
      clientId: z.string(),
      host: z.string(),
      assignment: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
    }),
  ),
  offsets: z.array(partitionLagSchema),
  totalLag: z.number(),
});

export const resetTargetSchema = z.union([
  z.literal('earliest'),
  z.literal('latest'),
  z.object({ timestamp: z.number().int().min(0) }).strict(),
  z.object({ offset: z.number().int().min(0) }).strict(),
  /** An offset per partition; partitions not listed keep their committed offset. */
  z
    .object({
      offsets: z
        .array(z.object({ partition: z.number().int().min(0), offset: z.number().int().min(0) }).strict())
        .min(1, 'give an offset for at least one partition')
        .max(100_000)
        .refine((l) => new Set(l.map((o) => o.partition)).size === l.length, 'each partition at most once'),
    })
    .strict(),
]);

export type GroupSummary = z.infer<typeof groupSummarySchema>;

export type GroupDetail = z.infer<typeof groupDetailSchema>;

export type ResetTarget = z.infer<typeof resetTargetSchema>;

export const plannedOffsetSchema = z.object({
  partition: z.number().int(),
  /** The committed offset now; null when the group never committed on this partition. */
  current: z.number().nullable(),
  offset: z.number(),
  logStart: z.number(),
  logEnd: z.number(),
});
export type PlannedOffset = z.infer<typeof plannedOffsetSchema>;

export const browseStartSchema = z.union([
  z.literal('earliest'),
  z.object({ latest: z.number().int().min(1).max(10_000) }).strict(),
  z.object({ offset: z.number().int().min(0) }).strict(),
  z.object({ timestamp: z.number().int().min(0) }).strict(),
  /** Where a previous page left off (its `next`): each listed partition from its offset, the others not at all. */
  z
    .object({
      positions: z
        .array(z.object({ partition: z.number().int().min(0), offset: z.number().int().min(0) }).strict())
        .min(1)
        .max(100_000),
    })
    .strict(),
]);

export const browseRequestSchema = z
  .object({
    topic: topicNameSchema,
    partition: z.number().int().min(0).optional(),
    from: browseStartSchema.default('earliest'),
    limit: z.number().int().min(1).max(10_000).default(100),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    /** Case-insensitive substring of key, value or a header value. */
    contains: z.string().optional(),
    /** Keep only JSON values where this path exists (e.g. `$.reading.temperature`)… */
    jsonPath: z
      .string()
      .refine((p) => parseJsonPath(p) !== undefined, 'use a path like $.field, $.a.b or $.items[0].id')
      .optional(),
    /** …and, if given, where its value equals this text. */
    jsonEquals: z.string().optional(),
  })
  .strict();

export const renderedSchema = z.object({
  text: z.string().nullable(),
  encoding: z.enum(['utf8', 'json', 'hex', 'null']),
  size: z.number().int(),
  truncated: z.boolean(),
});

export const browsedMessageSchema = z.object({
  partition: z.number().int(),
  offset: z.string(),
  timestamp: z.string(),
  key: renderedSchema,
  value: renderedSchema,
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
});

export const browseResultSchema = z.object({
  messages: z.array(browsedMessageSchema),
  scanned: z.number().int(),
  /** Why the scan stopped: enough messages, the byte budget, the end of every partition, or the time limit. */
  stoppedBy: z.enum(['limit', 'bytes', 'end', 'time']),
  /**
   * Where the next page starts: the first offset not yet looked at in each partition the scan did not finish (empty
   * when it read to the end). Pass it back as `from: { positions }`.
   */
  next: z.array(z.object({ partition: z.number().int(), offset: z.number().int() })),
});

export type BrowseRequest = z.infer<typeof browseRequestSchema>;

export type BrowseResult = z.infer<typeof browseResultSchema>;

export type Rendered = z.infer<typeof renderedSchema>;

export const produceRequestSchema = z
  .object({
    topic: topicNameSchema,
    key: z.string().nullable().default(null),
    value: z.string().nullable(),
    headers: z
      .array(z.object({ key: z.string().min(1), value: z.string() }))
      .max(1000)
      .default([]),
    partition: z.number().int().min(0).optional(),
  })
  .strict();

export type ProduceRequest = z.infer<typeof produceRequestSchema>;

/** One configuration entry of a topic or a broker, as Kafka describes it. */
/** Where a config value comes from, as DescribeConfigs says (KIP-226), most specific first. */
export const configSourceSchema = z.enum([
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'UNKNOWN',
]);
export type ConfigSource = z.infer<typeof configSourceSchema>;

export const configEntrySchema = z.object({
  name: z.string(),
  /** null when the value is sensitive (the broker never returns it) or unset. */
  value: z.string().nullable(),
  isDefault: z.boolean(),
  readOnly: z.boolean(),
  sensitive: z.boolean(),
  source: configSourceSchema,
  /** The chain of values this one overrides, the effective one first (empty when the broker gives none). */
  synonyms: z.array(z.object({ name: z.string(), value: z.string().nullable(), source: configSourceSchema })),
});
export type ConfigEntry = z.infer<typeof configEntrySchema>;

/** Overrides to set and overrides to delete (the value falls back to the next source); other overrides are kept. */
export const configChangeSchema = {
  set: z.record(configNameSchema, kafkaStringSchema).default({}),
  remove: z.array(configNameSchema).max(1_000).default([]),
  /** Only ask the broker whether it would accept the change. */
  validateOnly: z.boolean().default(false),
};

/** Which broker configuration a change goes to: one broker's, or the cluster-wide default all brokers share. */
export const brokerScopeSchema = z.union([z.number().int().min(0), z.literal('cluster-default')]);
export type BrokerScope = z.infer<typeof brokerScopeSchema>;

/** The broker's own reason per config it refused, in `details.configErrors` of an invalid_input error. */
export const configErrorsSchema = z.record(z.string(), z.string());

/** Which partitions a preferred leader election covers: all of the cluster, one topic, or one partition of it. */
export const electionTargetSchema = z
  .object({
    topic: topicNameSchema.optional(),
    partition: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((t) => t.partition === undefined || t.topic !== undefined, { message: 'a partition needs its topic', path: ['partition'] });
export type ElectionTarget = z.infer<typeof electionTargetSchema>;

const topicPartitionSchema = z.object({ topic: z.string(), partition: z.number().int() });

export const electionResultSchema = z.object({
  /** Partitions whose preferred replica became the leader. */
  elected: z.array(topicPartitionSchema),
  /**
   * Partitions already led by their preferred replica (Kafka: ELECTION_NOT_NEEDED); null for a cluster-wide election,
   * whose answer leaves them out (KafkaApis returns only partitions that were elected or failed).
   */
  alreadyPreferred: z.number().int().nullable(),
  /** Partitions Kafka could not move, with its error name and message (e.g. the preferred replica is not in sync). */
  failed: z.array(topicPartitionSchema.extend({ error: z.string(), message: z.string() })),
});
export type ElectionResult = z.infer<typeof electionResultSchema>;

/** What a reassignment plan covers: brokers to use (default: every live one) minus those to empty, and topics. */
export const reassignmentRequestSchema = z
  .object({
    include: z.array(z.number().int().min(0)).min(1).optional(),
    exclude: z.array(z.number().int().min(0)).optional(),
    topics: z.array(topicNameSchema).min(1).optional(),
  })
  .strict();
export type ReassignmentRequest = z.infer<typeof reassignmentRequestSchema>;

export const partitionMoveSchema = z.object({
  topic: topicNameSchema,
  partition: z.number().int().min(0),
  current: z.array(z.number().int()),
  proposed: z.array(z.number().int()).min(1),
});
export type PartitionMove = z.infer<typeof partitionMoveSchema>;

export const brokerLoadSchema = z.object({
  id: z.number().int(),
  /** The machine it runs on (brokers sharing one are not given two replicas of a partition when avoidable). */
  host: z.string().optional(),
  replicasBefore: z.number().int(),
  replicasAfter: z.number().int(),
  leadersBefore: z.number().int(),
  leadersAfter: z.number().int(),
  excluded: z.boolean(),
});

export const reassignmentPlanSchema = z.object({
  moves: z.array(
    partitionMoveSchema.extend({
      /** Replicas that must copy the partition's data (the costly part). */
      adds: z.array(z.number().int()),
      removes: z.array(z.number().int()),
    }),
  ),
  brokers: z.array(brokerLoadSchema),
  /** Partitions left as they are, and why (not enough brokers, several replicas on one machine kept). */
  findings: z.array(z.string()),
});
export type ReassignmentPlan = z.infer<typeof reassignmentPlanSchema>;

export const reassignmentExecuteSchema = z
  .object({
    moves: z.array(partitionMoveSchema).min(1).max(10_000),
    /** Replication throttle per broker, bytes/s (Kafka's leader/follower.replication.throttled.rate); none if absent. */
    throttleBytesPerSec: z.number().int().min(1024).optional(),
  })
  .strict();

export const ongoingReassignmentSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  replicas: z.array(z.number().int()),
  adding: z.array(z.number().int()),
  removing: z.array(z.number().int()),
});
export type OngoingReassignment = z.infer<typeof ongoingReassignmentSchema>;

/** A group's lag over the last minutes, as sampled in the main process while someone watches it. */
export const lagHistorySchema = z.object({
  groupId: z.string(),
  intervalMs: z.number().int(),
  keepMs: z.number().int(),
  /** Why the last sample failed (the series has a gap meanwhile); null when it worked. */
  lastError: appErrorSchema.nullable(),
  /** The partitions of `samples[].lags`, in order; empty unless asked for per partition. */
  partitions: z.array(z.object({ topic: z.string(), partition: z.number().int() })),
  samples: z.array(
    z.object({
      at: z.number(),
      totalLag: z.number(),
      lags: z.array(z.number().nullable()).optional(),
    }),
  ),
});
export type LagHistory = z.infer<typeof lagHistorySchema>;
/** Message counts and sizes on disk, per topic and per broker log directory, read in one pass over the brokers. */
export const topicStorageSchema = z.object({
  topics: z.array(
    z.object({
      topic: z.string(),
      /**
       * Sum over partitions of log-end minus log-start offset: the records a consumer from earliest could read (on a
       * compacted topic, an upper bound). Null when a partition's leader did not answer.
       */
      messages: z.number().nullable(),
      /** Bytes on disk over every replica of every partition; null when a broker holding one did not answer. */
      bytes: z.number().nullable(),
    }),
  ),
  logDirs: z.array(
    z.object({
      broker: z.number().int(),
      dir: z.string(),
      /** Bytes of the replicas in this directory (Kafka's own count, as kafka-log-dirs.sh shows it). */
      bytes: z.number(),
      replicas: z.number().int(),
      /** Kafka's error for an offline directory (KAFKA_STORAGE_ERROR). */
      error: z.string().optional(),
    }),
  ),
  /** Brokers that did not answer, with why; their topics' figures are null. */
  unreachable: z.array(z.object({ broker: z.number().int(), message: z.string() })),
  readAt: z.string(),
});
export type TopicStorage = z.infer<typeof topicStorageSchema>;
