import { z } from 'zod';
import { entityId } from '../profile/schemas';
import { topicNameSchema } from '../kafka/schemas';

/**
 * What a user asks for when launching a workload, and the one metrics shape
 * every kind reports (the app's producer and consumer, and Kafka's own perf
 * tools run on cluster hosts), so one chart and one table show them all.
 */

export const valueTemplateSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('random'),
      size: z
        .number()
        .int()
        .min(1)
        .max(10 * 1024 * 1024),
    })
    .strict(),
  z
    .object({
      kind: z.literal('text'),
      text: z
        .string()
        .min(1)
        .max(1024 * 1024),
    })
    .strict(),
  /** IoT sensor readings like the seed's data: sensor id, temperature, humidity, timestamp. */
  z.object({ kind: z.literal('iot-json'), sensors: z.number().int().min(1).max(1_000_000).default(100) }).strict(),
]);
export type ValueTemplate = z.infer<typeof valueTemplateSchema>;

/** About how many bytes one value of a template takes (an IoT reading's JSON is ~130 bytes). */
export function nominalValueBytes(value: ValueTemplate): number {
  return value.kind === 'random' ? value.size : value.kind === 'text' ? Buffer.byteLength(value.text) : 130;
}

export const keyStrategySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('sequential') }).strict(),
  z.object({ kind: z.literal('random'), count: z.number().int().min(1).max(10_000_000) }).strict(),
]);

/** Records per second, or null for as fast as the cluster takes them. */
const throughputSchema = z.number().positive('throughput must be more than 0 records/s, or empty for unlimited').nullable();

/** Exactly one of `records` and `durationSec` ends a run. */
const extentSchema = {
  records: z.number().int().min(1).max(1_000_000_000).optional(),
  durationSec: z
    .number()
    .min(1)
    .max(24 * 3600)
    .optional(),
};

/** compression.type values a producer workload knows; which of them this runtime can write is the load client's to say. */
export const compressionSchema = z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']);
export type Compression = z.infer<typeof compressionSchema>;

export const producerSpecSchema = z
  .object({
    topic: topicNameSchema,
    ...extentSchema,
    value: valueTemplateSchema.default({ kind: 'random', size: 100 }),
    key: keyStrategySchema.default({ kind: 'none' }),
    throughput: throughputSchema.default(null),
    acks: z.enum(['all', '1', '0']).default('all'),
    /** compression.type; zstd only where the runtime has it (Node.js 22.15 and later). */
    compression: compressionSchema.default('none'),
    /** Bytes per request to one broker, as the Java client's batch.size. */
    batchBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024),
    /** linger.ms: how long a partial batch waits for more records. */
    lingerMs: z.number().int().min(0).max(10_000).default(5),
    /** max.in.flight.requests.per.connection (one per partition when idempotent). */
    maxInFlight: z.number().int().min(1).max(32).default(5),
    idempotent: z.boolean().default(false),
    /** Add a sequence header to each record so a consumer can verify and time it end to end. */
    stamp: z.boolean().default(true),
  })
  .strict()
  .refine((s) => (s.records === undefined) !== (s.durationSec === undefined), {
    message: 'give either a number of records or a duration',
    path: ['records'],
  });
export type ProducerSpec = z.infer<typeof producerSpecSchema>;

export const consumerSpecSchema = z
  .object({
    topics: z.array(topicNameSchema).min(1),
    /** Empty: an ephemeral group the app makes up and forgets. */
    groupId: z.string().min(1).max(249).optional(),
    from: z.enum(['earliest', 'latest']).default('latest'),
    ...extentSchema,
    /** Consumers in the same group, to watch partitions being shared out. */
    members: z.number().int().min(1).max(16).default(1),
  })
  .strict()
  .refine((s) => !(s.records !== undefined && s.durationSec !== undefined), {
    message: 'give a number of records or a duration, not both',
    path: ['records'],
  });
export type ConsumerSpec = z.infer<typeof consumerSpecSchema>;

/** Kafka's own perf tool on one or several cluster hosts, over SSH. */
export const remotePerfSpecSchema = z
  .object({
    tool: z.enum(['producer', 'consumer']),
    hosts: z.array(entityId).min(1),
    topic: topicNameSchema,
    records: z.number().int().min(1).max(1_000_000_000),
    recordSize: z
      .number()
      .int()
      .min(1)
      .max(10 * 1024 * 1024)
      .default(100),
    throughput: throughputSchema.default(null),
    acks: z.enum(['all', '1', '0']).default('all'),
  })
  .strict();
export type RemotePerfSpec = z.infer<typeof remotePerfSpecSchema>;

export const latencySchema = z.object({
  avg: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number().optional(),
  max: z.number(),
});
export type Latency = z.infer<typeof latencySchema>;

/** One report: totals so far and rates over the last interval. */
export const workloadSampleSchema = z.object({
  at: z.string(),
  elapsedMs: z.number(),
  records: z.number(),
  bytes: z.number(),
  recordsPerSec: z.number(),
  mbPerSec: z.number(),
  /** Producer: send-to-ack latency; consumer: produce-to-consume latency of stamped records. */
  latencyMs: latencySchema.nullable(),
  errors: z.number(),
  lastError: z.string().optional(),
  /** Consumer groups: partitions each member holds, `topic-partition` strings. */
  assignments: z.record(z.string(), z.array(z.string())).optional(),
  /** Remote runs: the latest figures from each host. */
  perHost: z.record(z.string(), z.object({ records: z.number(), recordsPerSec: z.number(), mbPerSec: z.number() })).optional(),
});
export type WorkloadSample = z.infer<typeof workloadSampleSchema>;

export const workloadSummarySchema = z.object({
  records: z.number(),
  bytes: z.number(),
  durationMs: z.number(),
  recordsPerSec: z.number(),
  mbPerSec: z.number(),
  latencyMs: latencySchema.nullable(),
  errors: z.number(),
  /** The summary line in the words Kafka's perf tool prints. */
  text: z.string(),
  /** Producer runs: records the brokers acknowledged, and a checksum of their values. */
  acked: z.number().optional(),
  ackedChecksum: z.string().optional(),
});
export type WorkloadSummary = z.infer<typeof workloadSummarySchema>;

export const workloadKindSchema = z.enum(['producer', 'consumer', 'remote-producer', 'remote-consumer']);

export const workloadRunSchema = z.object({
  id: z.string(),
  kind: workloadKindSchema,
  /** One line for the table: topic, size, rate. */
  label: z.string(),
  topics: z.array(z.string()),
  state: z.enum(['running', 'stopping', 'completed', 'stopped', 'failed']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  spec: z.record(z.string(), z.unknown()),
  /** The last report, for a view opened mid-run. */
  latest: workloadSampleSchema.optional(),
  /** Recent reports (up to ten minutes), for a chart opened mid-run. */
  history: z.array(workloadSampleSchema),
  summary: workloadSummarySchema.optional(),
  error: z.string().optional(),
});
export type WorkloadRun = z.infer<typeof workloadRunSchema>;

export const verifyResultSchema = z.object({
  runId: z.string(),
  topic: z.string(),
  acked: z.number(),
  /** Acknowledged records found in the topic. */
  found: z.number(),
  missing: z.number(),
  /** Extra copies of acknowledged records (retries without idempotence). */
  duplicates: z.number(),
  ackedChecksum: z.string(),
  foundChecksum: z.string(),
  /** Some missing sequence numbers, for the report. */
  missingSample: z.array(z.number()),
  ok: z.boolean(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;
