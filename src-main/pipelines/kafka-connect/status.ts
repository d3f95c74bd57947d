import type { z } from 'zod';
import { type PipelineState, type PipelineStatus } from '../schemas';
import { type ConnectStatus, type ConnectInfo, offsetsSchema } from './rest-schemas';
import { maskConfig } from '../config-masking';

// What the app reads besides PipelineStatus.

export interface ConnectWorkerInfo {
  version: string;
  commit?: string;
  kafkaClusterId?: string;
}

export interface ConnectPlugin {
  /** Fully qualified, as `connector.class` takes it. */
  className: string;
  simpleName: string;
  /** `source` or `sink` (or `transformation`, `converter`… on workers that list those). */
  type: string;
  version?: string;
}

interface ConnectValidationField {
  name: string;
  /** The value Connect validated; masked for secret-looking keys. */
  value?: string;
  /** Connect's own messages, as it wrote them. */
  errors: string[];
}

export interface ConnectValidation {
  connectorClass: string;
  /** Connect's count of error messages (one field can have several). */
  errorCount: number;
  /** Only the fields with errors, in Connect's order. */
  fields: ConnectValidationField[];
}

interface ConnectorOffset {
  /** Readable partition: `topic-2` for a sink, `filename=/data/in.txt` for a source. */
  partition: string;
  /** Readable offset: `42` for a sink, `position=1234` for a source; empty when Connect has none. */
  offset: string;
  /** Sink connectors: the consumed topic partition and the next offset to read. */
  topic?: string;
  kafkaPartition?: number;
  kafkaOffset?: number;
  /** As Connect sent them. */
  sourcePartition: Record<string, unknown>;
  sourceOffset: Record<string, unknown> | null;
}

export interface ConnectorOffsets {
  name: string;
  type: 'source' | 'sink' | 'unknown';
  offsets: ConnectorOffset[];
}

// ---------------------------------------------------------------------------
// Connect's vocabulary in the app's.

const stateByConnectState = new Map<string, PipelineState>([
  ['RUNNING', 'running'],
  ['PAUSED', 'paused'],
  ['STOPPED', 'stopped'],
  ['FAILED', 'failed'],
  ['UNASSIGNED', 'starting'],
  ['RESTARTING', 'starting'],
]);

export function pipelineStateOf(connectState: string): PipelineState {
  return stateByConnectState.get(connectState) ?? 'unknown';
}

