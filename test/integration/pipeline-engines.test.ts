import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamSetsTestServer, type StreamSetsTestServer } from '../fakes/streamsets-test-server';
import { AppHarness, profileVariant } from './app-harness';
import type { PipelineView } from '../../src-main/api/contract';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The pipeline service with its other two engines: StreamSets (against the
 * test server that answers as Data Collector 3.x does; none runs here) and a
 * command engine whose start/stop/status commands run over real SSH on a
 * sandbox host.
 */
describe('pipelines on StreamSets and command engines, through the app API', () => {
  let sdc: StreamSetsTestServer;
  let app: AppHarness;
  const flag = `/tmp/kcc-cmd-pipeline-${Date.now()}.running`;
  const view = async (id: string): Promise<PipelineView> => {
    const p = (await app.call('pipelines.list', {})).find((x) => x.id === id);
    if (!p) throw new Error(`no pipeline ${id}`);
    return p;
  };
  beforeAll(async () => {
    sdc = await startStreamSetsTestServer();
    process.env.KCC_TEST_SDC_PASSWORD = 'admin';
    app = new AppHarness(
      profileVariant((p) => {
        p.services = [
          ...(p.services ?? []),
          {
            id: 'sdc',
            kind: 'streamsets',
            host: 'datalake-1',
            installDir: '/opt/streamsets',
            baseUrl: sdc.url,
            passwordEnv: 'KCC_TEST_SDC_PASSWORD',
          },
        ];
        p.pipelines = [
          {
            id: 'sdc-ingest',
            engine: 'streamsets',
            service: 'sdc',
            name: sdc.ids.iotToKafka,
            source: 'Directory',
            sink: 'topic iot-sensors',
            topic: 'iot-sensors',
          },
          {
            id: 'flume-lake',
            engine: 'command',
            host: 'kafka-2',
            name: 'flume-lake',
            source: 'topic iot-sensors',
            sink: 'HDFS /landing',
            commands: {
              start: ['touch', flag],
              stop: ['rm', '-f', flag],
              status: ['sh', '-c', `test -f '${flag}' && echo running || { echo stopped; exit 3; }`],
            },
          },
        ];
      }),
    );
  });
  afterAll(async () => {
    await app.dispose();
    await sdc.close();
  });

  it('starts a StreamSets pipeline, shows its record meters, and stops it', async () => {
    const before = await view('sdc-ingest');
    expect(before.exists).toBe(true);
    expect(before.status.state).toBe('stopped');
    expect(before.actions).toEqual(expect.arrayContaining(['start', 'stop', 'force-stop', 'reset-origin']));
    await app.call('pipelines.action', { id: 'sdc-ingest', action: 'start' });
    for (let i = 0; i < 50 && (await view('sdc-ingest')).status.state !== 'running'; i++) await sleep(100);
    sdc.advance(sdc.ids.iotToKafka, { input: 1200, output: 1195, errors: 5, seconds: 60 });
    const running = await app.call('pipelines.detail', { id: 'sdc-ingest' });
    expect(running.pipeline.status).toMatchObject({
      state: 'running',
      engineState: 'RUNNING',
      counters: { recordsIn: 1200, recordsOut: 1195, errors: 5 },
    });
    expect(running.pipeline.status.source).toBe('Directory');
    const again = await app.callError('pipelines.action', { id: 'sdc-ingest', action: 'start' });
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('CONTAINER_0102');
    await app.call('pipelines.action', { id: 'sdc-ingest', action: 'stop' });
    for (let i = 0; i < 50 && (await view('sdc-ingest')).status.state !== 'stopped'; i++) await sleep(100);
    expect((await view('sdc-ingest')).status.state).toBe('stopped');
  });

  it('shows the StreamSets pipeline unknown, with the reason, when the password is wrong', async () => {
    process.env.KCC_TEST_SDC_PASSWORD = 'wrong';
    try {
      const p = await view('sdc-ingest');
      expect(p.status.state).toBe('unknown');
      expect(p.status.message).toMatch(/user name or password|credentials/i);
    } finally {
      process.env.KCC_TEST_SDC_PASSWORD = 'admin';
    }
  });

  it('drives a command pipeline over SSH: status by exit code, start and stop by command', async () => {
    expect((await view('flume-lake')).status).toMatchObject({ state: 'stopped', engineState: 'exit 3', message: 'stopped' });
    expect((await app.call('pipelines.action', { id: 'flume-lake', action: 'start' })).status).toMatchObject({
      state: 'running',
      message: 'running',
    });
    expect((await app.call('pipelines.action', { id: 'flume-lake', action: 'stop' })).status.state).toBe('stopped');
    const bad = await app.callError('pipelines.action', { id: 'flume-lake', action: 'pause' });
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'action' });
  });
});
