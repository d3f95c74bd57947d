import { z } from 'zod';
import { classifyFetchFailure } from '../net/fetch-failure';
import { AppFailure, fail, formatPath, type AppError } from '../common/errors';
import type { PipelineEngine } from './pipeline-model';
import { type PipelineAction, type PipelineState, type PipelineStatus } from './schemas';

/**
 * StreamSets Data Collector 3.x, over its REST API (`/rest/v1`, as the
 * datacollector-oss 3.x sources define it). SDC answers "not found" and "wrong state" with
 * HTTP 500, and "not logged in" with a 200 HTML login page, so every answer is
 * classified before anything is parsed, and parsed with zod before it is used.
 */

// ---------------------------------------------------------------------------
// Wire format: only the fields this adapter reads; SDC adds fields between versions.

const meterSchema = z.object({ count: z.number(), m1_rate: z.number() });

/** Dropwizard registry JSON; the pipeline totals are the meters SDC's own UI reads. */
export const sdcMetricsSchema = z.object({
  meters: z
    .object({
      'pipeline.batchInputRecords.meter': meterSchema.optional(),
      'pipeline.batchOutputRecords.meter': meterSchema.optional(),
      'pipeline.batchErrorRecords.meter': meterSchema.optional(),
    })
    .optional(),
});
type SdcMetrics = z.infer<typeof sdcMetricsSchema>;

// PipelineState.metrics is the registry JSON-encoded a second time, inside the JSON.
const metricsStringSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'metrics is not a JSON document' });
      return z.NEVER;
    }
  })
  .pipe(sdcMetricsSchema);

