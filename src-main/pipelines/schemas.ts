import { z } from 'zod';
import { appErrorSchema } from '../common/errors';

export const pipelineStateSchema = z.enum(['running', 'paused', 'stopped', 'failed', 'starting', 'stopping', 'unknown']);

export type PipelineState = z.infer<typeof pipelineStateSchema>;

export const pipelineTaskSchema = z.object({
  id: z.string(),
  state: pipelineStateSchema,
  /** The engine's own word for the state (e.g. Connect's `FAILED`, SDC's `RUN_ERROR`). */
  engineState: z.string(),
  workerId: z.string().optional(),
  trace: z.string().optional(),
});

export const pipelineCountersSchema = z.object({
  recordsIn: z.number().optional(),
  recordsOut: z.number().optional(),
  errors: z.number().optional(),
  /** Records per second over the engine's last minute, when the engine reports it. */
  inRate: z.number().optional(),
  outRate: z.number().optional(),
  /** Events buffered between source and sink (Flume's channels), and the fullest channel's fill. */
  channelSize: z.number().optional(),
  channelCapacity: z.number().optional(),
  channelFillPercent: z.number().optional(),
});

/** What an engine knows of one pipeline right now. */
export const pipelineStatusSchema = z.object({
  /** The engine's id: connector name, SDC pipeline id, or the profile id for commands. */
  name: z.string(),
  state: pipelineStateSchema,
  engineState: z.string(),
  /** Why the state is what it is: last error, or why it is unknown. */
  message: z.string().optional(),
  trace: z.string().optional(),
  tasks: z.array(pipelineTaskSchema).default([]),
  counters: pipelineCountersSchema.default({}),
  /** Engine-specific configuration, for the detail panel (secrets masked by the adapter). */
  config: z.record(z.string(), z.string()).optional(),
  /** Source and sink as the engine describes them, when it does. */
  source: z.string().optional(),
  sink: z.string().optional(),
  error: appErrorSchema.optional(),
});

export type PipelineStatus = z.infer<typeof pipelineStatusSchema>;

export const pipelineActionSchema = z.enum([
  'start',
  'stop',
  'pause',
  'resume',
  'restart',
  'restart-failed',
  'force-stop',
  'reset-origin',
  'delete',
]);

export type PipelineAction = z.infer<typeof pipelineActionSchema>;

export const pipelineViewSchema = z.object({
  id: z.string(),
  engine: z.enum(['kafka-connect', 'streamsets', 'command', 'flume']),
  service: z.string().optional(),
  name: z.string(),
  source: z.string(),
  sink: z.string(),
  topic: z.string().optional(),
  landing: z.union([z.object({ host: z.string(), path: z.string() }), z.object({ hdfs: z.string(), path: z.string() })]).optional(),
  status: pipelineStatusSchema,
  /** False when the engine does not know the pipeline (yet): it can be created from the profile's config. */
  exists: z.boolean(),
  canCreate: z.boolean(),
  kafka: z
    .object({
      /** The pipeline writes to the topic (its sink is Kafka) or reads from it (its source is Kafka). */
      role: z.enum(['writes', 'reads']),
      endOffset: z.number(),
      groupId: z.string().optional(),
      committed: z.number().optional(),
      lag: z.number().optional(),
    })
    .optional(),
  rates: z.object({ recordsInPerSec: z.number().optional(), recordsOutPerSec: z.number().optional() }),
  actions: z.array(pipelineActionSchema),
  checkedAt: z.string(),
});

export type PipelineView = z.infer<typeof pipelineViewSchema>;

export const landingFileSchema = z.object({ name: z.string(), bytes: z.number(), modified: z.string(), lines: z.number().optional() });

export const pipelineDetailSchema = z.object({
  pipeline: pipelineViewSchema,
  offsets: z.array(z.object({ partition: z.string(), offset: z.string() })).optional(),
  landing: z.object({ host: z.string(), path: z.string(), files: z.array(landingFileSchema), error: z.string().optional() }).optional(),
});

export type PipelineDetail = z.infer<typeof pipelineDetailSchema>;

export const validationSchema = z.object({
  connectorClass: z.string(),
  errorCount: z.number(),
  fields: z.array(z.object({ name: z.string(), value: z.string().optional(), errors: z.array(z.string()) })),
});
