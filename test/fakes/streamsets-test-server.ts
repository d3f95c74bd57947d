import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for StreamSets Data Collector 3.x's REST API, for tests only: SDC
 * cannot run on our machines. It answers as SDC does, quirks included (HTML login
 * page with status 200, wrong state and not found as HTTP 500, CSRF header,
 * metrics as a string inside JSON, 204 for metrics of an idle pipeline), so that
 * a client which only works against a polite fake fails here too.
 * The contract is the one the streamsets/datacollector-oss 3.x sources implement.
 */

// PipelineStatus.java, in declaration order (orderBy=STATUS sorts by it).
export const sdcStatuses = [
  'EDITED',
  'STARTING',
  'STARTING_ERROR',
  'START_ERROR',
  'RUNNING',
  'RUNNING_ERROR',
  'RUN_ERROR',
  'RETRY',
  'FINISHING',
  'FINISHED',
  'KILLED',
  'STOPPING',
  'STOPPED',
  'STOPPING_ERROR',
  'STOP_ERROR',
  'DISCONNECTING',
  'DISCONNECTED',
  'CONNECTING',
  'CONNECT_ERROR',
  'DELETED',
] as const;
export type SdcStatus = (typeof sdcStatuses)[number];

const activeStatuses: ReadonlySet<SdcStatus> = new Set<SdcStatus>([
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

// StandaloneRunner.VALID_TRANSITIONS; anything else is CONTAINER_0102.
const validTransitions: Record<SdcStatus, ReadonlyArray<SdcStatus>> = {
  EDITED: ['STARTING'],
  STARTING: ['START_ERROR', 'STARTING_ERROR', 'RUNNING', 'DISCONNECTING', 'STOPPING'],
  STARTING_ERROR: ['START_ERROR', 'STOPPING_ERROR', 'RETRY'],
  START_ERROR: ['STARTING'],
  RUNNING: ['RUNNING_ERROR', 'FINISHING', 'STOPPING', 'DISCONNECTING'],
  RUNNING_ERROR: ['RETRY', 'STOPPING_ERROR', 'RUN_ERROR'],
  RUN_ERROR: ['STARTING'],
  RETRY: ['STARTING', 'STOPPING', 'DISCONNECTING'],
  FINISHING: ['FINISHED', 'STOPPING_ERROR'],
  FINISHED: ['STARTING'],
  KILLED: [],
  STOPPING: ['STOPPED', 'STOPPING_ERROR'],
  STOPPED: ['STARTING'],
  STOPPING_ERROR: ['START_ERROR', 'RUN_ERROR', 'STOP_ERROR', 'RETRY'],
  STOP_ERROR: ['STARTING'],
  DISCONNECTING: ['DISCONNECTED'],
  DISCONNECTED: ['CONNECTING', 'STARTING', 'RETRY'],
  CONNECTING: ['STARTING', 'DISCONNECTING', 'RETRY'],
  CONNECT_ERROR: [],
  DELETED: [],
};

// forceStop interrupts the runner thread only in these states; elsewhere SDC logs and ignores it.
// The interrupted run ends where its current transition was heading.
const forceQuitOutcome: Partial<Record<SdcStatus, SdcStatus>> = {
  STOPPING: 'STOPPED',
  STOPPING_ERROR: 'STOP_ERROR',
  STARTING_ERROR: 'START_ERROR',
  RUNNING_ERROR: 'RUN_ERROR',
  FINISHING: 'FINISHED',
};

const resetOffsetRefused: ReadonlySet<SdcStatus> = new Set<SdcStatus>([
  'CONNECTING',
  'DISCONNECTING',
  'FINISHING',
  'RETRY',
  'RUNNING',
  'STARTING',
  'STOPPING',
]);

const managerRoles = ['manager', 'admin', 'datacollector:manager', 'datacollector:admin'];
const sdcVersion = '3.22.3';

// ---------------------------------------------------------------------------
// Jackson-style JSON: SDC's ObjectMapper indents with DefaultPrettyPrinter, whose
// arrays stay on one line (`[ {` … `} ]`) and whose empty containers are `{ }` / `[ ]`.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jacksonJson(value: Json, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '[ ]' : `[ ${value.map((v) => jacksonJson(v, depth)).join(', ')} ]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{ }';
  const pad = '  '.repeat(depth + 1);
  const body = entries.map(([k, v]) => `${pad}${JSON.stringify(k)} : ${jacksonJson(v, depth + 1)}`).join(',\n');
  return `{\n${body}\n${'  '.repeat(depth)}}`;
}

// ---------------------------------------------------------------------------
// Stages, as the stage libraries name them.

export type StageType = 'SOURCE' | 'PROCESSOR' | 'TARGET' | 'EXECUTOR';

export interface StageSpec {
  instanceName: string;
  library: string;
  stageName: string;
  stageVersion: string;
  stageType: StageType;
  /** What the user typed on the canvas; free text, so clients must not rely on it. */
  label: string;
  configuration?: Array<{ name: string; value: Json }>;
}

export const sdcStages = {
  directory: (label = 'Directory 1'): StageSpec => ({
    instanceName: 'Directory_01',
    library: 'streamsets-datacollector-basic-lib',
    stageName: 'com_streamsets_pipeline_stage_origin_spooldir_SpoolDirDSource',
    stageVersion: '11',
    stageType: 'SOURCE',
    label,
    configuration: [
      { name: 'conf.spoolDir', value: '/data/iot/incoming' },
      { name: 'conf.filePattern', value: '*.json' },
      { name: 'conf.dataFormat', value: 'JSON' },
    ],
  }),
  kafkaConsumer: (label = 'Kafka Consumer 1'): StageSpec => ({
    instanceName: 'KafkaConsumer_01',
    library: 'streamsets-datacollector-apache-kafka_2_0-lib',
    stageName: 'com_streamsets_pipeline_stage_origin_kafka_KafkaDSource',
    stageVersion: '9',
    stageType: 'SOURCE',
    label,
    configuration: [
      { name: 'kafkaConfigBean.metadataBrokerList', value: '10.0.1.11:9092,10.0.1.12:9092' },
      { name: 'kafkaConfigBean.topic', value: 'iot-sensors' },
      { name: 'kafkaConfigBean.consumerGroup', value: 'sdc-data-lake' },
    ],
  }),
  kafkaProducer: (label = 'Kafka Producer 1'): StageSpec => ({
    instanceName: 'KafkaProducer_01',
    library: 'streamsets-datacollector-apache-kafka_2_0-lib',
    stageName: 'com_streamsets_pipeline_stage_destination_kafka_KafkaDTarget',
    stageVersion: '4',
    stageType: 'TARGET',
    label,
    configuration: [
      { name: 'conf.metadataBrokerList', value: '10.0.1.11:9092,10.0.1.12:9092' },
      { name: 'conf.topic', value: 'iot-sensors' },
      // Stage configs hold secrets in the clear; a client must not copy them out.
      { name: 'conf.kafkaProducerConfigs', value: [{ key: 'sasl.jaas.config', value: 'password="s3cret"' }] },
    ],
  }),
  hadoopFs: (label = 'Hadoop FS 1'): StageSpec => ({
    instanceName: 'HadoopFS_01',
    library: 'streamsets-datacollector-cdh_6_3-lib',
    stageName: 'com_streamsets_pipeline_stage_destination_hdfs_HdfsDTarget',
    stageVersion: '2',
    stageType: 'TARGET',
    label,
    configuration: [
      { name: 'hdfsTargetConfigBean.hdfsUri', value: 'hdfs://10.0.1.20:9870' },
      { name: 'hdfsTargetConfigBean.dirPathTemplate', value: '/landing/iot/${YYYY()}-${MM()}-${DD()}' },
    ],
  }),
  localFs: (label = 'Local FS 1'): StageSpec => ({
    instanceName: 'LocalFS_01',
    library: 'streamsets-datacollector-basic-lib',
    stageName: 'com_streamsets_pipeline_stage_destination_localfilesystem_LocalFileSystemDTarget',
    stageVersion: '2',
    stageType: 'TARGET',
    label,
  }),
  trash: (label = 'Trash 1'): StageSpec => ({
    instanceName: 'Trash_01',
    library: 'streamsets-datacollector-basic-lib',
    stageName: 'com_streamsets_pipeline_stage_destination_devnull_NullDTarget',
    stageVersion: '1',
    stageType: 'TARGET',
    label,
  }),
  expressionEvaluator: (label = 'Expression Evaluator 1'): StageSpec => ({
    instanceName: 'ExpressionEvaluator_01',
    library: 'streamsets-datacollector-basic-lib',
    stageName: 'com_streamsets_pipeline_stage_processor_expression_ExpressionDProcessor',
    stageVersion: '2',
    stageType: 'PROCESSOR',
    label,
  }),
  // Sits on the Hadoop FS event lane and lives in the hdfs *destination* package: not a sink.
  hdfsMetadataExecutor: (label = 'HDFS File Metadata 1'): StageSpec => ({
    instanceName: 'HDFSFileMetadata_01',
    library: 'streamsets-datacollector-cdh_6_3-lib',
    stageName: 'com_streamsets_pipeline_stage_destination_hdfs_metadataexecutor_HdfsMetadataDExecutor',
    stageVersion: '1',
    stageType: 'EXECUTOR',
    label,
  }),
};

export const seedTitles = { iotToKafka: 'IoT sensors to Kafka', kafkaToLake: 'Kafka to data lake' } as const;

export interface PipelineSpec {
  title: string;
  description?: string;
  /** In flow order; an EXECUTOR hangs off the previous stage's event lane. */
  stages: StageSpec[];
  labels?: string[];
  creator?: string;
  valid?: boolean;
}

// ---------------------------------------------------------------------------
// Pipeline simulation.

interface StateRecord {
  pipelineId: string;
  rev: string;
  user: string;
  status: SdcStatus;
  message: string | null;
  timeStamp: number;
  attributes: { [key: string]: Json };
  executionMode: string;
  metrics: string | null;
  retryAttempt: number;
  nextRetryTimeStamp: number;
}

interface Run {
  startedAt: number;
  input: { count: number; m1: number };
  output: { count: number; m1: number };
  errors: { count: number; m1: number };
  batches: number;
  lastRecordAt: number | null;
}

export interface ValidationIssue {
  instanceName: string | null;
  message: string;
  configName?: string;
}

interface SimPipeline {
  id: string;
  spec: Required<Omit<PipelineSpec, 'description'>> & { description: string };
  created: number;
  lastModified: number;
  uuid: string;
  state: StateRecord;
  history: StateRecord[];
  run: Run | null;
  sourceOffset: string | null;
  pending: NodeJS.Timeout | undefined;
  holdNextStop: boolean;
  nextStartFailure: string | undefined;
  issues: ValidationIssue[] | undefined;
}

/** An exception as ExceptionToHttpErrorProvider serialises it. */
class SdcException extends Error {
  constructor(
    readonly javaClassName: string,
    readonly errorCode: string | undefined,
    readonly localized: string,
  ) {
    super(localized);
  }
}

// ErrorMessage.getNonLocalized(): "<code> - <template with {} filled>".
function containerError(javaClassName: string, code: string, template: string, ...args: Array<string | number>): SdcException {
  let i = 0;
  const text = template.replace(/\{\}/g, (m) => (i < args.length ? String(args[i++]) : m));
  return new SdcException(javaClassName, code, `${code} - ${text}`);
}

const storeException = 'com.streamsets.datacollector.store.PipelineStoreException';
const runnerException = 'com.streamsets.datacollector.execution.runner.common.PipelineRunnerException';

const notFound = (id: string) => containerError(storeException, 'CONTAINER_0200', "Pipeline '{}' does not exist", id);
const illegalChange = (from: SdcStatus, to: SdcStatus) =>
  containerError(runnerException, 'CONTAINER_0102', 'Cannot change state from {} to {}', from, to);
// A RuntimeException: code CONTAINER_0000, localizedMessage without the code prefix.
const runtimeException = (javaClassName: string, text: string) => new SdcException(javaClassName, 'CONTAINER_0000', text);

function remoteExceptionBody(ex: SdcException): Json {
  const simpleName = ex.javaClassName.slice(ex.javaClassName.lastIndexOf('.') + 1);
  const body: { [key: string]: Json } = { message: `${ex.javaClassName}: ${ex.localized}` };
  if (ex.errorCode) body.errorCode = ex.errorCode;
  Object.assign(body, {
    localizedMessage: ex.localized,
    exception: simpleName,
    javaClassName: ex.javaClassName,
    antennaDoctorMessages: [],
    stackTrace:
      `${ex.javaClassName}: ${ex.localized}\n` +
      '\tat com.streamsets.datacollector.execution.runner.standalone.StandaloneRunner.validateAndSetStateTransition(StandaloneRunner.java:771)\n' +
      '\tat com.streamsets.datacollector.restapi.ManagerResource.startPipeline(ManagerResource.java:201)\n' +
      '\tat org.glassfish.jersey.server.model.internal.ResourceMethodInvocationHandlerFactory.lambda$static$0(ResourceMethodInvocationHandlerFactory.java:76)\n',
  });
  return { RemoteException: body };
}

// ---------------------------------------------------------------------------
// Pages Jetty and the form authenticator answer with.

function jettyErrorPage(status: number, reason: string, path: string): string {
  return (
    '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n' +
    `<title>Error ${status} ${reason}</title>\n</head>\n<body><h2>HTTP ERROR ${status}</h2>\n` +
    `<p>Problem accessing ${path}. Reason:\n<pre>    ${reason}</pre></p><hr><a href="http://eclipse.org/jetty">Powered by Jetty:// 9.4.35.v20201120</a><hr/>\n\n</body>\n</html>\n`
  );
}

// Form mode serves the login page with status 200 to any unauthenticated request;
// SDC's own UI recognises it by the "login.html" it contains.
const loginPage = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>StreamSets Data Collector</title>
  <base href="/">
  <link rel="stylesheet" href="assets/login.css">
</head>
<body>
  <script>if (window.location.pathname.indexOf('login.html') === -1) { window.location.href = 'login.html'; }</script>
  <form class="login-form" method="POST" action="j_security_check">
    <input type="text" name="j_username" placeholder="Username" autofocus>
    <input type="password" name="j_password" placeholder="Password">
    <button type="submit">Log In</button>
  </form>
</body>
</html>
`;

// ---------------------------------------------------------------------------

export interface SdcUser {
  password: string;
  roles: string[];
}

export interface StreamSetsTestServerOptions {
  /** SDC's `http.authentication`; `form` is its default. */
  authMode?: 'form' | 'basic' | 'none';
  /** Defaults to SDC's form-realm.properties users: admin, manager, creator, guest (password = name). */
  users?: Record<string, SdcUser>;
  /** How long STARTING, STOPPING and the *_ERROR intermediates last before the next state. */
  transitionMs?: number;
  /** Seed the two pipelines of the project's seed (default true). */
  seed?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface StreamSetsTestServer {
  /** e.g. `http://127.0.0.1:41234`, like `http://host:18630`. */
  url: string;
  port: number;
  /** Ids of the seeded pipelines. */
  ids: { iotToKafka: string; kafkaToLake: string };
  /** Every request received, oldest first. */
  requests: SeenRequest[];
  close(): Promise<void>;
  addPipeline(spec: PipelineSpec): string;
  status(id: string): SdcStatus;
  sourceOffset(id: string): string | null;
  /** Count records through a running pipeline; rates are the delta over `seconds`. */
  advance(id: string, records: { input: number; output?: number; errors?: number; seconds?: number }): void;
  /** RUNNING → RUNNING_ERROR → RUN_ERROR, with ERROR_MESSAGE / ERROR_STACKTRACE attributes. */
  failRun(id: string, message: string, stackTrace?: string): void;
  /** The next start goes STARTING → STARTING_ERROR → START_ERROR. */
  failNextStart(id: string, message: string): void;
  /** RUNNING → RUNNING_ERROR → RETRY, and stays in RETRY. */
  retry(id: string, message: string): void;
  /** RUNNING → FINISHING → FINISHED, as a Directory origin out of files. */
  finish(id: string): void;
  /** The next stop stays in STOPPING until a forceStop. */
  holdNextStop(id: string): void;
  /** Start answers 400 with these CONTAINER_0165 issues (undefined clears them). */
  setValidationIssues(id: string, issues: ValidationIssue[] | undefined): void;
  /** Delay every answer by `ms` (0 to stop). */
  stall(ms: number): void;
}

