import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { KafkaConnectEngine } from '../../src-main/pipelines/kafka-connect/engine';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { failure } from '../support/failure';
import { type PipelineStatus } from '../../src-main/pipelines/schemas';

/**
 * KafkaConnectEngine against the sandbox's real Connect 3.9 worker, with the
 * FileStream connectors: files under a fresh temp directory (the worker runs as
 * this user on this machine), topics created with Kafka's own CLI.
 */

const run = promisify(execFile);
const sourceClass = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const sinkClass = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

interface SandboxProfile {
  services: Array<{ id: string; kind: string; installDir: string; restUrl?: string }>;
}
const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as SandboxProfile;
const restUrl = profile.services.find((s) => s.kind === 'connect-worker')?.restUrl ?? 'http://127.0.0.5:8083';
const kafkaHome = profile.services.find((s) => s.id === 'broker-0')?.installDir ?? '';
const bootstrap = '127.0.0.3:9092';

/** Creates a topic with replication factor 3, retrying while a broker is briefly down (other tests kill broker-2). */
async function createTopic(topic: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await run(
        `${kafkaHome}/bin/kafka-topics.sh`,
        [
          '--bootstrap-server',
          bootstrap,
          '--create',
          '--if-not-exists',
          '--topic',
          topic,
          '--partitions',
          '3',
          '--replication-factor',
          '3',
        ],
        { timeout: 60_000 },
      );
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function deleteTopic(topic: string): Promise<void> {
  await run(`${kafkaHome}/bin/kafka-topics.sh`, ['--bootstrap-server', bootstrap, '--delete', '--topic', topic], { timeout: 60_000 }).catch(
    () => undefined,
  );
}

async function lines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '');
}

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topic = `kcc-connect-${id}`;
const names = {
  source: `kcc-src-${id}`,
  sink: `kcc-sink-${id}`,
  failing: `kcc-failing-${id}`,
  invalid: `kcc-invalid-${id}`,
};
const secret = `hunter2-${id}`;
const landing = { timeout: 60_000, interval: 250 };

