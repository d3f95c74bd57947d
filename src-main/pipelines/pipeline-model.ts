import { type PipelineStatus, type PipelineAction } from './schemas';

/**
 * One model of a pipeline whatever runs it (Kafka Connect, StreamSets Data
 * Collector, a command engine): the Pipelines view and the API speak only this.
 */

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