const defaultUsers: Record<string, SdcUser> = {
  admin: { password: 'admin', roles: ['admin'] },
  manager: { password: 'manager', roles: ['manager'] },
  creator: { password: 'creator', roles: ['creator'] },
  guest: { password: 'guest', roles: ['guest'] },
};

type Reply = { status: number; json?: Json; text?: string; contentType?: string; headers?: Record<string, string> };

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  /** @RolesAllowed; absent = @PermitAll (any authenticated user). */
  roles?: ReadonlyArray<string>;
  handle(ctx: { user: string; url: URL; body: string; match: RegExpMatchArray }): Reply;
}

export async function startStreamSetsTestServer(options: StreamSetsTestServerOptions = {}): Promise<StreamSetsTestServer> {
  const authMode = options.authMode ?? 'form';
  const users = options.users ?? defaultUsers;
  const transitionMs = options.transitionMs ?? 40;
  const sdcId = randomUUID();
  const pipelines = new Map<string, SimPipeline>();
  const sessions = new Map<string, string>();
  const requests: SeenRequest[] = [];
  let stallMs = 0;
  let port = 0;
  let closed = false;

  // ---- simulation --------------------------------------------------------

  const get = (id: string): SimPipeline => {
    const p = pipelines.get(id);
    if (!p) throw notFound(id);
    return p;
  };

  const schedule = (p: SimPipeline, fn: () => void, ms = transitionMs) => {
    clearTimeout(p.pending);
    p.pending = closed ? undefined : setTimeout(() => ((p.pending = undefined), fn()), ms);
  };
  const cancel = (p: SimPipeline) => {
    clearTimeout(p.pending);
    p.pending = undefined;
  };

  const meter = (count: number, m1: number, seconds: number): Json => ({
    count,
    m1_rate: m1,
    m5_rate: m1,
    m15_rate: m1,
    m30_rate: m1,
    h1_rate: m1,
    h6_rate: m1,
    h12_rate: m1,
    h24_rate: m1,
    mean_rate: seconds > 0 ? count / seconds : 0,
    units: 'events/second',
  });

  // Dropwizard MetricRegistry as SDC's MetricsModule writes it.
  const metricsOf = (p: SimPipeline): Json => {
    const run = p.run ?? {
      startedAt: Date.now(),
      input: { count: 0, m1: 0 },
      output: { count: 0, m1: 0 },
      errors: { count: 0, m1: 0 },
      batches: 0,
      lastRecordAt: null,
    };
    const seconds = Math.max((Date.now() - run.startedAt) / 1000, 0.001);
    const meters: { [key: string]: Json } = {
      'pipeline.batchCount.meter': meter(run.batches, run.batches > 0 ? 0.2 : 0, seconds),
      'pipeline.batchErrorMessages.meter': meter(0, 0, seconds),
      'pipeline.batchErrorRecords.meter': meter(run.errors.count, run.errors.m1, seconds),
      'pipeline.batchInputRecords.meter': meter(run.input.count, run.input.m1, seconds),
      'pipeline.batchOutputRecords.meter': meter(run.output.count, run.output.m1, seconds),
    };
    const counters: { [key: string]: Json } = { 'pipeline.memoryConsumed.counter': { count: 0 } };
    // Origins read, processors drop the error records, targets write the rest.
    const none = { count: 0, m1: 0 };
    const kept = { count: run.input.count - run.errors.count, m1: run.input.m1 - run.errors.m1 };
    const flow: Record<StageType, [typeof none, typeof none, typeof none]> = {
      SOURCE: [none, run.input, none],
      PROCESSOR: [run.input, kept, run.errors],
      TARGET: [run.output, run.output, none],
      EXECUTOR: [none, none, none],
    };
    for (const s of p.spec.stages) {
      const [stageIn, stageOut, stageErr] = flow[s.stageType];
      meters[`stage.${s.instanceName}.inputRecords.meter`] = meter(stageIn.count, stageIn.m1, seconds);
      meters[`stage.${s.instanceName}.outputRecords.meter`] = meter(stageOut.count, stageOut.m1, seconds);
      meters[`stage.${s.instanceName}.errorRecords.meter`] = meter(stageErr.count, stageErr.m1, seconds);
      counters[`stage.${s.instanceName}.memoryConsumed.counter`] = { count: 0 };
    }
    const histogram = (max: number): Json => ({
      count: run.batches,
      max,
      mean: max,
      min: 0,
      p50: max,
      p75: max,
      p95: max,
      p98: max,
      p99: max,
      p999: max,
      stddev: 0,
    });
    const perBatch = run.batches > 0 ? Math.round(run.input.count / run.batches) : 0;
    return {
      version: sdcVersion,
      gauges: {
        'RuntimeStatsGauge.gauge': {
          value: {
            batchCount: run.batches,
            currentSourceOffset: p.sourceOffset,
            currentBatchAge: 0,
            currentStage: '',
            timeInCurrentStage: 0,
            timeOfLastReceivedRecord: run.lastRecordAt,
            batchStartTime: run.lastRecordAt ?? run.startedAt,
          },
        },
      },
      counters,
      histograms: {
        'pipeline.errorRecordsPerBatch.histogramM5': histogram(0),
        'pipeline.inputRecordsPerBatch.histogramM5': histogram(perBatch),
        'pipeline.outputRecordsPerBatch.histogramM5': histogram(perBatch),
      },
      meters,
      timers: {
        'pipeline.batchProcessing.timer': {
          count: run.batches,
          max: 0.05,
          mean: 0.02,
          min: 0.01,
          p50: 0.02,
          p75: 0.03,
          p95: 0.05,
          p98: 0.05,
          p99: 0.05,
          p999: 0.05,
          stddev: 0.01,
          m15_rate: 0.2,
          m1_rate: 0.2,
          m5_rate: 0.2,
          mean_rate: run.batches / seconds,
          duration_units: 'seconds',
          rate_units: 'calls/second',
        },
      },
    };
  };

  // StandaloneRunner.validateAndSetStateTransition: refuses illegal changes, counts retries,
  // and freezes the run's metrics into the state when the pipeline goes inactive.
  const transition = (
    p: SimPipeline,
    to: SdcStatus,
    message: string | null = null,
    attributes?: { [key: string]: Json },
    user?: string,
  ) => {
    const from = p.state;
    if (!validTransitions[from.status].includes(to)) throw illegalChange(from.status, to);
    let retryAttempt = from.retryAttempt;
    let nextRetryTimeStamp = from.nextRetryTimeStamp;
    if (to === 'RETRY' && from.status !== 'CONNECTING') {
      retryAttempt += 1;
      nextRetryTimeStamp = Date.now() + Math.min(2 ** retryAttempt * 15_000, 300_000);
    } else if (!activeStatuses.has(to)) {
      retryAttempt = 0;
      nextRetryTimeStamp = 0;
    }
    const freezesMetrics = !activeStatuses.has(to) || to === 'DISCONNECTED' || to === 'RETRY';
    const metrics = freezesMetrics ? (p.run ? jacksonJson(metricsOf(p)) : from.metrics) : null;
    p.state = {
      ...from,
      user: user ?? from.user,
      status: to,
      message,
      timeStamp: Date.now(),
      attributes: attributes ? { ...from.attributes, ...attributes } : from.attributes,
      metrics,
      retryAttempt,
      nextRetryTimeStamp,
    };
    p.history.unshift(p.state);
    p.history.length = Math.min(p.history.length, 100);
  };

  const errorAttributes = (message: string, stackTrace: string): { [key: string]: Json } => ({
    ERROR_MESSAGE: message,
    ERROR_STACKTRACE: stackTrace,
    ANTENNA_DOCTOR_MESSAGES: [],
  });

  const defaultStack = (message: string) =>
    `com.streamsets.pipeline.api.StageException: ${message}\n` +
    '\tat com.streamsets.pipeline.stage.destination.kafka.KafkaTarget.write(KafkaTarget.java:212)\n' +
    '\tat com.streamsets.datacollector.runner.StageRuntime.execute(StageRuntime.java:258)\n';

  const addPipeline = (spec: PipelineSpec): string => {
    // SDC: title without non-word characters, cut to 10, then a UUID.
    const id = `${spec.title.replace(/[\W_]/g, '').slice(0, 10)}${randomUUID()}`;
    const now = Date.now();
    const creator = spec.creator ?? 'admin';
    pipelines.set(id, {
      id,
      spec: {
        title: spec.title,
        description: spec.description ?? '',
        stages: spec.stages,
        labels: spec.labels ?? [],
        creator,
        valid: spec.valid ?? true,
      },
      created: now - 86_400_000,
      lastModified: now - 3_600_000,
      uuid: randomUUID(),
      state: {
        pipelineId: id,
        rev: '0',
        user: creator,
        status: 'EDITED',
        message: null,
        timeStamp: now - 3_600_000,
        attributes: { IS_REMOTE_PIPELINE: false },
        executionMode: 'STANDALONE',
        metrics: null,
        retryAttempt: 0,
        nextRetryTimeStamp: 0,
      },
      history: [],
      run: null,
      sourceOffset: null,
      pending: undefined,
      holdNextStop: false,
      nextStartFailure: undefined,
      issues: undefined,
    });
    const p = pipelines.get(id);
    if (p) p.history.push(p.state);
    return id;
  };

  // ---- JSON views ----------------------------------------------------------

  const infoJson = (p: SimPipeline): Json => ({
    pipelineId: p.id,
    title: p.spec.title,
    description: p.spec.description,
    created: p.created,
    lastModified: p.lastModified,
    creator: p.spec.creator,
    lastModifier: p.spec.creator,
    lastRev: '0',
    uuid: p.uuid,
    valid: p.spec.valid,
    metadata: { labels: p.spec.labels },
    name: p.id,
    sdcVersion,
    sdcId,
  });

  // PipelineStateJson; lists and the status map pass ignoreMetrics = true.
  const stateJson = (s: StateRecord, ignoreMetrics = false): Json => ({
    pipelineId: s.pipelineId,
    rev: s.rev,
    user: s.user,
    status: s.status,
    message: s.message,
    timeStamp: s.timeStamp,
    attributes: s.attributes,
    executionMode: s.executionMode,
    metrics: ignoreMetrics ? null : s.metrics,
    retryAttempt: s.retryAttempt,
    nextRetryTimeStamp: s.nextRetryTimeStamp,
    name: s.pipelineId,
  });

  const definitionJson = (p: SimPipeline): Json => {
    const lane = (s: StageSpec) => `${s.instanceName}OutputLane${p.created}`;
    const eventLane = (s: StageSpec) => `${s.instanceName}_EventLane`;
    const stages: Json[] = [];
    let previous: StageSpec | undefined;
    p.spec.stages.forEach((s, i) => {
      const isExecutor = s.stageType === 'EXECUTOR';
      const input = previous ? [isExecutor ? eventLane(previous) : lane(previous)] : [];
      const feedsNext = p.spec.stages.slice(i + 1).some((n) => n.stageType !== 'EXECUTOR');
      const next = p.spec.stages[i + 1];
      stages.push({
        instanceName: s.instanceName,
        library: s.library,
        stageName: s.stageName,
        stageVersion: s.stageVersion,
        configuration: (s.configuration ?? []).map((c) => ({ name: c.name, value: c.value })),
        uiInfo: { description: '', label: s.label, xPos: 60 + i * 220, yPos: 50, stageType: s.stageType },
        inputLanes: input,
        outputLanes: s.stageType === 'TARGET' || isExecutor || !feedsNext ? [] : [lane(s)],
        eventLanes: next?.stageType === 'EXECUTOR' ? [eventLane(s)] : [],
        services: [],
      });
      if (!isExecutor) previous = s;
    });
    return {
      schemaVersion: 6,
      version: 14,
      pipelineId: p.id,
      title: p.spec.title,
      description: p.spec.description,
      uuid: p.uuid,
      configuration: [
        { name: 'executionMode', value: 'STANDALONE' },
        { name: 'deliveryGuarantee', value: 'AT_LEAST_ONCE' },
        { name: 'shouldRetry', value: true },
        { name: 'retryAttempts', value: -1 },
        {
          name: 'badRecordsHandling',
          value: 'streamsets-datacollector-basic-lib::com_streamsets_pipeline_stage_destination_devnull_ToErrorNullDTarget::1',
        },
      ],
      uiInfo: { previewConfig: { batchSize: 10, timeout: 10000 } },
      fragments: [],
      stages,
      // Error and statistics stages are TARGETs too, but outside the flow.
      errorStage: {
        instanceName: 'Discard_ErrorStage',
        library: 'streamsets-datacollector-basic-lib',
        stageName: 'com_streamsets_pipeline_stage_destination_devnull_ToErrorNullDTarget',
        stageVersion: '1',
        configuration: [],
        uiInfo: { description: '', label: 'Error Records - Discard', xPos: 60, yPos: 300, stageType: 'TARGET' },
        inputLanes: [],
        outputLanes: [],
        eventLanes: [],
        services: [],
      },
      info: infoJson(p),
      metadata: { labels: p.spec.labels },
      statsAggregatorStage: {
        instanceName: 'Discard_StatsAggregatorStage',
        library: 'streamsets-datacollector-basic-lib',
        stageName: 'com_streamsets_pipeline_stage_destination_devnull_StatsNullDTarget',
        stageVersion: '1',
        configuration: [],
        uiInfo: { description: '', label: 'Stats Aggregator - Discard', xPos: 280, yPos: 300, stageType: 'TARGET' },
        inputLanes: [],
        outputLanes: [],
        eventLanes: [],
        services: [],
      },
      startEventStages: [],
      stopEventStages: [],
      testOriginStage: null,
      valid: p.spec.valid,
      issues: { pipelineIssues: [], stageIssues: {}, issueCount: 0 },
      previewable: true,
    };
  };

  // ---- actions (ManagerResource → StandaloneRunner) -----------------------

  const start = (p: SimPipeline, user: string, runtimeParameters: Json) => {
    if (p.issues) return false;
    transition(p, 'STARTING', null, undefined, user);
    // createStateAttributes(): fresh per run, so the last run's ERROR_MESSAGE does not linger.
    p.state.attributes = { RUNTIME_PARAMETERS: runtimeParameters, INTERCEPTOR_CONFIGS: [], IS_REMOTE_PIPELINE: false };
    p.run = {
      startedAt: Date.now(),
      input: { count: 0, m1: 0 },
      output: { count: 0, m1: 0 },
      errors: { count: 0, m1: 0 },
      batches: 0,
      lastRecordAt: null,
    };
    const failure = p.nextStartFailure;
    p.nextStartFailure = undefined;
    schedule(p, () => {
      if (failure === undefined) return transition(p, 'RUNNING');
      transition(p, 'STARTING_ERROR', failure, errorAttributes(failure, defaultStack(failure)));
      schedule(p, () => transition(p, 'START_ERROR', failure));
    });
    return true;
  };

  const stop = (p: SimPipeline, user: string) => {
    if (p.state.status === 'RETRY') {
      cancel(p);
      transition(p, 'STOPPING', null, undefined, user);
      transition(p, 'STOPPED', 'Stopped while the pipeline was in RETRY state');
      return;
    }
    transition(p, 'STOPPING', null, undefined, user);
    cancel(p);
    if (p.holdNextStop) {
      p.holdNextStop = false;
      return;
    }
    schedule(p, () => transition(p, 'STOPPED'));
  };

  const forceStop = (p: SimPipeline) => {
    const outcome = forceQuitOutcome[p.state.status];
    if (!outcome) return;
    // The runner thread is interrupted; the answer still shows the state before it ends.
    schedule(p, () => transition(p, outcome, p.state.message), 5);
  };

  const resetOffset = (p: SimPipeline) => {
    if (resetOffsetRefused.has(p.state.status)) {
      throw containerError(runnerException, 'CONTAINER_0104', 'Cannot reset the source offset when the pipeline is running', p.id);
    }
    p.sourceOffset = null;
  };

  // ---- listing ---------------------------------------------------------------

  const orderByValues = ['NAME', 'TITLE', 'LAST_MODIFIED', 'CREATED', 'CREATOR', 'STATUS'];

  class QueryParamError extends Error {}

  // Jersey turns an unparsable query parameter into 404, not 400.
  const intParam = (url: URL, name: string, dflt: number) => {
    const v = url.searchParams.get(name);
    if (v === null) return dflt;
    if (!/^[-+]?\d+$/.test(v.trim())) throw new QueryParamError(name);
    return Number.parseInt(v, 10);
  };
  const enumParam = (url: URL, name: string, values: string[], dflt: string) => {
    const v = url.searchParams.get(name);
    if (v === null) return dflt;
    if (!values.includes(v)) throw new QueryParamError(name);
    return v;
  };

  const matchesLabel = (p: SimPipeline, label: string, user: string) => {
    const status = p.state.status;
    switch (label) {
      case 'system:allPipelines':
      case 'system:localPipelines':
        return true;
      case 'system:runningPipelines':
        return activeStatuses.has(status);
      case 'system:nonRunningPipelines':
        return !activeStatuses.has(status);
      case 'system:invalidPipelines':
        return !p.spec.valid;
      case 'system:errorPipelines':
        return ['START_ERROR', 'RUNNING_ERROR', 'RUN_ERROR', 'CONNECT_ERROR'].includes(status);
      case 'system:sharedWithMePipelines':
        return p.spec.creator !== user;
      case 'system:edgePipelines':
      case 'system:microServicePipelines':
      case 'system:publishedPipelines':
      case 'system:dpmControlledPipelines':
        return false;
      default:
        return p.spec.labels.includes(label);
    }
  };

  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

  const listPipelines = (url: URL, user: string): Reply => {
    const filterText = (url.searchParams.get('filterText') ?? '').toLowerCase();
    const label = url.searchParams.get('label');
    const offset = intParam(url, 'offset', 0);
    const len = intParam(url, 'len', -1);
    const orderBy = enumParam(url, 'orderBy', orderByValues, 'NAME');
    const order = enumParam(url, 'order', ['ASC', 'DESC'], 'ASC');
    // Boolean.parseBoolean: anything but "true" is false, never an error.
    const includeStatus = (url.searchParams.get('includeStatus') ?? '').toLowerCase() === 'true';

    const filtered = [...pipelines.values()].filter(
      (p) => p.spec.title.toLowerCase().includes(filterText) && (label === null || matchesLabel(p, label, user)),
    );
    filtered.sort((x, y) => {
      const [a, b] = order === 'DESC' ? [y, x] : [x, y];
      switch (orderBy) {
        case 'TITLE':
          return compare(a.spec.title, b.spec.title);
        case 'LAST_MODIFIED':
          return compare(b.lastModified, a.lastModified);
        case 'CREATED':
          return compare(b.created, a.created);
        case 'CREATOR':
          return compare(a.spec.creator, b.spec.creator);
        case 'STATUS':
          return compare(sdcStatuses.indexOf(a.state.status), sdcStatuses.indexOf(b.state.status));
        default:
          return compare(a.id, b.id);
      }
    });

    let data: Json;
    if (filtered.length > 0) {
      let end = offset + len;
      if (len === -1 || end > filtered.length) end = filtered.length;
      // ArrayList.subList's own checks, surfacing as CONTAINER_0000.
      if (offset < 0) throw runtimeException('java.lang.IndexOutOfBoundsException', `fromIndex = ${offset}`);
      if (offset > end) throw runtimeException('java.lang.IllegalArgumentException', `fromIndex(${offset}) > toIndex(${end})`);
      const page = filtered.slice(offset, end);
      data = includeStatus ? [page.map(infoJson), page.map((p) => stateJson(p.state, true))] : page.map(infoJson);
    } else {
      data = includeStatus ? [[], []] : [];
    }
    return { status: 200, json: data, headers: { TOTAL_COUNT: String(filtered.length) } };
  };

  // Bulk actions answer 207; an unknown id still fails the whole call (getRunner is outside the try).
  const bulk = (body: string, path: string, verb: string, act: (p: SimPipeline) => void): Reply => {
    const ids = parseJsonBody(body);
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string' && i !== null)) return badRequest(path);
    const successEntities: Json[] = [];
    const errorMessages: Json[] = [];
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      const p = get(id);
      try {
        act(p);
        successEntities.push(stateJson(p.state));
      } catch (err) {
        errorMessages.push(`Failed ${verb} pipeline: ${id}. Error: ${err instanceof SdcException ? err.localized : String(err)}`);
      }
    }
    return { status: 207, json: { successEntities, errorMessages } };
  };

  // Jersey could not read the body (not JSON, wrong shape): Jetty's error page.
  const badRequest = (path: string): Reply => ({
    status: 400,
    text: jettyErrorPage(400, 'Bad Request', path),
    contentType: 'text/html;charset=iso-8859-1',
  });

  const parseJsonBody = (body: string): unknown => {
    try {
      return body.trim() === '' ? null : (JSON.parse(body) as unknown);
    } catch {
      return undefined;
    }
  };

  const routes: Route[] = [
    { method: 'GET', path: /^\/rest\/ping$/, handle: () => ({ status: 200, text: 'pong\n', contentType: 'text/plain;charset=utf-8' }) },
    {
      method: 'GET',
      path: /^\/rest\/v1\/system\/info$/,
      handle: () => ({
        status: 200,
        json: {
          builtBy: 'jenkins',
          builtDate: '2021-03-01T10:12Z',
          builtRepoSha: 'b7d3c1d4f8e2a6c5d3b1a9f7e5c3b1d9f7e5c3a1',
          sourceMd5Checksum: '5d1b8c2f0c1e4a6b8d9f0a1b2c3d4e5f',
          version: sdcVersion,
        },
      }),
    },
    { method: 'GET', path: /^\/rest\/v1\/pipelines$/, handle: ({ url, user }) => listPipelines(url, user) },
    {
      method: 'GET',
      path: /^\/rest\/v1\/pipelines\/status$/,
      handle: () => ({ status: 200, json: Object.fromEntries([...pipelines.values()].map((p) => [p.id, stateJson(p.state, true)])) }),
    },
    { method: 'GET', path: /^\/rest\/v1\/pipelines\/count$/, handle: () => ({ status: 200, json: { count: pipelines.size } }) },
    {
      method: 'POST',
      path: /^\/rest\/v1\/pipelines\/(start|stop|forceStop)$/,
      roles: managerRoles,
      handle: ({ body, user, match, url }) => {
        const verb = match[1];
        if (verb === 'start')
          return bulk(body, url.pathname, 'starting', (p) => {
            if (!start(p, user, null))
              throw containerError(runnerException, 'CONTAINER_0165', 'Stage configuration validation issues: {}', 'see the pipeline');
          });
        if (verb === 'stop') return bulk(body, url.pathname, 'stopping', (p) => stop(p, user));
        return bulk(body, url.pathname, 'to force stop', forceStop);
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/v1\/pipeline\/([^/]+)$/,
      handle: ({ url, match }) => {
        const p = get(decodeURIComponent(match[1] ?? ''));
        const what = url.searchParams.get('get') ?? 'pipeline';
        if (what === 'pipeline') return { status: 200, json: definitionJson(p) };
        if (what === 'info') return { status: 200, json: infoJson(p) };
        if (what === 'history')
          return { status: 200, json: [{ date: p.lastModified, user: p.spec.creator, rev: '0', tag: null, valid: p.spec.valid }] };
        throw runtimeException('java.lang.IllegalArgumentException', `Invalid value for parameter 'get': ${what}`);
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/status$/,
      handle: ({ match }) => ({ status: 200, json: stateJson(get(decodeURIComponent(match[1] ?? '')).state) }),
    },
    {
      method: 'POST',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/start$/,
      roles: managerRoles,
      handle: ({ match, body, user, url }) => {
        const p = get(decodeURIComponent(match[1] ?? ''));
        const params = parseJsonBody(body);
        if (params === undefined || (params !== null && (typeof params !== 'object' || Array.isArray(params))))
          return badRequest(url.pathname);
        if (p.issues) {
          const issue = (i: ValidationIssue): Json => ({
            instanceName: i.instanceName,
            level: i.instanceName ? 'STAGE_CONFIG' : 'PIPELINE',
            configGroup: null,
            configName: i.configName ?? null,
            message: i.message,
            count: 1,
            additionalInfo: null,
          });
          const stageIssues: { [key: string]: Json } = {};
          for (const i of p.issues.filter((x) => x.instanceName)) {
            const list = (stageIssues[i.instanceName ?? ''] ?? []) as Json[];
            stageIssues[i.instanceName ?? ''] = [...list, issue(i)];
          }
          return {
            status: 400,
            json: { pipelineIssues: p.issues.filter((i) => !i.instanceName).map(issue), stageIssues, issueCount: p.issues.length },
          };
        }
        start(p, user, params as Json);
        return { status: 200, json: stateJson(p.state) };
      },
    },
    {
      method: 'POST',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/stop$/,
      roles: managerRoles,
      handle: ({ match, user }) => {
        const p = get(decodeURIComponent(match[1] ?? ''));
        stop(p, user);
        return { status: 200, json: stateJson(p.state) };
      },
    },
    {
      method: 'POST',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/forceStop$/,
      roles: managerRoles,
      handle: ({ match }) => {
        const p = get(decodeURIComponent(match[1] ?? ''));
        forceStop(p);
        return { status: 200, json: stateJson(p.state) };
      },
    },
    {
      method: 'POST',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/resetOffset$/,
      roles: managerRoles,
      handle: ({ match }) => {
        resetOffset(get(decodeURIComponent(match[1] ?? '')));
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/metrics$/,
      handle: ({ match }) => {
        const p = get(decodeURIComponent(match[1] ?? ''));
        return activeStatuses.has(p.state.status) ? { status: 200, json: metricsOf(p) } : { status: 204 };
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/v1\/pipeline\/([^/]+)\/history$/,
      handle: ({ match }) => ({ status: 200, json: get(decodeURIComponent(match[1] ?? '')).history.map((s) => stateJson(s)) }),
    },
  ];

  // ---- HTTP ----------------------------------------------------------------

  const send = (res: ServerResponse, reply: Reply) => {
    const headers: Record<string, string> = { ...reply.headers };
    let body = '';
    if (reply.json !== undefined) {
      body = jacksonJson(reply.json);
      headers['Content-Type'] = 'application/json';
    } else if (reply.text !== undefined) {
      body = reply.text;
      headers['Content-Type'] = reply.contentType ?? 'text/plain';
    }
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : body);
  };

  const authenticate = (req: IncomingMessage, res: ServerResponse, path: string): string | undefined => {
    if (authMode === 'none') return 'admin';
    const cookieName = `JSESSIONID_${port}`;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Basic\s+(\S+)$/i.exec(auth);
      const decoded = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      const user = colon >= 0 ? decoded.slice(0, colon) : '';
      const password = colon >= 0 ? decoded.slice(colon + 1) : '';
      const known = Object.hasOwn(users, user) ? users[user] : undefined;
      if (!known || known.password !== password) {
        send(res, {
          status: 401,
          text: jettyErrorPage(401, 'Unauthorized', path),
          contentType: 'text/html;charset=iso-8859-1',
          headers: { 'WWW-Authenticate': `basic realm="${authMode}-realm"` },
        });
        return undefined;
      }
      const session = randomUUID().replace(/-/g, '');
      sessions.set(session, user);
      res.setHeader('Set-Cookie', `${cookieName}=node0${session}.node0; Path=/; HttpOnly`);
      return user;
    }
    const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${cookieName}=`));
    const sessionUser = cookie ? sessions.get(cookie.slice(cookieName.length + 1).replace(/^node0|\.node0$/g, '')) : undefined;
    if (sessionUser) return sessionUser;
    if (authMode === 'form') {
      send(res, { status: 200, text: loginPage, contentType: 'text/html' });
    } else {
      send(res, {
        status: 401,
        text: jettyErrorPage(401, 'Unauthorized', path),
        contentType: 'text/html;charset=iso-8859-1',
        headers: { 'WWW-Authenticate': 'basic realm="basic-realm"' },
      });
    }
    return undefined;
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 1_000_000) req.destroy(new Error('body too large'));
      });
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sdc.invalid');
    requests.push({ method, path: `${url.pathname}${url.search}`, headers: req.headers });
    const body = await readBody(req);
    if (stallMs > 0) await new Promise((r) => setTimeout(r, stallMs));
    if (closed || res.destroyed) return;

    // Order as in SDC: Jetty authentication, Jersey matching, CSRF filter, @RolesAllowed, resource.
    const user = authenticate(req, res, url.pathname);
    if (user === undefined) return;

    const candidates = routes.map((r) => ({ r, match: url.pathname.match(r.path) })).filter((c) => c.match !== null);
    const hit = candidates.find((c) => c.r.method === method);
    if (!hit || !hit.match) {
      if (candidates.length > 0) {
        return send(res, {
          status: 405,
          text: jettyErrorPage(405, 'Method Not Allowed', url.pathname),
          contentType: 'text/html;charset=iso-8859-1',
        });
      }
      return send(res, { status: 404, text: jettyErrorPage(404, 'Not Found', url.pathname), contentType: 'text/html;charset=iso-8859-1' });
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && req.headers['x-requested-by'] === undefined) {
      return send(res, {
        status: 400,
        text: jettyErrorPage(400, 'Bad Request', url.pathname),
        contentType: 'text/html;charset=iso-8859-1',
      });
    }
    if (hit.r.roles && !hit.r.roles.some((role) => users[user]?.roles.includes(role))) {
      return send(res, { status: 403, json: { allowed: [...hit.r.roles] } });
    }
    try {
      send(res, hit.r.handle({ user, url, body, match: hit.match }));
    } catch (err) {
      if (err instanceof QueryParamError) {
        return send(res, {
          status: 404,
          text: jettyErrorPage(404, 'Not Found', url.pathname),
          contentType: 'text/html;charset=iso-8859-1',
        });
      }
      const ex = err instanceof SdcException ? err : runtimeException('java.lang.RuntimeException', String(err));
      send(res, { status: 500, json: remoteExceptionBody(ex) });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const ids =
    options.seed === false
      ? { iotToKafka: '', kafkaToLake: '' }
      : {
          iotToKafka: addPipeline({
            title: seedTitles.iotToKafka,
            description: 'Sensor files dropped by the gateways, one JSON record per reading, into the iot-sensors topic.',
            stages: [sdcStages.directory('Sensor drop folder'), sdcStages.kafkaProducer('to iot-sensors')],
            labels: ['iot', 'ingest'],
          }),
          kafkaToLake: addPipeline({
            title: seedTitles.kafkaToLake,
            description: 'iot-sensors into the HDFS landing zone, one directory per day.',
            stages: [
              sdcStages.kafkaConsumer('from iot-sensors'),
              sdcStages.expressionEvaluator('add ingest time'),
              sdcStages.hadoopFs('landing zone'),
              sdcStages.hdfsMetadataExecutor('mark file complete'),
            ],
            labels: ['lake'],
          }),
        };

  const running = (id: string): SimPipeline & { run: Run } => {
    const p = get(id);
    if (p.state.status !== 'RUNNING' || !p.run) throw new Error(`test server: pipeline ${id} is ${p.state.status}, not RUNNING`);
    return p as SimPipeline & { run: Run };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ids,
    requests,
    addPipeline,
    status: (id) => get(id).state.status,
    sourceOffset: (id) => get(id).sourceOffset,
    advance(id, { input, errors = 0, output = input - errors, seconds = 60 }) {
      const p = get(id);
      if (!p.run || !activeStatuses.has(p.state.status)) throw new Error(`test server: pipeline ${id} is ${p.state.status}, not active`);
      const run = p.run;
      run.input = { count: run.input.count + input, m1: input / seconds };
      run.output = { count: run.output.count + output, m1: output / seconds };
      run.errors = { count: run.errors.count + errors, m1: errors / seconds };
      run.batches += Math.max(1, Math.ceil(input / 1000));
      run.lastRecordAt = Date.now();
      p.sourceOffset = `sensors-${String(run.batches).padStart(6, '0')}.json::${run.input.count}`;
    },
    failRun(id, message, stackTrace = defaultStack(message)) {
      const p = running(id);
      cancel(p);
      transition(p, 'RUNNING_ERROR', message, errorAttributes(message, stackTrace));
      schedule(p, () => transition(p, 'RUN_ERROR', message));
    },
    failNextStart(id, message) {
      get(id).nextStartFailure = message;
    },
    retry(id, message) {
      const p = running(id);
      cancel(p);
      transition(p, 'RUNNING_ERROR', message, errorAttributes(message, defaultStack(message)));
      schedule(p, () => transition(p, 'RETRY', message));
    },
    finish(id) {
      const p = running(id);
      cancel(p);
      transition(p, 'FINISHING');
      schedule(p, () => transition(p, 'FINISHED'));
    },
    holdNextStop(id) {
      get(id).holdNextStop = true;
    },
    setValidationIssues(id, issues) {
      get(id).issues = issues;
    },
    stall(ms) {
      stallMs = ms;
    },
    async close() {
      closed = true;
      for (const p of pipelines.values()) cancel(p);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
