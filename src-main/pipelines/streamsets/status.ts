import { type PipelineState, type PipelineStatus } from '../schemas';
import { type SdcStage, type SdcDefinition, type SdcPipelineState, type SdcMetrics, type SdcPipelineInfo } from './rest-schemas';

// SDC's vocabulary in the app's.

const stateBySdcStatus = new Map<string, PipelineState>([
  ['RUNNING', 'running'],
  ['STARTING', 'starting'],
  ['CONNECTING', 'starting'],
  ['RETRY', 'starting'],
  ['DISCONNECTED', 'starting'],
  ['DISCONNECTING', 'starting'],
  ['STOPPING', 'stopping'],
  ['FINISHING', 'stopping'],
  ['STOPPED', 'stopped'],
  ['FINISHED', 'stopped'],
  ['EDITED', 'stopped'],
  ['KILLED', 'stopped'],
  ['STARTING_ERROR', 'failed'],
  ['START_ERROR', 'failed'],
  ['RUNNING_ERROR', 'failed'],
  ['RUN_ERROR', 'failed'],
  ['STOPPING_ERROR', 'failed'],
  ['STOP_ERROR', 'failed'],
  ['CONNECT_ERROR', 'failed'],
  ['DELETED', 'unknown'],
]);

export function pipelineStateOf(sdcStatus: string): PipelineState {
  return stateBySdcStatus.get(sdcStatus) ?? 'unknown';
}

// PipelineStatus.isActive(): a runner exists, metrics answer 200.
export const activeSdcStatuses: ReadonlySet<string> = new Set([
  'STARTING',
  'STARTING_ERROR',
  'RUNNING',
  'RUNNING_ERROR',
  'RETRY',
  'FINISHING',
  'STOPPING',
  'STOPPING_ERROR',
  'DISCONNECTING',
  'DISCONNECTED',
  'CONNECTING',
  'CONNECT_ERROR',
]);

// forceStop acts only here; elsewhere SDC silently ignores it and still answers 200.
export const forceQuitSdcStatuses: ReadonlySet<string> = new Set([
  'STOPPING',
  'STOPPING_ERROR',
  'STARTING_ERROR',
  'RUNNING_ERROR',
  'FINISHING',
]);

// Already on their way to an inactive state: a restart waits instead of asking for a stop SDC would refuse.
export const windingDownSdcStatuses: ReadonlySet<string> = new Set(['STOPPING', 'FINISHING']);

const stageNames = new Map<string, string>([
  ['com_streamsets_pipeline_stage_origin_spooldir_SpoolDirDSource', 'Directory'],
  ['com_streamsets_pipeline_stage_origin_kafka_KafkaDSource', 'Kafka Consumer'],
  ['com_streamsets_pipeline_stage_origin_multikafka_MultiKafkaDSource', 'Kafka Multitopic Consumer'],
  ['com_streamsets_pipeline_stage_destination_kafka_KafkaDTarget', 'Kafka Producer'],
  ['com_streamsets_pipeline_stage_destination_hdfs_HdfsDTarget', 'Hadoop FS'],
  ['com_streamsets_pipeline_stage_destination_localfilesystem_LocalFileSystemDTarget', 'Local FS'],
  ['com_streamsets_pipeline_stage_destination_devnull_NullDTarget', 'Trash'],
]);

/**
 * A stage as SDC's palette names it. `stageName` is the Java class with `.`/`$`
 * turned into `_`; for a class not in the table, its simple name without the
 * D/Source/Target suffix, split at the capitals (`AmazonS3DTarget` → "Amazon S3").
 * The canvas label is never used: users rename stages freely.
 */
