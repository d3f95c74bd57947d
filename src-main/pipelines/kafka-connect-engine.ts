import { z } from 'zod';
import { classifyFetchFailure } from '../net/fetch-failure';
import { AppFailure, fail, formatPath, type AppError } from '../common/errors';
import type { PipelineEngine } from './pipeline-model';
import { type PipelineAction, type PipelineState, type PipelineStatus } from './schemas';
import { maskConfig, maskEntry, maskedValue } from './config-masking';

/**
 * Kafka Connect (distributed mode, 3.5+ for stop and offsets: KIP-875) over its
 * REST API. Every answer is classified before it is parsed, and parsed with zod
 * before it is used. Quirks seen on a real 3.9 worker and handled here:
 * - right after `PUT /connectors/{name}/config` answers 201, `GET …/status` (and a
 *   restart) can answer 404 "No status found" for a connector that exists;
 * - right after `DELETE` answers 204, `GET …/status` can still answer 200 with the
 *   old status (type "unknown"); the config is gone at once, so that is what counts;
 * - pause/stop/resume answer at once and the states follow later (connector first,
 *   tasks after), so actions poll until the states agree;
 * - while the group rebalances (e.g. after concurrent config changes) requests
 *   the worker forwards fail with 409 "stale configuration", and plain reads such
 *   as `GET /connectors/{name}` with 500 "a rebalance is expected": both are
 *   retried with a short backoff, then reported as `conflict`.
 */

// ---------------------------------------------------------------------------
// Wire format: only the fields this adapter reads; Connect adds fields between versions.

const configValueSchema = z.union([z.string(), z.number(), z.boolean()]).nullable();
const configSchema = z.record(z.string(), configValueSchema).transform((raw) => {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null) config[key] = String(value);
  return config;
});

const connectTaskStateSchema = z.object({
  id: z.number(),
  state: z.string(),
  worker_id: z.string().nullish(),
  trace: z.string().nullish(),
});

/** `GET /connectors/{name}/status`; also the body of a 202 restart (the restart plan). */
export const connectStatusSchema = z.object({
  name: z.string(),
  connector: z.object({ state: z.string(), worker_id: z.string().nullish(), trace: z.string().nullish() }),
  tasks: z.array(connectTaskStateSchema).default([]),
  type: z.string().nullish(),
});
export type ConnectStatus = z.infer<typeof connectStatusSchema>;

/** `GET /connectors/{name}`. */
export const connectInfoSchema = z.object({
  name: z.string(),
  config: configSchema,
  tasks: z.array(z.object({ connector: z.string(), task: z.number() })).default([]),
  type: z.string().nullish(),
});
export type ConnectInfo = z.infer<typeof connectInfoSchema>;

/** `GET /connectors?expand=status&expand=info`: Connect leaves out a status it cannot read. */
const expandedListingSchema = z.record(z.string(), z.object({ status: connectStatusSchema.nullish(), info: connectInfoSchema.nullish() }));

const rootSchema = z.object({ version: z.string(), commit: z.string().nullish(), kafka_cluster_id: z.string().nullish() });
const pluginsSchema = z.array(z.object({ class: z.string(), type: z.string(), version: z.string().nullish() }));

const validationSchema = z.object({
  name: z.string(),
  error_count: z.number(),
  configs: z.array(
    z.object({
      value: z.object({
        name: z.string(),
        value: z.string().nullish(),
        errors: z.array(z.string()).default([]),
      }),
    }),
  ),
});