describe('KafkaConnectEngine against the sandbox Connect worker', () => {
  let dir: string;
  let inFile: string;
  let outFile: string;
  const created = new Set<string>();
  const requests: string[] = [];
  const counting: typeof fetch = (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return fetch(input, init);
  };
  const engine = new KafkaConnectEngine({ restUrl, fetch: counting });
  const sent = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcc-connect-'));
    inFile = join(dir, 'in.txt');
    outFile = join(dir, 'out.txt');
    await writeFile(inFile, `${sent.join('\n')}\n`);
    await createTopic(topic);
  });

  afterAll(async () => {
    for (const name of created) await engine.act(name, 'delete').catch(() => undefined);
    await deleteTopic(topic);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers a ping with its version and lists the FileStream plugins', async () => {
    const info = await engine.ping();
    expect(info.version).toMatch(/^3\.\d+\.\d+/);
    expect(info.kafkaClusterId).toBeTruthy();
    const plugins = await engine.plugins();
    expect(plugins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ className: sourceClass, simpleName: 'FileStreamSourceConnector', type: 'source' }),
        expect.objectContaining({ className: sinkClass, type: 'sink' }),
      ]),
    );
  });

  it("shows Connect's own per-field messages and refuses to create an invalid connector", async () => {
    const config = { 'connector.class': sinkClass, file: join(dir, 'never.txt'), 'tasks.max': 'many' };
    const validation = await engine.validate({ ...config, name: names.invalid });
    expect(validation.errorCount).toBeGreaterThanOrEqual(2);
    const byName = new Map(validation.fields.map((f) => [f.name, f.errors]));
    expect(byName.get('topics')).toContain('Must configure one of topics or topics.regex');
    expect(byName.get('tasks.max')?.[0]).toMatch(/Invalid value many for configuration tasks\.max: Not a number of type INT/);
    // Only failing fields are listed.
    expect(validation.fields.every((f) => f.errors.length > 0)).toBe(true);
    expect(byName.has('file')).toBe(false);

    created.add(names.invalid);
    const err = await failure(engine.create(names.invalid, config));
    expect(err.code).toBe('invalid_input');
    expect(['tasks.max', 'topics', 'topics.regex']).toContain(err.field);
    expect(err.message).toMatch(/Must configure one of topics or topics\.regex/);
    const fields = err.details?.fields as Array<{ name: string; errors: string[] }>;
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['tasks.max', 'topics']));
    // Nothing was created.
    expect(await failure(engine.status(names.invalid))).toMatchObject({ code: 'not_found' });

    const unknown = await failure(engine.validate({ 'connector.class': 'com.example.NoSuchConnector', name: names.invalid }));
    expect(unknown).toMatchObject({ code: 'invalid_input', field: 'connector.class' });
  });

  it('creates a FileStream source (file → topic) and sink (topic → file): the lines land in the sink file', async () => {
    created.add(names.source);
    const source = await engine.create(names.source, {
      'connector.class': sourceClass,
      file: inFile,
      topic,
      'tasks.max': '1',
      'connection.password': secret,
    });
    expect(source).toMatchObject({
      name: names.source,
      state: 'running',
      engineState: 'RUNNING',
      source: `file ${inFile}`,
      sink: `topic ${topic}`,
    });
    expect(source.tasks).toHaveLength(1);

    created.add(names.sink);
    const sink = await engine.create(names.sink, { 'connector.class': sinkClass, file: outFile, topics: topic, 'tasks.max': '1' });
    expect(sink).toMatchObject({ state: 'running', source: `topic ${topic}`, sink: `file ${outFile}` });

    // Three partitions: the order across them is not kept.
    await vi.waitFor(async () => expect((await lines(outFile)).sort()).toEqual([...sent].sort()), landing);
  });

  it('lists both connectors running with their tasks, in one request', async () => {
    const before = requests.length;
    const list = await engine.list();
    expect(requests.slice(before)).toEqual([`GET ${restUrl}/connectors?expand=status&expand=info`]);
    for (const name of [names.source, names.sink]) {
      const entry = list.find((p) => p.name === name);
      expect(entry, name).toMatchObject({ state: 'running', engineState: 'RUNNING' });
      expect(entry?.tasks).toEqual([
        expect.objectContaining({ id: '0', state: 'running', engineState: 'RUNNING', workerId: expect.any(String) }),
      ]);
    }
    expect(list.find((p) => p.name === names.sink)).toMatchObject({ source: `topic ${topic}`, sink: `file ${outFile}` });
  });

  it('masks a password-like config value everywhere it shows the config', async () => {
    const status = await engine.status(names.source);
    expect(status.config).toMatchObject({ 'connection.password': '••••', file: inFile, topic, 'connector.class': sourceClass });
    expect(JSON.stringify(status)).not.toContain(secret);
    expect(JSON.stringify(await engine.list())).not.toContain(secret);
    // Connect itself still has it: the mask is the adapter's.
    const raw = (await (await fetch(`${restUrl}/connectors/${names.source}/config`)).json()) as Record<string, string>;
    expect(raw['connection.password']).toBe(secret);
  });

  it('reads offsets: the source file position and the sink topic partitions', async () => {
    const bytes = Buffer.byteLength(`${sent.join('\n')}\n`);
    await vi.waitFor(async () => {
      const src = await engine.offsets(names.source);
      expect(src.offsets).toEqual([expect.objectContaining({ partition: `filename=${inFile}`, offset: `position=${bytes}` })]);
    }, landing);
    await vi.waitFor(async () => {
      const sink = await engine.offsets(names.sink);
      expect(sink.type).toBe('sink');
      expect(sink.offsets.map((o) => o.topic)).toEqual([topic, topic, topic]);
      expect(sink.offsets.map((o) => o.kafkaPartition)).toEqual([0, 1, 2]);
      expect(sink.offsets.reduce((sum, o) => sum + (o.kafkaOffset ?? 0), 0)).toBe(sent.length);
    }, landing);
  });

  it('pauses the source (nothing flows), then resumes it (the held line arrives)', async () => {
    const paused = await engine.act(names.source, 'pause');
    expect(paused).toMatchObject({ state: 'paused', engineState: 'PAUSED' });
    expect(paused.tasks.map((t) => t.engineState)).toEqual(['PAUSED']);

    await appendFile(inFile, 'while-paused\n');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await lines(outFile)).not.toContain('while-paused');

    const resumed = await engine.act(names.source, 'resume');
    expect(resumed).toMatchObject({ state: 'running', engineState: 'RUNNING' });
    expect(resumed.tasks.map((t) => t.engineState)).toEqual(['RUNNING']);
    await vi.waitFor(async () => expect(await lines(outFile)).toContain('while-paused'), landing);
  });

  it('stops the sink (KIP-875: no tasks left) and starts it again', async () => {
    const stopped = await engine.act(names.sink, 'stop');
    expect(stopped).toMatchObject({ state: 'stopped', engineState: 'STOPPED', tasks: [] });
    // Offsets stay readable while stopped.
    expect((await engine.offsets(names.sink)).offsets).toHaveLength(3);

    await appendFile(inFile, 'while-stopped\n');
    const started = await engine.act(names.sink, 'start');
    expect(started).toMatchObject({ state: 'running', engineState: 'RUNNING' });
    expect(started.tasks.map((t) => t.engineState)).toEqual(['RUNNING']);
    await vi.waitFor(async () => expect(await lines(outFile)).toContain('while-stopped'), landing);
  });

  it('restarts the source with its tasks', async () => {
    const restarted = await engine.act(names.source, 'restart');
    expect(restarted).toMatchObject({ state: 'running', engineState: 'RUNNING' });
    expect(restarted.tasks.map((t) => t.engineState)).toEqual(['RUNNING']);
  });

  it('shows a failed task with its trace, and restart-failed brings it back once the cause is fixed', async () => {
    // FileStreamSinkTask.start opens its file: with the directory missing the TASK fails (the connector keeps RUNNING).
    const missingDir = join(dir, 'not-yet');
    const failingOut = join(missingDir, 'out.txt');
    created.add(names.failing);
    await engine.create(names.failing, { 'connector.class': sinkClass, file: failingOut, topics: topic, 'tasks.max': '1' });

    let failed: PipelineStatus | undefined;
    await vi.waitFor(async () => {
      failed = await engine.status(names.failing);
      expect(failed.state).toBe('failed');
    }, landing);
    expect(failed).toMatchObject({
      engineState: 'RUNNING',
      message: expect.stringMatching(/Couldn't find or create file .*not-yet\/out\.txt/),
    });
    expect(failed?.message).not.toContain('\n');
    expect(failed?.trace).toMatch(/NoSuchFileException/);
    expect(failed?.tasks).toEqual([
      expect.objectContaining({ id: '0', state: 'failed', engineState: 'FAILED', trace: expect.stringMatching(/FileStreamSinkTask/) }),
    ]);
    expect((await engine.list()).find((p) => p.name === names.failing)?.state).toBe('failed');

    await mkdir(missingDir);
    const back = await engine.act(names.failing, 'restart-failed');
    expect(back).toMatchObject({ state: 'running', engineState: 'RUNNING' });
    expect(back.tasks.map((t) => t.engineState)).toEqual(['RUNNING']);
    expect(back.trace).toBeUndefined();
    // A new consumer group reads the topic from the start.
    await vi.waitFor(async () => expect(await lines(failingOut)).toEqual(expect.arrayContaining(sent)), landing);
  });

  it('answers not_found for a connector Connect does not have', async () => {
    const ghost = `kcc-ghost-${id}`;
    expect(await failure(engine.status(ghost))).toMatchObject({ code: 'not_found' });
    expect(await failure(engine.act(ghost, 'pause'))).toMatchObject({ code: 'not_found' });
    expect(await failure(engine.act(ghost, 'start'))).toMatchObject({ code: 'not_found' });
    expect(await failure(engine.offsets(ghost))).toMatchObject({ code: 'not_found' });
  });

  it('says clearly when no worker answers at the URL', async () => {
    const port = await refusedPort();
    const down = new KafkaConnectEngine({ restUrl: `http://127.0.0.1:${port}` });
    const err = await failure(down.list());
    expect(err).toMatchObject({ code: 'host_unreachable', details: { cause: 'ECONNREFUSED' } });
    expect(err.message).toBe(`Kafka Connect at http://127.0.0.1:${port} is not answering (connection refused).`);

    // Port 1 is one fetch refuses to connect to at all; still host_unreachable, and it says why.
    const blocked = await failure(new KafkaConnectEngine({ restUrl: 'http://127.0.0.1:1' }).ping());
    expect(blocked.code).toBe('host_unreachable');
    expect(blocked.message).toMatch(/http:\/\/127\.0\.0\.1:1.*port 1/);
  });

  it('rides out rebalances (409, or 500 "rebalance is expected") while connectors are created and restarted at once', async () => {
    const refused: string[] = [];
    const watching: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (res.status === 409 || res.status === 500)
        refused.push(`${res.status} ${init?.method ?? 'GET'} ${String(input).slice(restUrl.length)}`);
      return res;
    };
    const busy = new KafkaConnectEngine({ restUrl, fetch: watching });
    // A file that never appears: the tasks wait for it, so the burst adds nothing to the topic.
    const config = { 'connector.class': sourceClass, file: join(dir, 'absent.txt'), topic, 'tasks.max': '1' };
    const first = [1, 2, 3].map((n) => `kcc-burst-a${n}-${id}`);
    const second = [1, 2, 3].map((n) => `kcc-burst-b${n}-${id}`);
    for (const name of [...first, ...second]) created.add(name);
    await Promise.all(first.map((name) => busy.create(name, config)));
    // New connectors make the group rebalance while the first ones restart and are read.
    const results = await Promise.all([
      ...second.map((name) => busy.create(name, config)),
      ...first.map((name) => busy.act(name, 'restart')),
    ]);
    for (const r of results) expect(r, r.name).toMatchObject({ state: 'running', engineState: 'RUNNING' });
    const deleted = await Promise.all([...first, ...second].map((name) => busy.act(name, 'delete')));
    for (const d of deleted) expect(d.engineState).toBe('DELETED');
    console.log(
      `[kafka-connect] refusals retried during the burst: ${refused.length}${refused.length ? `\n  ${refused.join('\n  ')}` : ''}`,
    );
  });

  it('deletes a connector: gone from the list, status not_found', async () => {
    const deleted = await engine.act(names.source, 'delete');
    expect(deleted).toMatchObject({ name: names.source, engineState: 'DELETED' });
    expect((await engine.list()).some((p) => p.name === names.source)).toBe(false);
    expect(await failure(engine.status(names.source))).toMatchObject({ code: 'not_found' });
    expect(await failure(engine.act(names.source, 'delete'))).toMatchObject({ code: 'not_found' });
  });
});