export function stageDisplayName(stageName: string): string {
  const known = stageNames.get(stageName);
  if (known) return known;
  const simple = stageName.slice(stageName.lastIndexOf('_') + 1);
  const bare = simple.replace(/D?(Source|Target|Processor|Executor)$/, '') || simple;
  return bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function stageTypeOf(stage: SdcStage): string | undefined {
  const declared = stage.uiInfo?.stageType;
  if (typeof declared === 'string') return declared;
  // Definitions written without uiInfo: the class suffix says the same thing.
  const suffix = /(Source|Target|Processor|Executor)$/.exec(stage.stageName)?.[1];
  return suffix === 'Source' ? 'SOURCE' : suffix === 'Target' ? 'TARGET' : suffix?.toUpperCase();
}

/** Source and sink of the flow; `errorStage` and `statsAggregatorStage` are separate fields, so never counted. */
function flowOf(definition: SdcDefinition): { source?: string; sink?: string; stages: string } {
  const named = (type: string) => {
    const names = [...new Set(definition.stages.filter((s) => stageTypeOf(s) === type).map((s) => stageDisplayName(s.stageName)))];
    return names.length > 0 ? names.join(', ') : undefined;
  };
  return {
    source: named('SOURCE'),
    sink: named('TARGET'),
    stages: definition.stages.map((s) => `${s.instanceName} (${stageDisplayName(s.stageName)})`).join(' → '),
  };
}

function explain(state: SdcPipelineState, mapped: PipelineState): { message?: string; trace?: string } {
  const attributes = state.attributes ?? {};
  const errorMessage = typeof attributes.ERROR_MESSAGE === 'string' ? attributes.ERROR_MESSAGE : undefined;
  // The pipeline's own failure, for the detail panel; never a REST call's stack trace.
  const stackTrace = typeof attributes.ERROR_STACKTRACE === 'string' ? attributes.ERROR_STACKTRACE : undefined;
  const erroneous = mapped === 'failed' || state.status === 'RETRY';
  const own = state.message || (erroneous ? errorMessage : undefined);
  if (state.status === 'RETRY') {
    const when = state.nextRetryTimeStamp ? `, next try at ${new Date(state.nextRetryTimeStamp).toISOString()}` : '';
    const attempt = state.retryAttempt ? ` (attempt ${state.retryAttempt}${when})` : '';
    return { message: `Retrying after an error${attempt}${own ? `: ${own}` : ''}`, trace: stackTrace };
  }
  if (state.status === 'DELETED') return { message: 'SDC reports this pipeline as deleted.' };
  if (mapped === 'unknown') return { message: `SDC reports status ${state.status}, which this app does not know.` };
  return { message: own || undefined, trace: erroneous ? stackTrace : undefined };
}

function countersOf(live: SdcMetrics | undefined, lastRun: SdcMetrics | null | undefined): PipelineStatus['counters'] {
  const metrics = live ?? lastRun;
  const meters = metrics?.meters;
  if (!meters) return {};
  const inMeter = meters['pipeline.batchInputRecords.meter'];
  const outMeter = meters['pipeline.batchOutputRecords.meter'];
  const counters: PipelineStatus['counters'] = {};
  if (inMeter) counters.recordsIn = inMeter.count;
  if (outMeter) counters.recordsOut = outMeter.count;
  const errorMeter = meters['pipeline.batchErrorRecords.meter'];
  if (errorMeter) counters.errors = errorMeter.count;
  // A finished run's one-minute rate is frozen at its last value: only live rates are shown.
  if (live && inMeter) counters.inRate = inMeter.m1_rate;
  if (live && outMeter) counters.outRate = outMeter.m1_rate;
  return counters;
}

export function configOf(entries: Record<string, string | number | null | undefined>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries))
    if (value !== undefined && value !== null && value !== '') config[key] = String(value);
  return config;
}

export function toStatus(
  state: SdcPipelineState,
  extra: { info?: SdcPipelineInfo; definition?: SdcDefinition; live?: SdcMetrics } = {},
): PipelineStatus {
  const mapped = pipelineStateOf(state.status);
  const flow = extra.definition ? flowOf(extra.definition) : undefined;
  return {
    name: state.pipelineId,
    state: mapped,
    engineState: state.status,
    ...explain(state, mapped),
    tasks: [],
    counters: countersOf(extra.live, state.metrics),
    config: configOf({
      title: extra.definition?.title ?? extra.info?.title,
      description: extra.definition?.description ?? extra.info?.description,
      executionMode: state.executionMode,
      stages: flow?.stages,
      lastChangedBy: state.user,
      lastChangedAt: state.timeStamp ? new Date(state.timeStamp).toISOString() : undefined,
      retryAttempt: state.retryAttempt || undefined,
    }),
    source: flow?.source,
    sink: flow?.sink,
  };
}
