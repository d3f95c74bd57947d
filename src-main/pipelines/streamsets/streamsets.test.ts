import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamSetsEngine } from './engine';
import type { StreamSetsEngineOptions } from './sdc-http';
import { pipelineStateOf, stageDisplayName } from './status';
import { sdcStatuses, startStreamSetsTestServer, type StreamSetsTestServer } from '../../../test/fakes/streamsets-test-server';
import { failure } from '../../../test/support/failure';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const wait = { timeout: 3000, interval: 15 };

let sdc: StreamSetsTestServer;
beforeEach(async () => {
  sdc = await startStreamSetsTestServer({ transitionMs: 30 });
});
afterEach(async () => {
  await sdc.close();
});

const engineFor = (options: Partial<StreamSetsEngineOptions> = {}) =>
  new StreamSetsEngine({ baseUrl: sdc.url, user: 'admin', password: 'admin', pollIntervalMs: 15, ...options });

describe('StreamSetsEngine against an SDC-like server', () => {
  it('lists both seed pipelines by SDC id, with state, without reading any definition', async () => {
    const engine = engineFor();
    const list = await engine.list();
    expect(list.map((p) => p.name).sort()).toEqual([sdc.ids.iotToKafka, sdc.ids.kafkaToLake].sort());
    const iot = list.find((p) => p.name === sdc.ids.iotToKafka);
    expect(iot).toMatchObject({
      state: 'stopped',
      engineState: 'EDITED',
      counters: {},
      tasks: [],
      config: { title: 'IoT sensors to Kafka' },
    });
    expect(iot?.source).toBeUndefined();
    expect(sdc.requests.map((r) => r.path)).toEqual(['/rest/v1/pipelines?includeStatus=true']);

    await engine.act(sdc.ids.iotToKafka, 'start');
    await vi.waitFor(async () => {
      expect((await engine.list()).find((p) => p.name === sdc.ids.iotToKafka)?.state).toBe('running');
    }, wait);
  });

  it('pairs listed pipelines and states by id, since SDC leaves out a state it cannot read', async () => {
    await engineFor().act(sdc.ids.kafkaToLake, 'start');
    // What SDC sends when the first pipeline's state file is unreadable: one state fewer, the rest shifted.
    const dropFirstState: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/rest/v1/pipelines?')) return res;
      const [infos, states] = (await res.json()) as [unknown[], unknown[]];
      return new Response(JSON.stringify([infos, states.slice(1)]), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const list = await engineFor({ fetch: dropFirstState }).list();
    // Listed by id: "IoTsensors…" sorts before "Kafkatodat…", so the IoT pipeline lost its state.
    expect(list.find((p) => p.name === sdc.ids.iotToKafka)).toMatchObject({
      state: 'unknown',
      message: 'SDC listed this pipeline without its status.',
    });
    expect(list.find((p) => p.name === sdc.ids.kafkaToLake)?.engineState).toMatch(/^(STARTING|RUNNING)$/);
  });

  it('names source and sink from stageName, not from the labels users typed, and copies no stage secrets', async () => {
    const engine = engineFor();
    const iot = await engine.status(sdc.ids.iotToKafka);
    expect(iot).toMatchObject({ source: 'Directory', sink: 'Kafka Producer', state: 'stopped', engineState: 'EDITED' });
    // The lake pipeline also has a processor, an executor on the HDFS event lane and an error stage (a TARGET).
    const lake = await engine.status(sdc.ids.kafkaToLake);
    expect(lake).toMatchObject({ source: 'Kafka Consumer', sink: 'Hadoop FS' });
    expect(lake.config?.stages).toBe(
      'KafkaConsumer_01 (Kafka Consumer) → ExpressionEvaluator_01 (Expression) → HadoopFS_01 (Hadoop FS) → HDFSFileMetadata_01 (Hdfs Metadata)',
    );
    expect(JSON.stringify([iot, lake])).not.toContain('s3cret');
  });

  it('starts a pipeline: STARTING first, RUNNING later, then counts and rates from the live meters', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    const started = await engine.act(id, 'start');
    expect(['starting', 'running']).toContain(started.state);
    await vi.waitFor(async () => expect((await engine.status(id)).state).toBe('running'), wait);

    sdc.advance(id, { input: 1200, errors: 10, seconds: 60 });
    const status = await engine.status(id);
    expect(status).toMatchObject({ state: 'running', engineState: 'RUNNING', message: undefined, trace: undefined });
    expect(status.counters).toEqual({ recordsIn: 1200, recordsOut: 1190, errors: 10, inRate: 20, outRate: 1190 / 60 });
  });

  it('reports a start of a running pipeline as a conflict with CONTAINER_0102, and no server stack trace', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    const error = await failure(engine.act(id, 'start'));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('CONTAINER_0102 - Cannot change state from RUNNING to STARTING');
    expect(error.details).toMatchObject({ sdcCode: 'CONTAINER_0102', httpStatus: 500 });
    expect(JSON.stringify(error)).not.toMatch(/\\tat |StandaloneRunner\.java|stackTrace/);
  });

  it('stops a pipeline and, with metrics answering 204, keeps the last run totals without rates', async () => {
    const engine = engineFor();
    const id = sdc.ids.kafkaToLake;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    sdc.advance(id, { input: 500, seconds: 10 });
    const stopping = await engine.act(id, 'stop');
    expect(['stopping', 'stopped']).toContain(stopping.state);
    await vi.waitFor(() => expect(sdc.status(id)).toBe('STOPPED'), wait);
    const stopped = await engine.status(id);
    expect(stopped).toMatchObject({ state: 'stopped', engineState: 'STOPPED' });
    expect(stopped.counters).toEqual({ recordsIn: 500, recordsOut: 500, errors: 0 });
  });

  it('reports a stop of a pipeline that never ran as a conflict', async () => {
    const error = await failure(engineFor().act(sdc.ids.iotToKafka, 'stop'));
    expect(error).toMatchObject({ code: 'conflict' });
    expect(error.message).toContain('CONTAINER_0102 - Cannot change state from EDITED to STOPPING');
  });

  it('reports an unknown pipeline id as not_found with CONTAINER_0200', async () => {
    const engine = engineFor();
    for (const call of [engine.status('NoSuchPipe0000'), engine.act('NoSuchPipe0000', 'start')]) {
      const error = await failure(call);
      expect(error.code).toBe('not_found');
      expect(error.message).toContain("CONTAINER_0200 - Pipeline 'NoSuchPipe0000' does not exist");
    }
  });

  it('reports a wrong password as unauthorized', async () => {
    const error = await failure(engineFor({ password: 'wrong' }).list());
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/refused the credentials of user "admin".*wrong user name or password/);
  });

  it('reports missing credentials (SDC answers its login page with 200) as unauthorized, not as a parse error', async () => {
    const engine = engineFor({ user: '', password: '' });
    for (const call of [engine.list(), engine.status(sdc.ids.iotToKafka), engine.ping()]) {
      const error = await failure(call);
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/login page: no user name and password are set/);
    }
  });

  it('sends Basic credentials on every call and X-Requested-By on every POST', async () => {
    await engineFor().act(sdc.ids.iotToKafka, 'start');
    expect(sdc.requests.length).toBeGreaterThan(1);
    for (const r of sdc.requests) {
      expect(r.headers.authorization).toBe(basic('admin', 'admin'));
      if (r.method === 'POST') expect(r.headers['x-requested-by']).toBe('sdc');
    }
    expect(sdc.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      `/rest/v1/pipeline/${sdc.ids.iotToKafka}/start?rev=0`,
    ]);
  });

  it('lets a guest read but reports the roles it lacks to start', async () => {
    const engine = engineFor({ user: 'guest', password: 'guest' });
    expect((await engine.status(sdc.ids.iotToKafka)).state).toBe('stopped');
    const error = await failure(engine.act(sdc.ids.iotToKafka, 'start'));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('User "guest" may not start');
    expect(error.message).toContain('manager, admin');
    expect(sdc.status(sdc.ids.iotToKafka)).toBe('EDITED');
  });

  it('refuses to reset the origin of a running pipeline (CONTAINER_0104) and resets a stopped one', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    sdc.advance(id, { input: 10 });
    const error = await failure(engine.act(id, 'reset-origin'));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('CONTAINER_0104');
    expect(sdc.sourceOffset(id)).not.toBeNull();

    await engine.act(id, 'stop');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('STOPPED'), wait);
    const reset = await engine.act(id, 'reset-origin');
    expect(reset.state).toBe('stopped');
    expect(sdc.sourceOffset(id)).toBeNull();
  });

  it('shows a run failure as failed with the error message and the pipeline stack trace', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    const error = 'KAFKA_50 - Error writing data to the Kafka broker: org.apache.kafka.common.errors.TimeoutException';
    sdc.failRun(id, error);
    const failing = await engine.status(id);
    expect(failing).toMatchObject({ state: 'failed', engineState: 'RUNNING_ERROR', message: error });
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUN_ERROR'), wait);
    const failed = await engine.status(id);
    expect(failed).toMatchObject({ state: 'failed', engineState: 'RUN_ERROR', message: error });
    expect(failed.trace).toContain('com.streamsets.pipeline.api.StageException: KAFKA_50');

    // A new run starts clean: the previous run's error does not linger.
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    expect(await engine.status(id)).toMatchObject({ state: 'running', message: undefined, trace: undefined });
  });

  it('shows a failed start as failed with its message', async () => {
    const engine = engineFor();
    const id = sdc.ids.kafkaToLake;
    sdc.failNextStart(id, 'HADOOPFS_11 - Cannot connect to the file system');
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('START_ERROR'), wait);
    expect(await engine.status(id)).toMatchObject({
      state: 'failed',
      engineState: 'START_ERROR',
      message: 'HADOOPFS_11 - Cannot connect to the file system',
    });
  });

  it('shows RETRY as starting, saying it is retrying and why', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    sdc.retry(id, 'KAFKA_50 - broker down');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RETRY'), wait);
    const status = await engine.status(id);
    expect(status).toMatchObject({ state: 'starting', engineState: 'RETRY', config: { retryAttempt: '1' } });
    expect(status.message).toMatch(/^Retrying after an error \(attempt 1, next try at .+\): KAFKA_50 - broker down$/);
    // Stop from RETRY goes straight to STOPPED.
    expect((await engine.act(id, 'stop')).state).toBe('stopped');
  });

  it('maps FINISHING/FINISHED of a Directory origin out of files to stopping/stopped', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    sdc.finish(id);
    expect((await engine.status(id)).state).toBe('stopping');
    await vi.waitFor(async () => expect(await engine.status(id)).toMatchObject({ state: 'stopped', engineState: 'FINISHED' }), wait);
  });

  it('refuses a force stop SDC would silently ignore, and forces a pipeline stuck in STOPPING', async () => {
    const engine = engineFor();
    const id = sdc.ids.iotToKafka;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    const refused = await failure(engine.act(id, 'force-stop'));
    expect(refused).toMatchObject({ code: 'conflict', details: { engineState: 'RUNNING' } });
    expect(sdc.requests.some((r) => r.path.includes('/forceStop'))).toBe(false);

    sdc.holdNextStop(id);
    await engine.act(id, 'stop');
    await new Promise((r) => setTimeout(r, 100));
    expect(sdc.status(id)).toBe('STOPPING');
    await engine.act(id, 'force-stop');
    await vi.waitFor(async () => expect((await engine.status(id)).state).toBe('stopped'), wait);
  });

  it('restarts: stops, waits until inactive, starts again', async () => {
    const engine = engineFor();
    const id = sdc.ids.kafkaToLake;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    const restarted = await engine.act(id, 'restart');
    expect(['starting', 'running']).toContain(restarted.state);
    const posts = sdc.requests.filter((r) => r.method === 'POST').map((r) => r.path.replace(/.*\/(\w+)\?rev=0$/, '$1'));
    expect(posts).toEqual(['start', 'stop', 'start']);
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
  });

  it('gives up a restart with a timeout when the pipeline does not stop, and does not start it', async () => {
    const engine = engineFor({ restartWaitMs: 150 });
    const id = sdc.ids.kafkaToLake;
    await engine.act(id, 'start');
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    sdc.holdNextStop(id);
    const error = await failure(engine.act(id, 'restart'));
    expect(error).toMatchObject({ code: 'timeout', details: { engineState: 'STOPPING' } });
    expect(sdc.requests.filter((r) => r.path.endsWith('/start?rev=0'))).toHaveLength(1);
  });

  it('refuses actions SDC does not have without calling it', async () => {
    const engine = engineFor();
    for (const action of ['pause', 'resume', 'restart-failed', 'delete'] as const) {
      expect(engine.actions).not.toContain(action);
      expect(await failure(engine.act(sdc.ids.iotToKafka, action))).toMatchObject({ code: 'invalid_input', field: 'action' });
    }
    expect(sdc.requests).toHaveLength(0);
  });

  it('explains the validation issues that block a start', async () => {
    const id = sdc.ids.iotToKafka;
    sdc.setValidationIssues(id, [
      {
        instanceName: 'KafkaProducer_01',
        configName: 'conf.topic',
        message: "KAFKA_41 - Could not get partition count for topic 'iot-sensors'",
      },
    ]);
    const error = await failure(engineFor().act(id, 'start'));
    expect(error.code).toBe('remote_command_failed');
    expect(error.message).toContain('CONTAINER_0165 - 1 validation issue(s): KafkaProducer_01: KAFKA_41');
    expect(sdc.status(id)).toBe('EDITED');
  });

  it('reports a closed port as host_unreachable and a silent server as timeout', async () => {
    const port = await freePort();
    const refused = await failure(new StreamSetsEngine({ baseUrl: `http://127.0.0.1:${port}`, user: 'admin', password: 'admin' }).list());
    expect(refused).toMatchObject({ code: 'host_unreachable', details: { cause: 'ECONNREFUSED' } });
    expect(refused.message).toContain('connection refused');

    sdc.stall(1000);
    const slow = await failure(engineFor({ timeoutMs: 100 }).list());
    expect(slow.code).toBe('timeout');
    sdc.stall(0);
  });

  it('reports an address that is not SDC as remote_command_failed', async () => {
    const error = await failure(engineFor({ baseUrl: `${sdc.url}/not-sdc` }).list());
    expect(error).toMatchObject({ code: 'remote_command_failed', details: { httpStatus: 404 } });
  });

  it('pings with credentials and goes through an injected fetch (the tunnel seam)', async () => {
    const seen: string[] = [];
    const tunnelled: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await engineFor({ fetch: tunnelled }).ping();
    expect(seen).toEqual([`${sdc.url}/rest/ping`]);
    expect((await failure(engineFor({ password: 'nope' }).ping())).code).toBe('unauthorized');
  });

  it('maps every SDC status to the app model', () => {
    const expected: Record<(typeof sdcStatuses)[number], string> = {
      EDITED: 'stopped',
      STARTING: 'starting',
      STARTING_ERROR: 'failed',
      START_ERROR: 'failed',
      RUNNING: 'running',
      RUNNING_ERROR: 'failed',
      RUN_ERROR: 'failed',
      RETRY: 'starting',
      FINISHING: 'stopping',
      FINISHED: 'stopped',
      KILLED: 'stopped',
      STOPPING: 'stopping',
      STOPPED: 'stopped',
      STOPPING_ERROR: 'failed',
      STOP_ERROR: 'failed',
      DISCONNECTING: 'starting',
      DISCONNECTED: 'starting',
      CONNECTING: 'starting',
      CONNECT_ERROR: 'failed',
      DELETED: 'unknown',
    };
    for (const s of sdcStatuses) expect(pipelineStateOf(s), s).toBe(expected[s]);
    expect(pipelineStateOf('SOMETHING_NEW')).toBe('unknown');
    expect(pipelineStateOf('constructor')).toBe('unknown');
  });

  it('names stages outside the table readably', () => {
    expect(stageDisplayName('com_streamsets_pipeline_stage_destination_s3_AmazonS3DTarget')).toBe('Amazon S3');
    expect(stageDisplayName('com_streamsets_pipeline_stage_origin_jdbc_table_TableJdbcDSource')).toBe('Table Jdbc');
    expect(stageDisplayName('com_streamsets_pipeline_stage_destination_hdfs_HdfsDTarget')).toBe('Hadoop FS');
  });
});

