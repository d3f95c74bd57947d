import type { z } from 'zod';
import type { PipelineAction, PipelineStatus, validationSchema } from './schemas';

/**
 * One model of a pipeline whatever runs it (Kafka Connect, StreamSets Data
 * Collector, a command engine): the Pipelines view and the API speak only this.
 */

export type PipelineValidation = z.infer<typeof validationSchema>;

/**
 * One engine adapter. Failures are thrown as `AppFailure` with a code the UI
 * understands (`not_found`, `conflict`, `unauthorized`, `host_unreachable`, …)
 * and the engine's own error code kept in the message. The optional methods are
 * capabilities: the service offers what an engine has, without knowing which
 * engine it is.
 */
export interface PipelineEngine {
  readonly kind: 'kafka-connect' | 'streamsets' | 'command' | 'flume';
  /** The engine as people name it in messages ("Kafka Connect"). */
  readonly label: string;
  /** Every pipeline the engine knows, with status. */
  list(): Promise<PipelineStatus[]>;
  status(name: string): Promise<PipelineStatus>;
  /** Actions the engine supports; others fail with `invalid_input`. */
  readonly actions: ReadonlyArray<PipelineAction>;
  act(name: string, action: PipelineAction): Promise<PipelineStatus>;
  /** Checks a config with the engine's own validation; nothing is created. */
  validate?(config: Record<string, string>): Promise<PipelineValidation>;
  /** Creates the pipeline from a config (validated first). */
  create?(name: string, config: Record<string, string>): Promise<PipelineStatus>;
  /** Where the pipeline has got to, per source partition, readable. */
  positions?(name: string): Promise<Array<{ partition: string; offset: string }>>;
  /**
   * The consumer group a pipeline that reads a topic commits under, when the engine names one. Synchronous: an
   * engine that reads it from elsewhere (Flume's agent config) has read it in the list() or status() before.
   */
  consumerGroupOf?(name: string, config: Record<string, string> | undefined): string | undefined;
}