export const sdcPipelineStateSchema = z.object({
  pipelineId: z.string(),
  // Kept as text: a status this adapter does not know becomes 'unknown', not a parse failure.
  status: z.string(),
  message: z.string().nullish(),
  user: z.string().nullish(),
  timeStamp: z.number().nullish(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  executionMode: z.string().nullish(),
  metrics: metricsStringSchema.nullish(),
  retryAttempt: z.number().nullish(),
  nextRetryTimeStamp: z.number().nullish(),
});
type SdcPipelineState = z.infer<typeof sdcPipelineStateSchema>;

export const sdcPipelineInfoSchema = z.object({
  pipelineId: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});
type SdcPipelineInfo = z.infer<typeof sdcPipelineInfoSchema>;

/** `GET /pipelines?includeStatus=true`: `[[PipelineInfo…], [PipelineState…]]`. */
const listingSchema = z.tuple([z.array(sdcPipelineInfoSchema), z.array(sdcPipelineStateSchema)]);

const stageSchema = z.object({
  instanceName: z.string(),
  stageName: z.string(),
  uiInfo: z.record(z.string(), z.unknown()).nullish(),
});
type SdcStage = z.infer<typeof stageSchema>;

// Stage `configuration` is deliberately not read: it holds credentials in the clear.
const definitionSchema = z.object({
  title: z.string().nullish(),
  description: z.string().nullish(),
  stages: z.array(stageSchema),
});
type SdcDefinition = z.infer<typeof definitionSchema>;

// `stackTrace` is left out on purpose: zod drops it, so it cannot reach a message.
const remoteExceptionSchema = z.object({
  RemoteException: z.object({
    errorCode: z.string().nullish(),
    localizedMessage: z.string().nullish(),
    message: z.string().nullish(),
    javaClassName: z.string().nullish(),
  }),
});
const forbiddenSchema = z.object({ allowed: z.array(z.string()) });
const issueSchema = z.object({ instanceName: z.string().nullish(), message: z.string() });
const issuesSchema = z.object({
  pipelineIssues: z.array(issueSchema),
  stageIssues: z.record(z.string(), z.array(issueSchema)),
  issueCount: z.number(),
});

// ---------------------------------------------------------------------------
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
const activeSdcStatuses: ReadonlySet<string> = new Set([
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
const forceQuitSdcStatuses: ReadonlySet<string> = new Set(['STOPPING', 'STOPPING_ERROR', 'STARTING_ERROR', 'RUNNING_ERROR', 'FINISHING']);

// Already on their way to an inactive state: a restart waits instead of asking for a stop SDC would refuse.
const windingDownSdcStatuses: ReadonlySet<string> = new Set(['STOPPING', 'FINISHING']);

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

function configOf(entries: Record<string, string | number | null | undefined>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries))
    if (value !== undefined && value !== null && value !== '') config[key] = String(value);
  return config;
}

function toStatus(
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

// ---------------------------------------------------------------------------
// HTTP: every answer is classified (network, auth, SDC exception) before parsing.

interface SdcReply {
  status: number;
  body: string;
  contentType: string;
}

const looksLikeHtml = (reply: SdcReply) => /html/i.test(reply.contentType) || /^\s*</.test(reply.body);
// Form authentication answers an anonymous request with its login page and status 200.
const isLoginPage = (reply: SdcReply) => looksLikeHtml(reply) && /login\.html|j_security_check/i.test(reply.body);

function shortBody(reply: SdcReply): string {
  if (looksLikeHtml(reply)) return /<title>([^<]*)<\/title>/i.exec(reply.body)?.[1]?.trim() ?? 'an HTML page';
  const line = reply.body.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface StreamSetsEngineOptions {
  /** e.g. `http://host:18630` (SDC's default port). */
  baseUrl: string;
  user: string;
  password: string;
  /** Replaces the global fetch, e.g. to go through an SSH tunnel. */
  fetch?: typeof fetch;
  /** Per request, answer body included. Default 10 s. */
  timeoutMs?: number;
  /** How long `restart` waits for the pipeline to become inactive before giving up. Default 60 s. */
  restartWaitMs?: number;
  /** How often `restart` polls while it waits. Default 500 ms. */
  pollIntervalMs?: number;
}

class SdcHttp {
  readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly authorization: string | undefined;

  constructor(private readonly options: StreamSetsEngineOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    // Basic is accepted in every auth mode (form included); with no user, send nothing rather than a login that must fail.
    this.authorization =
      options.user === '' ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password}`, 'utf8').toString('base64')}`;
  }

  /** A 2xx answer that is not the login page; anything else is thrown as an AppFailure. */
  async request(method: 'GET' | 'POST', path: string, what: string): Promise<SdcReply> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    // SDC's CSRF filter refuses any non-GET without it (400).
    if (method !== 'GET') headers['X-Requested-By'] = 'sdc';
    let reply: SdcReply;
    try {
      const res = await this.fetchImpl(`${this.base}${path}`, { method, headers, signal: AbortSignal.timeout(this.timeoutMs) });
      reply = { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
    } catch (err) {
      throw this.networkFailure(err, what);
    }
    if (reply.status === 401) throw this.badCredentials(what);
    if (reply.status === 403) throw this.forbidden(reply, what);
    if (isLoginPage(reply)) throw this.noCredentials(what);
    if (reply.status >= 200 && reply.status < 300) return reply;
    throw this.sdcFailure(reply, what);
  }

  async json<T>(method: 'GET' | 'POST', path: string, what: string, schema: z.ZodType<T>): Promise<T> {
    return this.parse(await this.request(method, path, what), what, schema);
  }

  parse<T>(reply: SdcReply, what: string, schema: z.ZodType<T>): T {
    const data = parseJsonText(reply.body);
    if (data === undefined) {
      fail(
        'remote_command_failed',
        `SDC at ${this.base} answered "${what}" with ${looksLikeHtml(reply) ? `an HTML page (${shortBody(reply)})` : 'something that is not JSON'}.`,
        {
          hint: `Check that ${this.base} is the Data Collector itself and not a proxy or another service.`,
          details: { httpStatus: reply.status, contentType: reply.contentType },
        },
      );
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? formatPath(issue.path) || 'the answer' : 'the answer';
      fail(
        'remote_command_failed',
        `SDC at ${this.base} answered "${what}" with data this app does not understand (${where}: ${issue?.message ?? 'invalid'}).`,
        {
          hint: 'This adapter speaks the REST API of Data Collector 3.x; other versions may answer differently.',
          details: { httpStatus: reply.status },
        },
      );
    }
    return parsed.data;
  }

  private networkFailure(err: unknown, what: string): AppFailure {
    if (err instanceof AppFailure) return err;
    const failure = classifyFetchFailure(err);
    if (failure.kind === 'timeout') {
      return new AppFailure({
        code: 'timeout',
        message: `SDC at ${this.base} did not answer within ${this.timeoutMs / 1000} s (${what}).`,
        hint: 'The Data Collector may be starting, overloaded or stuck; its log is $SDC_LOG/sdc.log.',
        details: { url: this.base, timeoutMs: this.timeoutMs },
      });
    }
    return new AppFailure({
      code: 'host_unreachable',
      message: `Cannot reach SDC at ${this.base}: ${failure.reason}.`,
      hint: 'Is the Data Collector running, and is the URL right (its default port is 18630)?',
      details: { url: this.base, ...(failure.code ? { cause: failure.code } : {}) },
    });
  }

  private badCredentials(what: string): AppFailure {
    return new AppFailure({
      code: 'unauthorized',
      message: `SDC at ${this.base} refused the credentials of user "${this.options.user}" (${what}): wrong user name or password.`,
      hint: 'Check the StreamSets user in the cluster profile, and the password in the environment variable its passwordEnv names.',
      details: { url: this.base, httpStatus: 401 },
    });
  }

  private noCredentials(what: string): AppFailure {
    return new AppFailure({
      code: 'unauthorized',
      message: `SDC at ${this.base} answered "${what}" with its login page: ${this.authorization ? 'the credentials did not reach it' : 'no user name and password are set'}.`,
      hint: this.authorization
        ? 'Something between this app and SDC (a proxy?) drops the Authorization header.'
        : 'Set the StreamSets user and password in the cluster profile.',
      details: { url: this.base, httpStatus: 200 },
    });
  }

  private forbidden(reply: SdcReply, what: string): AppFailure {
    const allowed = forbiddenSchema.safeParse(parseJsonText(reply.body));
    const roles = allowed.success ? allowed.data.allowed : [];
    return new AppFailure({
      code: 'unauthorized',
      message: `User "${this.options.user}" may not ${what} on SDC at ${this.base}${roles.length > 0 ? `: it needs one of the roles ${roles.join(', ')}` : ''}.`,
      hint: 'Give the user the Manager or Admin role in SDC, or use a user that has it.',
      details: { url: this.base, httpStatus: 403, allowedRoles: roles },
    });
  }

  private sdcFailure(reply: SdcReply, what: string): AppFailure {
    const data = parseJsonText(reply.body);
    const remote = remoteExceptionSchema.safeParse(data);
    if (remote.success) return this.remoteException(remote.data.RemoteException, reply.status, what);
    const issues = issuesSchema.safeParse(data);
    if (reply.status === 400 && issues.success) {
      const all = [...issues.data.pipelineIssues, ...Object.values(issues.data.stageIssues).flat()];
      const listed = all
        .slice(0, 3)
        .map((i) => (i.instanceName ? `${i.instanceName}: ${i.message}` : i.message))
        .join('; ');
      return new AppFailure({
        code: 'remote_command_failed',
        message: `SDC at ${this.base} refused to ${what}: CONTAINER_0165 - ${issues.data.issueCount} validation issue(s)${listed ? `: ${listed}` : ''}.`,
        hint: 'Fix the pipeline in the SDC UI (Validate shows every issue), then start it again.',
        details: { url: this.base, httpStatus: 400, sdcCode: 'CONTAINER_0165', issueCount: issues.data.issueCount },
      });
    }
    const error: AppError = {
      code: 'remote_command_failed',
      message: `SDC at ${this.base} answered HTTP ${reply.status} to "${what}"${reply.body.trim() ? `: ${shortBody(reply)}` : ''}.`,
      details: { url: this.base, httpStatus: reply.status },
    };
    if (reply.status === 400) error.hint = 'SDC answers a bare 400 when the X-Requested-By header is missing; a proxy may be dropping it.';
    if (reply.status === 404) error.hint = `Check that ${this.base} is a Data Collector 3.x; it has no such REST path.`;
    return new AppFailure(error);
  }

  private remoteException(ex: z.infer<typeof remoteExceptionSchema>['RemoteException'], httpStatus: number, what: string): AppFailure {
    const sdcCode = ex.errorCode ?? undefined;
    let text = ex.localizedMessage || ex.message || 'no message';
    if (sdcCode && !text.includes(sdcCode)) text = `${sdcCode} - ${text}`;
    const details = {
      url: this.base,
      httpStatus,
      ...(sdcCode ? { sdcCode } : {}),
      ...(ex.javaClassName ? { exception: ex.javaClassName } : {}),
    };
    const message = `SDC at ${this.base} could not ${what}: ${text}`;
    switch (sdcCode) {
      case 'CONTAINER_0200':
        return new AppFailure({
          code: 'not_found',
          message,
          hint: 'The pipeline may have been deleted or imported under a new id; refresh the list.',
          details,
        });
      case 'CONTAINER_0102':
        return new AppFailure({
          code: 'conflict',
          message,
          hint: 'SDC allows this only from certain states; wait for the current change to finish.',
          details,
        });
      case 'CONTAINER_0104':
        return new AppFailure({ code: 'conflict', message, hint: 'Stop the pipeline before resetting its origin.', details });
      case 'CONTAINER_0201':
        return new AppFailure({ code: 'conflict', message, hint: 'A pipeline with that id already exists.', details });
      case 'CONTAINER_0166':
        return new AppFailure({
          code: 'remote_command_failed',
          message,
          hint: 'Raise runner.thread.pool.size in sdc.properties or stop another pipeline.',
          details,
        });
      default:
        return new AppFailure({
          code: 'remote_command_failed',
          message,
          hint: 'The Data Collector log ($SDC_LOG/sdc.log) has the details.',
          details,
        });
    }
  }
}

// ---------------------------------------------------------------------------

export class StreamSetsEngine implements PipelineEngine {
  readonly kind = 'streamsets' as const;
  readonly actions: ReadonlyArray<PipelineAction> = ['start', 'stop', 'force-stop', 'reset-origin', 'restart'];
  private readonly http: SdcHttp;
  private readonly restartWaitMs: number;
  private readonly pollIntervalMs: number;

  constructor(options: StreamSetsEngineOptions) {
    this.http = new SdcHttp(options);
    this.restartWaitMs = options.restartWaitMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  /** `GET /rest/ping`, which needs valid credentials too: checks address and login at once. */
  async ping(): Promise<void> {
    const reply = await this.http.request('GET', '/rest/ping', 'answer a ping');
    if (reply.body.trim() !== 'pong') {
      fail('remote_command_failed', `${this.http.base} answered a ping with "${shortBody(reply)}", not SDC's "pong".`, {
        hint: 'Check that the URL points at a StreamSets Data Collector.',
      });
    }
  }

  async list(): Promise<PipelineStatus[]> {
    // Statuses only: source and sink need each definition, which status() reads.
    const [infos, states] = await this.http.json('GET', '/rest/v1/pipelines?includeStatus=true', 'list pipelines', listingSchema);
    // The two arrays are aligned by index, but SDC skips a state it cannot read: match by id.
    const stateById = new Map(states.map((s) => [s.pipelineId, s]));
    return infos.map((info) => {
      const state = stateById.get(info.pipelineId);
      if (state) return toStatus(state, { info });
      return {
        name: info.pipelineId,
        state: 'unknown',
        engineState: 'UNKNOWN',
        message: 'SDC listed this pipeline without its status.',
        tasks: [],
        counters: {},
        config: configOf({ title: info.title, description: info.description }),
      };
    });
  }

  async status(name: string): Promise<PipelineStatus> {
    const [state, live, definition] = await Promise.all([
      this.readState(name),
      this.readMetrics(name),
      this.http.json('GET', `${this.pipelinePath(name)}?rev=0`, `read the definition of "${name}"`, definitionSchema),
    ]);
    return toStatus(state, { definition, live });
  }

  async act(name: string, action: PipelineAction): Promise<PipelineStatus> {
    switch (action) {
      case 'start':
        await this.post(name, 'start', `start "${name}"`);
        break;
      case 'stop':
        await this.post(name, 'stop', `stop "${name}"`);
        break;
      case 'force-stop':
        await this.forceStop(name);
        break;
      case 'reset-origin':
        await this.post(name, 'resetOffset', `reset the origin of "${name}"`);
        break;
      case 'restart':
        await this.restart(name);
        break;
      default:
        fail('invalid_input', `StreamSets pipelines cannot "${action}".`, {
          field: 'action',
          hint: `Supported actions: ${this.actions.join(', ')}.`,
        });
    }
    return this.status(name);
  }

  private pipelinePath(name: string): string {
    return `/rest/v1/pipeline/${encodeURIComponent(name)}`;
  }

  private readState(name: string): Promise<SdcPipelineState> {
    return this.http.json('GET', `${this.pipelinePath(name)}/status?rev=0`, `read the status of "${name}"`, sdcPipelineStateSchema);
  }

  /** Live metrics, or undefined: SDC answers 204 for a pipeline that is not active. */
  private async readMetrics(name: string): Promise<SdcMetrics | undefined> {
    const what = `read the metrics of "${name}"`;
    const reply = await this.http.request('GET', `${this.pipelinePath(name)}/metrics?rev=0`, what);
    if (reply.status === 204 || reply.body.trim() === '') return undefined;
    return this.http.parse(reply, what, sdcMetricsSchema);
  }

  private async post(name: string, verb: 'start' | 'stop' | 'forceStop' | 'resetOffset', what: string): Promise<void> {
    await this.http.request('POST', `${this.pipelinePath(name)}/${verb}?rev=0`, what);
  }

  // SDC answers 200 to a force stop it ignores, so say so instead of pretending it worked.
  private async forceStop(name: string): Promise<void> {
    const state = await this.readState(name);
    if (!forceQuitSdcStatuses.has(state.status)) {
      fail(
        'conflict',
        `SDC would ignore a force stop of "${name}" while it is ${state.status}: it only forces a pipeline that is already stopping or failing.`,
        {
          hint: activeSdcStatuses.has(state.status)
            ? 'Stop it first; force stop is for a pipeline stuck in STOPPING.'
            : 'The pipeline is not running.',
          details: { engineState: state.status },
        },
      );
    }
    await this.post(name, 'forceStop', `force-stop "${name}"`);
  }

  private async restart(name: string): Promise<void> {
    let state = await this.readState(name);
    if (activeSdcStatuses.has(state.status)) {
      if (!windingDownSdcStatuses.has(state.status)) await this.post(name, 'stop', `stop "${name}" to restart it`);
      const deadline = Date.now() + this.restartWaitMs;
      for (;;) {
        state = await this.readState(name);
        if (!activeSdcStatuses.has(state.status)) break;
        if (Date.now() >= deadline) {
          fail(
            'timeout',
            `"${name}" did not stop within ${this.restartWaitMs / 1000} s (SDC says ${state.status}); it was not started again.`,
            {
              hint: 'If it stays in STOPPING, force-stop it, then start it.',
              details: { engineState: state.status },
            },
          );
        }
        await sleep(this.pollIntervalMs);
      }
    }
    await this.post(name, 'start', `start "${name}" again`);
  }
}
