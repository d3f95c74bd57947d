import { describe, expect, it } from 'vitest';
import { failure } from '../../../test/support/failure';
import { isSecretKey, maskConfig } from '../config-masking';
import { KafkaConnectEngine } from './engine';
import type { ConnectStatus } from './rest-schemas';
import { describeFlow, firstLine, isSettled, pipelineStateOf, readableOffsets, toPipelineStatus } from './status';

const worker = '10.0.0.1:8083';
const trace = 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat a.b.C.d(C.java:1)\nCaused by: x';
const status = (connector: string, ...tasks: string[]): ConnectStatus => ({
  name: 'c',
  connector: { state: connector, worker_id: worker },
  tasks: tasks.map((state, id) => ({ id, state, worker_id: worker, ...(state === 'FAILED' ? { trace } : {}) })),
  type: 'source',
});

describe('Connect states in the app model', () => {
  it('maps every Connect state, and anything else to unknown', () => {
    expect(['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING', 'DESTROYED'].map(pipelineStateOf)).toEqual([
      'running',
      'paused',
      'stopped',
      'failed',
      'starting',
      'starting',
      'unknown',
    ]);
  });

  it('turns a running connector with a failed task into failed, with the first trace line as message', () => {
    const s = toPipelineStatus('c', status('RUNNING', 'RUNNING', 'FAILED'), undefined);
    expect(s).toMatchObject({
      state: 'failed',
      engineState: 'RUNNING',
      message: 'org.apache.kafka.connect.errors.ConnectException: boom',
      trace,
    });
    expect(s.tasks).toEqual([
      { id: '0', state: 'running', engineState: 'RUNNING', workerId: worker },
      { id: '1', state: 'failed', engineState: 'FAILED', workerId: worker, trace },
    ]);
  });

  it("uses the connector's own trace when the connector failed", () => {
    const raw: ConnectStatus = { name: 'c', connector: { state: 'FAILED', worker_id: worker, trace: `\n${trace}` }, tasks: [] };
    expect(toPipelineStatus('c', raw, undefined)).toMatchObject({
      state: 'failed',
      message: 'org.apache.kafka.connect.errors.ConnectException: boom',
    });
  });

  it('reports a connector without status as unknown, and an unknown state by name', () => {
    expect(toPipelineStatus('c', undefined, undefined)).toMatchObject({ state: 'unknown', engineState: 'UNKNOWN', tasks: [] });
    expect(toPipelineStatus('c', status('DESTROYED'), undefined).message).toMatch(/DESTROYED/);
  });

  it('takes the first non-empty line of a trace', () => {
    expect(firstLine('\n  java.io.IOException: no\n\tat x')).toBe('java.io.IOException: no');
  });
});

describe('masking', () => {
  it('masks passwords, secrets, keys, tokens and credentials but not converters', () => {
    const secret = [
      'connection.password',
      'ssl.key.password',
      'aws.secret.access.key',
      'key.ignore.not',
      'api.token',
      'gcs.credentials.json',
    ];
    const plain = ['key.converter', 'key.converter.schemas.enable', 'value.converter', 'topics', 'connection.user', 'file'];
    for (const k of secret) expect(isSecretKey(k), k).toBe(true);
    for (const k of plain) expect(isSecretKey(k), k).toBe(false);
    expect(maskConfig({ 'db.PASSWORD': 'hunter2', 'key.converter': 'x', topic: 't' })).toEqual({
      'db.PASSWORD': '••••',
      'key.converter': 'x',
      topic: 't',
    });
  });
});

describe('source and sink', () => {
  it('names the file and topic of the file connectors', () => {
    const src = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
    const sink = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
    expect(describeFlow(src, { file: '/data/in.txt', topic: 'lines' })).toEqual({ source: 'file /data/in.txt', sink: 'topic lines' });
    expect(describeFlow(sink, { file: '/data/out.txt', topics: 'a, b' })).toEqual({ source: 'topics a, b', sink: 'file /data/out.txt' });
    expect(describeFlow(sink, { file: '/o', 'topics.regex': 'log-.*' })).toEqual({ source: 'topics matching log-.*', sink: 'file /o' });
  });

  it('falls back to the class simple name on the external side', () => {
    expect(describeFlow('io.confluent.connect.jdbc.JdbcSinkConnector', { topics: 'orders' })).toEqual({
      source: 'topic orders',
      sink: 'JdbcSinkConnector',
    });
    expect(describeFlow('io.debezium.connector.postgresql.PostgresConnector', {}, 'source')).toEqual({
      source: 'PostgresConnector',
      sink: undefined,
    });
    expect(describeFlow('com.acme.Thing', {})).toEqual({ source: 'Thing' });
  });
});