// The server must be as awkward as SDC, or the tests above prove nothing.
describe('SDC test server honours the contract', () => {
  const call = (path: string, init: { method?: string; auth?: string | null; headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${sdc.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.auth === null ? {} : { Authorization: init.auth ?? basic('admin', 'admin') }), ...init.headers },
      body: init.body,
    });
  const post = (path: string, auth?: string) => call(path, { method: 'POST', auth, headers: { 'X-Requested-By': 'sdc' } });

  it('ids are the first 10 word characters of the title plus a UUID', () => {
    expect(sdc.ids.iotToKafka).toMatch(/^IoTsensors[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sdc.ids.kafkaToLake).toMatch(/^Kafkatodat[0-9a-f-]{36}$/);
  });

  it('answers without credentials with the HTML login page and status 200, pings included', async () => {
    for (const path of ['/rest/v1/pipelines', '/rest/ping']) {
      const res = await call(path, { auth: null });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('login.html');
    }
  });

  it('answers wrong credentials with 401 and the form realm', async () => {
    const res = await call('/rest/v1/pipelines', { auth: basic('admin', 'nope') });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('basic realm="form-realm"');
  });

  it('remembers the session cookie JSESSIONID_<port>', async () => {
    const first = await call('/rest/ping');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^JSESSIONID_${sdc.port}=`));
    const again = await call('/rest/ping', { auth: null, headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(await again.text()).toBe('pong\n');
  });

  it('refuses a POST without X-Requested-By with 400 and a body that is not JSON', async () => {
    const res = await call(`/rest/v1/pipeline/${sdc.ids.iotToKafka}/start`, { method: 'POST' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(() => JSON.parse(body) as unknown).toThrow();
    expect(sdc.status(sdc.ids.iotToKafka)).toBe('EDITED');
  });

  it('answers a missing role with 403 and the allowed roles', async () => {
    const res = await post(`/rest/v1/pipeline/${sdc.ids.iotToKafka}/start`, basic('guest', 'guest'));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ allowed: ['manager', 'admin', 'datacollector:manager', 'datacollector:admin'] });
    expect((await post(`/rest/v1/pipeline/${sdc.ids.iotToKafka}/start`, basic('manager', 'manager'))).status).toBe(200);
  });

  it('lists in both formats, with TOTAL_COUNT, filterText and paging, in Jackson pretty print with nulls', async () => {
    const plain = await call('/rest/v1/pipelines');
    expect(plain.headers.get('total_count')).toBe('2');
    const infos = (await plain.json()) as Array<Record<string, unknown>>;
    expect(infos.map((i) => i.title)).toEqual(
      [...[sdc.ids.iotToKafka, sdc.ids.kafkaToLake]]
        .sort()
        .map((id) => (id === sdc.ids.iotToKafka ? 'IoT sensors to Kafka' : 'Kafka to data lake')),
    );
    expect(Object.keys(infos[0] ?? {})).toEqual(
      expect.arrayContaining([
        'pipelineId',
        'title',
        'description',
        'created',
        'lastModified',
        'creator',
        'lastRev',
        'uuid',
        'valid',
        'metadata',
        'name',
        'sdcVersion',
        'sdcId',
      ]),
    );

    const withStatus = await call('/rest/v1/pipelines?includeStatus=true');
    const text = await withStatus.text();
    expect(text.startsWith('[ [ {\n  "pipelineId" : ')).toBe(true);
    expect(text).toContain('"message" : null');
    expect(text).toContain('"metrics" : null');
    const [listed, states] = JSON.parse(text) as [Array<{ pipelineId: string }>, Array<{ pipelineId: string; status: string }>];
    expect(states.map((s) => s.pipelineId)).toEqual(listed.map((i) => i.pipelineId));
    expect(states.every((s) => s.status === 'EDITED')).toBe(true);

    const none = await call('/rest/v1/pipelines?includeStatus=true&filterText=nothing-matches');
    expect(await none.json()).toEqual([[], []]);
    expect(none.headers.get('total_count')).toBe('0');

    const page = await call('/rest/v1/pipelines?filterText=KAFKA&offset=1&len=1&orderBy=TITLE');
    expect(page.headers.get('total_count')).toBe('2');
    expect(((await page.json()) as Array<{ title: string }>).map((i) => i.title)).toEqual(['Kafka to data lake']);

    const beyond = await call('/rest/v1/pipelines?offset=5');
    expect(beyond.status).toBe(500);
    expect(await beyond.json()).toMatchObject({ RemoteException: { errorCode: 'CONTAINER_0000', exception: 'IllegalArgumentException' } });
    expect((await call('/rest/v1/pipelines?orderBy=BOGUS')).status).toBe(404);
  });

  it('answers an unknown pipeline with 500 and a RemoteException carrying a stack trace', async () => {
    const res = await call('/rest/v1/pipeline/Nope/status?rev=0');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      RemoteException: {
        errorCode: 'CONTAINER_0200',
        localizedMessage: "CONTAINER_0200 - Pipeline 'Nope' does not exist",
        message: "com.streamsets.datacollector.store.PipelineStoreException: CONTAINER_0200 - Pipeline 'Nope' does not exist",
        exception: 'PipelineStoreException',
        antennaDoctorMessages: [],
        stackTrace: expect.stringContaining('\tat '),
      },
    });
  });

  it('starts asynchronously, refuses illegal transitions with CONTAINER_0102, and serves metrics only while active', async () => {
    const id = sdc.ids.iotToKafka;
    expect((await call(`/rest/v1/pipeline/${id}/metrics?rev=0`)).status).toBe(204);
    const stopIdle = await post(`/rest/v1/pipeline/${id}/stop?rev=0`);
    expect(stopIdle.status).toBe(500);
    expect(await stopIdle.json()).toMatchObject({
      RemoteException: { localizedMessage: 'CONTAINER_0102 - Cannot change state from EDITED to STOPPING' },
    });

    const started = await post(`/rest/v1/pipeline/${id}/start?rev=0`);
    expect(await started.json()).toMatchObject({ status: 'STARTING', metrics: null });
    await vi.waitFor(() => expect(sdc.status(id)).toBe('RUNNING'), wait);
    const again = await post(`/rest/v1/pipeline/${id}/start?rev=0`);
    expect(again.status).toBe(500);
    expect(await again.json()).toMatchObject({
      RemoteException: { errorCode: 'CONTAINER_0102', localizedMessage: 'CONTAINER_0102 - Cannot change state from RUNNING to STARTING' },
    });

    sdc.advance(id, { input: 60, seconds: 60 });
    const metrics = await call(`/rest/v1/pipeline/${id}/metrics?rev=0`);
    expect(metrics.status).toBe(200);
    expect(await metrics.json()).toMatchObject({
      meters: {
        'pipeline.batchInputRecords.meter': { count: 60, m1_rate: 1, units: 'events/second' },
        'stage.Directory_01.outputRecords.meter': { count: 60 },
      },
      timers: { 'pipeline.batchProcessing.timer': { duration_units: 'seconds' } },
    });
    expect(((await (await call(`/rest/v1/pipeline/${id}/status?rev=0`)).json()) as { metrics: unknown }).metrics).toBeNull();

    // forceStop of a RUNNING pipeline is ignored, with a 200.
    const forced = await post(`/rest/v1/pipeline/${id}/forceStop?rev=0`);
    expect(forced.status).toBe(200);
    await new Promise((r) => setTimeout(r, 60));
    expect(sdc.status(id)).toBe('RUNNING');

    const reset = await post(`/rest/v1/pipeline/${id}/resetOffset?rev=0`);
    expect(reset.status).toBe(500);
    expect(await reset.json()).toMatchObject({ RemoteException: { errorCode: 'CONTAINER_0104' } });

    expect(await (await post(`/rest/v1/pipeline/${id}/stop?rev=0`)).json()).toMatchObject({ status: 'STOPPING' });
    await vi.waitFor(() => expect(sdc.status(id)).toBe('STOPPED'), wait);
    const metricsAfter = await call(`/rest/v1/pipeline/${id}/metrics?rev=0`);
    expect(metricsAfter.status).toBe(204);
    expect(await metricsAfter.text()).toBe('');
    // The stopped state carries the last run's registry as a JSON string.
    const state = (await (await call(`/rest/v1/pipeline/${id}/status?rev=0`)).json()) as { metrics: string };
    expect(typeof state.metrics).toBe('string');
    expect(JSON.parse(state.metrics)).toMatchObject({ meters: { 'pipeline.batchInputRecords.meter': { count: 60 } } });
    const resetStopped = await post(`/rest/v1/pipeline/${id}/resetOffset?rev=0`);
    expect(resetStopped.status).toBe(200);
    expect(await resetStopped.text()).toBe('');

    const history = (await (await call(`/rest/v1/pipeline/${id}/history?rev=0`)).json()) as Array<{ status: string }>;
    expect(history.map((s) => s.status)).toEqual(['STOPPED', 'STOPPING', 'RUNNING', 'STARTING', 'EDITED']);
  });

  it('answers bulk starts with 207 and one error message per refusal', async () => {
    await post(`/rest/v1/pipeline/${sdc.ids.iotToKafka}/start?rev=0`);
    const res = await call('/rest/v1/pipelines/start', {
      method: 'POST',
      headers: { 'X-Requested-By': 'sdc', 'Content-Type': 'application/json' },
      body: JSON.stringify([sdc.ids.iotToKafka, sdc.ids.kafkaToLake]),
    });
    expect(res.status).toBe(207);
    const body = (await res.json()) as { successEntities: Array<{ pipelineId: string }>; errorMessages: string[] };
    expect(body.successEntities.map((s) => s.pipelineId)).toEqual([sdc.ids.kafkaToLake]);
    expect(body.errorMessages).toEqual([
      `Failed starting pipeline: ${sdc.ids.iotToKafka}. Error: CONTAINER_0102 - Cannot change state from STARTING to STARTING`,
    ]);
  });

  it('serves a definition whose flow stages carry stageName and uiInfo.stageType, error stage apart', async () => {
    const def = (await (await call(`/rest/v1/pipeline/${sdc.ids.kafkaToLake}?rev=0`)).json()) as {
      stages: Array<{
        stageName: string;
        uiInfo: { stageType: string; label: string };
        inputLanes: string[];
        outputLanes: string[];
        eventLanes: string[];
      }>;
      errorStage: { uiInfo: { stageType: string } };
    };
    expect(def.stages.map((s) => s.uiInfo.stageType)).toEqual(['SOURCE', 'PROCESSOR', 'TARGET', 'EXECUTOR']);
    expect(def.stages[0]?.uiInfo.label).toBe('from iot-sensors');
    expect(def.stages[1]?.inputLanes).toEqual(def.stages[0]?.outputLanes);
    expect(def.stages[3]?.inputLanes).toEqual(def.stages[2]?.eventLanes);
    expect(def.errorStage.uiInfo.stageType).toBe('TARGET');
    const info = await (await call(`/rest/v1/pipeline/${sdc.ids.kafkaToLake}?get=info`)).json();
    expect(info).toMatchObject({ pipelineId: sdc.ids.kafkaToLake, title: 'Kafka to data lake', lastRev: '0' });
  });
});