export function firstLine(trace: string): string {
  return (
    trace
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

export function simpleClassName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

function connectorTypeOf(className: string | undefined, declared: string | null | undefined): 'source' | 'sink' | 'unknown' {
  if (declared === 'source' || declared === 'sink') return declared;
  const simple = className ? simpleClassName(className) : '';
  if (/Source(Connector)?$/.test(simple)) return 'source';
  if (/Sink(Connector)?$/.test(simple)) return 'sink';
  return 'unknown';
}

function topicsOf(config: Record<string, string>): string | undefined {
  const topics = (config.topics ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (topics.length > 0) return `${topics.length === 1 ? 'topic' : 'topics'} ${topics.join(', ')}`;
  if (config['topics.regex']) return `topics matching ${config['topics.regex']}`;
  if (config.topic) return `topic ${config.topic}`;
  return undefined;
}

/**
 * Source and sink of a connector, from its class and config: the file connectors
 * name their file, sinks name the topics they read; for other classes the
 * external side is the class's simple name (its config keys are its own).
 */
export function describeFlow(
  className: string | undefined,
  config: Record<string, string>,
  declaredType?: string | null,
): { source?: string; sink?: string } {
  const simple = className ? simpleClassName(className) : undefined;
  if (simple === 'FileStreamSourceConnector') return { source: config.file ? `file ${config.file}` : 'stdin', sink: topicsOf(config) };
  if (simple === 'FileStreamSinkConnector') return { source: topicsOf(config), sink: config.file ? `file ${config.file}` : 'stdout' };
  const type = connectorTypeOf(className, declaredType);
  if (type === 'source') return { source: simple, sink: topicsOf(config) };
  if (type === 'sink') return { source: topicsOf(config), sink: simple };
  return { source: simple };
}

/** One connector's status in the app's model; `info` (config) is masked here. */
export function toPipelineStatus(
  name: string,
  status: ConnectStatus | null | undefined,
  info: ConnectInfo | null | undefined,
): PipelineStatus {
  const config = info?.config;
  const className = config?.['connector.class'];
  const flow = config ? describeFlow(className, config, status?.type ?? info?.type) : {};
  const base = {
    name,
    counters: {},
    ...(config ? { config: maskConfig(config) } : {}),
    ...flow,
  };
  if (!status) {
    return {
      ...base,
      state: 'unknown',
      engineState: 'UNKNOWN',
      message: 'Kafka Connect has no status for this connector yet: it was just created, or the worker has not recorded its state.',
      tasks: [],
    };
  }
  const tasks = [...status.tasks]
    .sort((a, b) => a.id - b.id)
    .map((t) => ({
      id: String(t.id),
      state: pipelineStateOf(t.state),
      engineState: t.state,
      ...(t.worker_id ? { workerId: t.worker_id } : {}),
      ...(t.trace ? { trace: t.trace } : {}),
    }));
  const connectorState = status.connector.state;
  const failedTask = tasks.find((t) => t.engineState === 'FAILED');
  let state = pipelineStateOf(connectorState);
  let message: string | undefined;
  let trace: string | undefined;
  if (connectorState === 'FAILED') {
    trace = status.connector.trace ?? undefined;
    message = trace ? firstLine(trace) : 'The connector failed; Connect recorded no trace.';
  } else if (failedTask) {
    state = 'failed';
    trace = failedTask.trace;
    const failedCount = tasks.filter((t) => t.engineState === 'FAILED').length;
    message = trace
      ? firstLine(trace)
      : `${failedCount === 1 ? `Task ${failedTask.id}` : `${failedCount} tasks`} failed; Connect recorded no trace.`;
  } else if (state === 'unknown') {
    message = `Kafka Connect reports state ${connectorState}, which this app does not know.`;
  }
  return {
    ...base,
    state,
    engineState: connectorState,
    ...(message ? { message } : {}),
    ...(trace ? { trace } : {}),
    tasks,
  };
}

/** Readable offsets: sink offsets are Kafka positions, source offsets whatever the connector stores. */
export function readableOffsets(name: string, raw: z.infer<typeof offsetsSchema>): ConnectorOffsets {
  const render = (record: Record<string, unknown> | null) =>
    record
      ? Object.entries(record)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(', ')
      : '';
  const isSink = (p: Record<string, unknown>) => typeof p.kafka_topic === 'string' && typeof p.kafka_partition === 'number';
  const offsets: ConnectorOffset[] = raw.offsets.map(({ partition, offset }) => {
    if (isSink(partition)) {
      const topic = partition.kafka_topic as string;
      const kafkaPartition = partition.kafka_partition as number;
      const kafkaOffset = typeof offset?.kafka_offset === 'number' ? offset.kafka_offset : undefined;
      return {
        partition: `${topic}-${kafkaPartition}`,
        offset: kafkaOffset === undefined ? render(offset) : String(kafkaOffset),
        topic,
        kafkaPartition,
        ...(kafkaOffset === undefined ? {} : { kafkaOffset }),
        sourcePartition: partition,
        sourceOffset: offset,
      };
    }
    return { partition: render(partition), offset: render(offset), sourcePartition: partition, sourceOffset: offset };
  });
  offsets.sort((a, b) =>
    a.topic !== undefined && b.topic !== undefined && a.topic === b.topic
      ? (a.kafkaPartition ?? 0) - (b.kafkaPartition ?? 0)
      : a.partition.localeCompare(b.partition),
  );
  const type = raw.offsets.length === 0 ? 'unknown' : raw.offsets.every((o) => isSink(o.partition)) ? 'sink' : 'source';
  return { name, type, offsets };
}

// ---------------------------------------------------------------------------
// Whether a status shows the result of an action yet.

const transitional: ReadonlySet<string> = new Set(['UNASSIGNED', 'RESTARTING']);

export interface SettleGoal {
  /** The connector state the action asked for; none for restart and create. */
  target?: 'RUNNING' | 'PAUSED' | 'STOPPED';
  /** Time since the action was accepted. */
  elapsedMs: number;
  /** A running connector with no tasks counts as settled only after this long (tasks appear after the connector). */
  emptyTasksGraceMs: number;
}

/**
 * True when the connector and its tasks agree on a state that is not a
 * transition: Connect moves the connector first and the tasks afterwards.
 */
export function isSettled(status: ConnectStatus, goal: SettleGoal): boolean {
  const connector = status.connector.state;
  if (connector === 'FAILED') return true;
  if (goal.target && connector !== goal.target) return false;
  if (transitional.has(connector)) return false;
  if (status.tasks.some((t) => transitional.has(t.state))) return false;
  switch (connector) {
    case 'RUNNING':
      if (status.tasks.some((t) => t.state === 'PAUSED')) return false;
      return status.tasks.length > 0 || goal.elapsedMs >= goal.emptyTasksGraceMs;
    case 'PAUSED':
      return !status.tasks.some((t) => t.state === 'RUNNING');
    case 'STOPPED':
      return status.tasks.length === 0;
    default:
      return true;
  }
}