const offsetsSchema = z.object({
  offsets: z.array(
    z.object({
      partition: z.record(z.string(), z.unknown()),
      offset: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

const connectErrorSchema = z.object({ error_code: z.number(), message: z.string().nullish() });

// ---------------------------------------------------------------------------
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

export interface ConnectValidationField {
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

export interface ConnectorOffset {
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

export { isSecretKey, maskConfig, maskedValue } from './config-masking';

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

// ---------------------------------------------------------------------------
// HTTP: every answer is classified (network, Connect error) before parsing.

interface ConnectReply {
  status: number;
  body: string;
  contentType: string;
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function shortText(text: string): string {
  const line = firstLine(text);
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Connect's own `{error_code, message}`, or the first line of whatever else it sent. */
function connectMessageOf(reply: ConnectReply): { message: string; connectShaped: boolean } {
  const parsed = connectErrorSchema.safeParse(parseJsonText(reply.body));
  if (parsed.success) return { message: parsed.data.message?.trim() || `HTTP ${reply.status}`, connectShaped: true };
  if (/html/i.test(reply.contentType) || /^\s*</.test(reply.body)) {
    const title = /<title>([^<]*)<\/title>/i.exec(reply.body)?.[1]?.trim();
    return { message: title ? `an HTML page (${title})` : 'an HTML page', connectShaped: false };
  }
  return { message: shortText(reply.body) || `HTTP ${reply.status}`, connectShaped: false };
}

/**
 * A request refused because the group is (about to be) rebalancing: 409 from
 * requests the worker forwards to the leader, 500 RebalanceNeededException from
 * reads it answers itself (Connect's exception mapper has no status for it).
 */
function isRebalance(reply: ConnectReply): boolean {
  if (reply.status === 409) return true;
  return reply.status === 500 && /rebalance is expected|rebalance in progress|stale configuration/i.test(connectMessageOf(reply).message);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface KafkaConnectEngineOptions {
  /** e.g. `http://connect-host:8083` (Connect's default REST port). */
  restUrl: string;
  /** Replaces the global fetch, e.g. to go through an SSH tunnel. */
  fetch?: typeof fetch;
  /** Per request, answer body included. Default 10 s. */
  timeoutMs?: number;
  /** How long an action waits for the states to show its result. Default 10 s. */
  settleTimeoutMs?: number;
  /** How often an action polls while it waits. Default 250 ms. */
  pollIntervalMs?: number;
  /** Waits before each retry of a request refused for a rebalance (409, or 500 "rebalance is expected"). Default 250, 500, 1000, 2000 ms. */
  conflictRetryDelaysMs?: ReadonlyArray<number>;
}

interface RequestOptions {
  body?: unknown;
  /** Non-2xx statuses handed back instead of thrown. */
  accept?: ReadonlyArray<number>;
}

class ConnectHttp {
  readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retryDelays: ReadonlyArray<number>;

  constructor(options: KafkaConnectEngineOptions) {
    this.base = options.restUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelays = options.conflictRetryDelaysMs ?? [250, 500, 1000, 2000];
  }

  /** A 2xx answer (or one listed in `accept`); anything else is thrown as an AppFailure. A rebalance is retried first. */
  async request(method: Method, path: string, what: string, options: RequestOptions = {}): Promise<ConnectReply> {
    for (let attempt = 0; ; attempt++) {
      const reply = await this.once(method, path, what, options.body);
      if ((reply.status >= 200 && reply.status < 300) || options.accept?.includes(reply.status)) return reply;
      const delay = this.retryDelays[attempt];
      if (isRebalance(reply) && delay !== undefined) {
        await sleep(delay);
        continue;
      }
      throw isRebalance(reply) ? this.rebalanceFailure(reply, what, attempt) : this.connectFailure(reply, what);
    }
  }

  async json<T>(method: Method, path: string, what: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    return this.parse(await this.request(method, path, what, options), what, schema);
  }

  parse<T>(reply: ConnectReply, what: string, schema: z.ZodType<T>): T {
    const data = parseJsonText(reply.body);
    if (data === undefined) {
      fail('remote_command_failed', `Kafka Connect at ${this.base} answered "${what}" with something that is not JSON.`, {
        hint: `Check that ${this.base} is the Connect worker's REST listener and not a proxy or another service.`,
        details: { url: this.base, httpStatus: reply.status, contentType: reply.contentType },
      });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? formatPath(issue.path) || 'the answer' : 'the answer';
      fail(
        'remote_command_failed',
        `Kafka Connect at ${this.base} answered "${what}" with data this app does not understand (${where}: ${issue?.message ?? 'invalid'}).`,
        {
          hint: 'This adapter speaks the REST API of Kafka Connect 3.x; other versions may answer differently.',
          details: { url: this.base, httpStatus: reply.status },
        },
      );
    }
    return parsed.data;
  }

  private async once(method: Method, path: string, what: string, body: unknown): Promise<ConnectReply> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
    } catch (err) {
      throw this.networkFailure(err, what);
    }
  }

  private networkFailure(err: unknown, what: string): AppFailure {
    if (err instanceof AppFailure) return err;
    const failure = classifyFetchFailure(err);
    if (failure.kind === 'timeout') {
      return new AppFailure({
        code: 'timeout',
        message: `Kafka Connect at ${this.base} did not answer within ${this.timeoutMs / 1000} s (${what}).`,
        hint: 'The worker may be starting, rebalancing or unable to reach Kafka; its log is connect.log / connectDistributed.out.',
        details: { url: this.base, timeoutMs: this.timeoutMs },
      });
    }
    const { reason, code } = failure;
    // fetch refuses some ports outright (the Fetch standard's "bad ports": 1, 22, 25, 6000…) without connecting.
    if (reason === 'bad port') {
      const port = URL.canParse(this.base) ? new URL(this.base).port : '';
      return new AppFailure({
        code: 'host_unreachable',
        message: `Cannot reach Kafka Connect at ${this.base}: fetch refuses to connect to port ${port || '(default)'}, a "bad port" in the Fetch standard.`,
        hint: 'Run the Connect REST listener on another port (the default is 8083), or go through a tunnel on an allowed port.',
        details: { url: this.base, cause: 'bad port' },
      });
    }
    return new AppFailure({
      code: 'host_unreachable',
      message: `Kafka Connect at ${this.base} is not answering (${reason}).`,
      hint: 'Is the Connect worker running, and is the REST URL right (its default port is 8083; see `listeners` in connect-distributed.properties)?',
      details: { url: this.base, ...(code ? { cause: code } : {}) },
    });
  }

  private rebalanceFailure(reply: ConnectReply, what: string, retries: number): AppFailure {
    const { message: connectMessage } = connectMessageOf(reply);
    return new AppFailure({
      code: 'conflict',
      message: `Kafka Connect at ${this.base} could not ${what}: ${shortText(connectMessage)}${retries > 0 ? ` (still refused after ${retries} retries)` : ''}`,
      hint: 'The Connect cluster is rebalancing or its configuration is changing; try again in a few seconds.',
      details: { url: this.base, httpStatus: reply.status, connectMessage, retries },
    });
  }

  private connectFailure(reply: ConnectReply, what: string): AppFailure {
    const { message: connectMessage, connectShaped } = connectMessageOf(reply);
    const details: Record<string, unknown> = { url: this.base, httpStatus: reply.status, connectMessage };
    const text = shortText(connectMessage);
    const message = `Kafka Connect at ${this.base} could not ${what}: ${text}`;
    switch (reply.status) {
      case 400:
        return new AppFailure({ code: 'invalid_input', message, details });
      case 401:
      case 403:
        return new AppFailure({
          code: 'unauthorized',
          message,
          hint: 'The worker has REST authentication enabled; the connection needs credentials it accepts.',
          details,
        });
      case 404:
        // Jersey's own 404 (no such REST path) is not a missing connector.
        if (!connectShaped || /^HTTP 404 Not Found$/i.test(connectMessage)) {
          return new AppFailure({
            code: 'remote_command_failed',
            message: `Kafka Connect at ${this.base} has no REST path for "${what}" (HTTP 404).`,
            hint: 'Stopping connectors and reading offsets need Kafka Connect 3.5 or newer (KIP-875); check the URL and the worker version.',
            details,
          });
        }
        return new AppFailure({
          code: 'not_found',
          message,
          hint: 'The connector may have been deleted or renamed; refresh the list.',
          details,
        });
      case 503:
        return new AppFailure({
          code: 'host_unreachable',
          message,
          hint: 'The worker is starting or cannot serve requests yet; try again in a few seconds.',
          details,
        });
      default: {
        const timedOut = reply.status === 500 && /timed out/i.test(connectMessage);
        const error: AppError = {
          code: timedOut ? 'timeout' : 'remote_command_failed',
          message,
          hint: timedOut
            ? 'The worker could not finish the request in time: it may be rebalancing or unable to reach Kafka.'
            : "The Connect worker's log has the details.",
          details,
        };
        return new AppFailure(error);
      }
    }
  }
}

// ---------------------------------------------------------------------------

export class KafkaConnectEngine implements PipelineEngine {
  readonly kind = 'kafka-connect' as const;
  readonly actions: ReadonlyArray<PipelineAction> = ['start', 'stop', 'pause', 'resume', 'restart', 'restart-failed', 'delete'];
  private readonly http: ConnectHttp;
  private readonly settleTimeoutMs: number;
  private readonly pollIntervalMs: number;

  constructor(options: KafkaConnectEngineOptions) {
    this.http = new ConnectHttp(options);
    this.settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  /** `GET /`: the worker's version, and the Kafka cluster it belongs to. */
  async ping(): Promise<ConnectWorkerInfo> {
    const root = await this.http.json('GET', '/', 'answer a ping', rootSchema);
    return {
      version: root.version,
      ...(root.commit ? { commit: root.commit } : {}),
      ...(root.kafka_cluster_id ? { kafkaClusterId: root.kafka_cluster_id } : {}),
    };
  }

  async plugins(): Promise<ConnectPlugin[]> {
    const plugins = await this.http.json('GET', '/connector-plugins', 'list connector plugins', pluginsSchema);
    return plugins.map((p) => ({
      className: p.class,
      simpleName: simpleClassName(p.class),
      type: p.type,
      ...(p.version ? { version: p.version } : {}),
    }));
  }

  async list(): Promise<PipelineStatus[]> {
    const listing = await this.http.json('GET', '/connectors?expand=status&expand=info', 'list connectors', expandedListingSchema);
    return Object.entries(listing)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, entry]) => toPipelineStatus(name, entry.status, entry.info));
  }

  async status(name: string): Promise<PipelineStatus> {
    const [info, status] = await Promise.all([this.readInfo(name), this.readStatus(name)]);
    return toPipelineStatus(name, status, info);
  }

  async act(name: string, action: PipelineAction): Promise<PipelineStatus> {
    const path = this.connectorPath(name);
    switch (action) {
      case 'start': {
        // Resume is a no-op on a running connector; failed parts are restarted too, since that is what "start" means to a person.
        const before = await this.readStatus(name);
        if (!before) await this.readInfo(name); // not_found for an unknown connector
        await this.send('PUT', `${path}/resume`, name, `resume "${name}"`);
        const failed = before && (before.connector.state === 'FAILED' || before.tasks.some((t) => t.state === 'FAILED'));
        if (failed) return this.restart(name, true, 'RUNNING');
        return this.settle(name, { target: 'RUNNING' });
      }
      case 'resume':
        await this.send('PUT', `${path}/resume`, name, `resume "${name}"`);
        return this.settle(name, { target: 'RUNNING' });
      case 'pause':
        await this.send('PUT', `${path}/pause`, name, `pause "${name}"`);
        return this.settle(name, { target: 'PAUSED' });
      case 'stop':
        await this.send('PUT', `${path}/stop`, name, `stop "${name}"`);
        return this.settle(name, { target: 'STOPPED' });
      case 'restart':
        return this.restart(name, false);
      case 'restart-failed':
        return this.restart(name, true);
      case 'delete':
        return this.delete(name);
      default:
        fail('invalid_input', `Kafka Connect connectors cannot "${action}".`, {
          field: 'action',
          hint: `Supported actions: ${this.actions.join(', ')}.`,
        });
    }
  }

  /**
   * Connect's own validation of a config (`PUT /connector-plugins/{class}/config/validate`):
   * only the fields with errors, with Connect's messages. Needs `connector.class`;
   * Connect also wants `name`.
   */
  async validate(config: Record<string, string>): Promise<ConnectValidation> {
    const connectorClass = config['connector.class']?.trim();
    if (!connectorClass) {
      fail('invalid_input', 'The connector config has no "connector.class".', {
        field: 'connector.class',
        hint: 'Set connector.class to one of the plugins the worker lists.',
      });
    }
    const what = `validate a ${simpleClassName(connectorClass)} config`;
    let raw: z.infer<typeof validationSchema>;
    try {
      raw = await this.http.json(
        'PUT',
        `/connector-plugins/${encodeURIComponent(connectorClass)}/config/validate`,
        what,
        validationSchema,
        { body: config },
      );
    } catch (err) {
      // An unknown class is a 500 whose message lists every plugin the worker has.
      const connectMessage = err instanceof AppFailure ? err.error.details?.connectMessage : undefined;
      if (typeof connectMessage === 'string' && /Failed to find any class that implements Connector/.test(connectMessage)) {
        fail('invalid_input', `Kafka Connect at ${this.http.base} has no connector plugin "${connectorClass}".`, {
          field: 'connector.class',
          hint: 'Pick one of the plugins the worker lists (its plugin.path decides which).',
          details: { connectorClass },
        });
      }
      throw err;
    }
    const fields = raw.configs
      .filter((c) => c.value.errors.length > 0)
      .map(({ value }) => {
        const shown = value.value === null || value.value === undefined ? undefined : maskEntry(value.name, value.value);
        // Connect quotes the value in some messages ("Invalid value x for configuration y"): not for secrets.
        const errors =
          value.value && shown !== value.value ? value.errors.map((e) => e.split(value.value as string).join(shown ?? maskedValue)) : value.errors;
        return { name: value.name, ...(shown === undefined ? {} : { value: shown }), errors };
      });
    return { connectorClass, errorCount: raw.error_count, fields };
  }

  /**
   * Creates the connector, or replaces the config of an existing one
   * (`PUT /connectors/{name}/config`), after Connect's validation accepted it.
   */
  async create(name: string, config: Record<string, string>): Promise<PipelineStatus> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed !== name) {
      fail('invalid_input', 'A connector name must be non-empty, without leading or trailing spaces.', { field: 'name' });
    }
    if (config.name !== undefined && config.name !== name) {
      fail('invalid_input', `The config names the connector "${config.name}", not "${name}".`, { field: 'name' });
    }
    const full = { ...config, name };
    const validation = await this.validate(full);
    if (validation.errorCount > 0) {
      const first = validation.fields[0];
      const listed = validation.fields
        .slice(0, 3)
        .map((f) => `${f.name}: ${f.errors.join('; ')}`)
        .join(' | ');
      fail(
        'invalid_input',
        `Kafka Connect refused the config of "${name}" (${validation.errorCount} error${validation.errorCount === 1 ? '' : 's'}): ${listed}`,
        {
          ...(first ? { field: first.name } : {}),
          hint:
            validation.fields.length > 3
              ? `${validation.fields.length - 3} more field(s) have errors; fix them all and try again.`
              : 'Fix the listed fields and try again.',
          details: { connectorClass: validation.connectorClass, errorCount: validation.errorCount, fields: validation.fields },
        },
      );
    }
    await this.http.request('PUT', `${this.connectorPath(name)}/config`, `save the config of "${name}"`, { body: full });
    return this.settle(name, {});
  }

  /** `GET /connectors/{name}/offsets` (Connect 3.5+). */
  async offsets(name: string): Promise<ConnectorOffsets> {
    const raw = await this.http.json('GET', `${this.connectorPath(name)}/offsets`, `read the offsets of "${name}"`, offsetsSchema);
    return readableOffsets(name, raw);
  }

  private connectorPath(name: string): string {
    return `/connectors/${encodeURIComponent(name)}`;
  }

  private readInfo(name: string): Promise<ConnectInfo> {
    return this.http.json('GET', this.connectorPath(name), `read the config of "${name}"`, connectInfoSchema);
  }

  /** The status, or undefined while Connect has none yet (it answers 404 for a connector created a moment ago). */
  private async readStatus(name: string): Promise<ConnectStatus | undefined> {
    const what = `read the status of "${name}"`;
    const reply = await this.http.request('GET', `${this.connectorPath(name)}/status`, what, { accept: [404] });
    if (reply.status === 404) return undefined;
    return this.http.parse(reply, what, connectStatusSchema);
  }

  /**
   * A state-changing request. A 404 that is only about the status (a connector
   * created a moment ago) is retried while the connector's config exists.
   */
  private async send(method: Method, path: string, name: string, what: string): Promise<ConnectReply> {
    const deadline = Date.now() + Math.min(this.settleTimeoutMs, 5_000);
    for (;;) {
      try {
        return await this.http.request(method, path, what);
      } catch (err) {
        const connectMessage = err instanceof AppFailure && err.error.code === 'not_found' ? err.error.details?.connectMessage : undefined;
        if (typeof connectMessage !== 'string' || !/status/i.test(connectMessage) || Date.now() >= deadline) throw err;
        await this.readInfo(name); // throws not_found when the connector really is gone
        await sleep(this.pollIntervalMs);
      }
    }
  }

  private async restart(name: string, onlyFailed: boolean, target?: SettleGoal['target']): Promise<PipelineStatus> {
    const what = onlyFailed ? `restart the failed parts of "${name}"` : `restart "${name}"`;
    const reply = await this.send('POST', `${this.connectorPath(name)}/restart?includeTasks=true&onlyFailed=${onlyFailed}`, name, what);
    // 202 carries the plan: what is RESTARTING. The status topic shows it a moment later, so until a poll
    // has seen a restart, a FAILED or RUNNING state may still be the one from before.
    const plan = reply.status === 202 && reply.body.trim() !== '' ? this.http.parse(reply, what, connectStatusSchema) : undefined;
    const planned = plan ? plan.connector.state === 'RESTARTING' || plan.tasks.some((t) => t.state === 'RESTARTING') : !onlyFailed;
    return this.settle(name, { target, awaitRestart: planned });
  }

  private async delete(name: string): Promise<PipelineStatus> {
    await this.send('DELETE', this.connectorPath(name), name, `delete "${name}"`);
    // The config goes first (the status can linger): wait until the connector is gone from the config.
    const deadline = Date.now() + this.settleTimeoutMs;
    while (Date.now() < deadline) {
      const reply = await this.http.request('GET', this.connectorPath(name), `check that "${name}" is deleted`, { accept: [404] });
      if (reply.status === 404) break;
      await sleep(this.pollIntervalMs);
    }
    return {
      name,
      state: 'unknown',
      engineState: 'DELETED',
      message: `Kafka Connect no longer has connector "${name}": it was deleted.`,
      tasks: [],
      counters: {},
    };
  }

  /** Polls the status until it shows the action's result, for at most settleTimeoutMs; then answers the full status. */
  private async settle(name: string, goal: { target?: SettleGoal['target']; awaitRestart?: boolean }): Promise<PipelineStatus> {
    const started = Date.now();
    const restartGraceMs = 2_000;
    let sawRestart = false;
    for (;;) {
      const elapsedMs = Date.now() - started;
      const status = await this.readStatus(name);
      if (status) {
        if (status.connector.state === 'RESTARTING' || status.tasks.some((t) => t.state === 'RESTARTING')) sawRestart = true;
        const restarted = !goal.awaitRestart || sawRestart || elapsedMs >= restartGraceMs;
        if (restarted && isSettled(status, { target: goal.target, elapsedMs, emptyTasksGraceMs: 2_000 })) break;
      }
      if (Date.now() - started >= this.settleTimeoutMs) break;
      await sleep(this.pollIntervalMs);
    }
    return this.status(name);
  }
}
