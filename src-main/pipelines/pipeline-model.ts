import { z } from 'zod';
import { appErrorSchema } from '../api/errors';

/**
 * One model of a pipeline whatever runs it (Kafka Connect, StreamSets Data
 * Collector, a command engine): the Pipelines view and the API speak only this.
 */

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

/**
 * One engine adapter. Failures are thrown as `AppFailure` with a code the UI
 * understands (`not_found`, `conflict`, `unauthorized`, `host_unreachable`, …)
 * and the engine's own error code kept in the message.
 */
export interface PipelineEngine {
  readonly kind: 'kafka-connect' | 'streamsets' | 'command';
  /** Every pipeline the engine knows, with status. */
  list(): Promise<PipelineStatus[]>;
  status(name: string): Promise<PipelineStatus>;
  /** Actions the engine supports; others fail with `invalid_input`. */
  readonly actions: ReadonlyArray<PipelineAction>;
  act(name: string, action: PipelineAction): Promise<PipelineStatus>;
}