describe('offsets', () => {
  it('reads sink offsets as topic partitions, in order, and source offsets as key=value', () => {
    const sink = readableOffsets('s', {
      offsets: [
        { partition: { kafka_topic: 't', kafka_partition: 2 }, offset: { kafka_offset: 5 } },
        { partition: { kafka_topic: 't', kafka_partition: 0 }, offset: { kafka_offset: 3 } },
      ],
    });
    expect(sink.type).toBe('sink');
    expect(sink.offsets.map((o) => [o.partition, o.offset, o.kafkaOffset])).toEqual([
      ['t-0', '3', 3],
      ['t-2', '5', 5],
    ]);
    const source = readableOffsets('s', { offsets: [{ partition: { filename: '/in.txt' }, offset: { position: 6 } }] });
    expect(source).toMatchObject({ type: 'source', offsets: [{ partition: 'filename=/in.txt', offset: 'position=6' }] });
  });
});

describe('settling', () => {
  const goal = { elapsedMs: 0, emptyTasksGraceMs: 2000 };
  it('waits for the tasks to follow the connector', () => {
    expect(isSettled(status('PAUSED', 'RUNNING'), { ...goal, target: 'PAUSED' })).toBe(false);
    expect(isSettled(status('PAUSED', 'PAUSED'), { ...goal, target: 'PAUSED' })).toBe(true);
    expect(isSettled(status('STOPPED', 'RUNNING'), { ...goal, target: 'STOPPED' })).toBe(false);
    expect(isSettled(status('STOPPED'), { ...goal, target: 'STOPPED' })).toBe(true);
    expect(isSettled(status('RUNNING'), { ...goal, target: 'RUNNING' })).toBe(false);
    expect(isSettled(status('RUNNING'), { ...goal, target: 'RUNNING', elapsedMs: 2500 })).toBe(true);
    expect(isSettled(status('RUNNING', 'RESTARTING'), goal)).toBe(false);
    expect(isSettled(status('RUNNING', 'FAILED'), { ...goal, target: 'RUNNING' })).toBe(true);
    expect(isSettled(status('FAILED'), { ...goal, target: 'PAUSED' })).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// The HTTP side, against a scripted fetch.

type Route = (req: { method: string; path: string; body?: unknown }) => { status: number; body?: unknown } | undefined;

function scriptedFetch(route: Route) {
  const requests: Array<{ method: string; path: string }> = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const path = `${url.pathname}${url.search}`;
    requests.push({ method, path });
    const answer = route({ method, path, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined }) ?? {
      status: 404,
      body: { error_code: 404, message: 'HTTP 404 Not Found' },
    };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetchImpl, requests };
}

const info = {
  name: 'c',
  config: { 'connector.class': 'x.FileStreamSourceConnector', file: '/in', topic: 't', 'my.token': 'abc' },
  tasks: [],
};
const fast = { restUrl: 'http://connect:8083/', pollIntervalMs: 5, conflictRetryDelaysMs: [1, 1, 1] };

describe('KafkaConnectEngine over HTTP', () => {
  it('retries a 409 and then succeeds, or gives up with conflict', async () => {
    let conflicts = 2;
    const { fetchImpl, requests } = scriptedFetch(({ method, path }) => {
      if (method === 'PUT' && path === '/connectors/c/pause') {
        if (conflicts-- > 0)
          return { status: 409, body: { error_code: 409, message: 'Cannot complete request momentarily due to stale configuration' } };
        return { status: 202 };
      }
      if (path === '/connectors/c/status') return { status: 200, body: status('PAUSED', 'PAUSED') };
      if (path === '/connectors/c') return { status: 200, body: info };
      return undefined;
    });
    const engine = new KafkaConnectEngine({ ...fast, fetch: fetchImpl });
    expect((await engine.act('c', 'pause')).state).toBe('paused');
    expect(requests.filter((r) => r.path === '/connectors/c/pause')).toHaveLength(3);

    conflicts = 10;
    const err = await failure(engine.act('c', 'pause'));
    expect(err).toMatchObject({ code: 'conflict', details: { retries: 3 } });
    expect(err.message).toMatch(/stale configuration/);
  });

  it('retries a read refused with 500 "rebalance is expected", and reports other 500s at once', async () => {
    let rebalancing = 1;
    const { fetchImpl, requests } = scriptedFetch(({ path }) => {
      if (path === '/connectors/c') {
        if (rebalancing-- > 0)
          return { status: 500, body: { error_code: 500, message: 'Request cannot be completed because a rebalance is expected' } };
        return { status: 200, body: info };
      }
      if (path === '/connectors/c/status') return { status: 200, body: status('RUNNING', 'RUNNING') };
      if (path === '/connectors/d') return { status: 500, body: { error_code: 500, message: 'java.lang.NullPointerException\n\tat x' } };
      return undefined;
    });
    const engine = new KafkaConnectEngine({ ...fast, fetch: fetchImpl });
    expect((await engine.status('c')).state).toBe('running');
    expect(requests.filter((r) => r.path === '/connectors/c')).toHaveLength(2);
    const err = await failure(engine.status('d'));
    expect(err).toMatchObject({ code: 'remote_command_failed' });
    expect(err.message).toMatch(/NullPointerException$/);
    expect(requests.filter((r) => r.path === '/connectors/d')).toHaveLength(1);
  });

  it('does not take a stale FAILED for the result of restart-failed', async () => {
    const sequence = [status('RUNNING', 'FAILED'), status('RUNNING', 'RESTARTING'), status('RUNNING', 'RUNNING')];
    const { fetchImpl } = scriptedFetch(({ method, path }) => {
      if (method === 'POST' && path === '/connectors/c/restart?includeTasks=true&onlyFailed=true')
        return { status: 202, body: status('RUNNING', 'RESTARTING') };
      if (path === '/connectors/c/status') return { status: 200, body: sequence.length > 1 ? sequence.shift() : sequence[0] };
      if (path === '/connectors/c') return { status: 200, body: info };
      return undefined;
    });
    const result = await new KafkaConnectEngine({ ...fast, fetch: fetchImpl }).act('c', 'restart-failed');
    expect(result.state).toBe('running');
    expect(result.config?.['my.token']).toBe('••••');
  });

  it('tells a missing connector from a missing REST path', async () => {
    const { fetchImpl } = scriptedFetch(({ path }) => {
      if (path.startsWith('/connectors/gone')) return { status: 404, body: { error_code: 404, message: 'Connector gone not found' } };
      return undefined;
    });
    const engine = new KafkaConnectEngine({ ...fast, fetch: fetchImpl });
    expect(await failure(engine.status('gone'))).toMatchObject({ code: 'not_found' });
    const err = await failure(engine.offsets('other'));
    expect(err.code).toBe('remote_command_failed');
    expect(err.hint).toMatch(/3\.5/);
  });

  it('shows a connector whose status Connect has not written yet', async () => {
    const { fetchImpl } = scriptedFetch(({ path }) => {
      if (path === '/connectors/c/status') return { status: 404, body: { error_code: 404, message: 'No status found for connector c' } };
      if (path === '/connectors/c') return { status: 200, body: info };
      return undefined;
    });
    const s = await new KafkaConnectEngine({ ...fast, fetch: fetchImpl }).status('c');
    expect(s).toMatchObject({ state: 'unknown', source: 'file /in', sink: 'topic t' });
  });

  it('rejects answers that are not Connect JSON', async () => {
    const fetchImpl: typeof fetch = async () => new Response('<html><title>Proxy</title></html>', { status: 200 });
    const err = await failure(new KafkaConnectEngine({ ...fast, fetch: fetchImpl }).list());
    expect(err).toMatchObject({ code: 'remote_command_failed' });
    expect(err.message).toMatch(/not JSON/);
  });

  it('refuses to create from a config Connect finds invalid, with per-field errors', async () => {
    const { fetchImpl, requests } = scriptedFetch(({ method, path, body }) => {
      if (method === 'PUT' && path === '/connector-plugins/x.Sink/config/validate') {
        expect(body).toMatchObject({ name: 'c' });
        return {
          status: 200,
          body: {
            name: 'x.Sink',
            error_count: 2,
            groups: [],
            configs: [
              { definition: {}, value: { name: 'name', value: 'c', recommended_values: [], errors: [], visible: true } },
              {
                definition: {},
                value: { name: 'db.password', value: 'hunter2', errors: ['Invalid value hunter2 for configuration db.password'] },
              },
              { definition: {}, value: { name: 'topics', value: '', errors: ['Must configure one of topics or topics.regex'] } },
            ],
          },
        };
      }
      return undefined;
    });
    const err = await failure(
      new KafkaConnectEngine({ ...fast, fetch: fetchImpl }).create('c', { 'connector.class': 'x.Sink', 'db.password': 'hunter2' }),
    );
    expect(err).toMatchObject({ code: 'invalid_input', field: 'db.password', details: { errorCount: 2 } });
    expect(JSON.stringify(err)).not.toContain('hunter2');
    expect(requests.some((r) => r.path.endsWith('/config') && r.method === 'PUT' && r.path.startsWith('/connectors'))).toBe(false);
  });
});
