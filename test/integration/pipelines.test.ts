import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxUp, sandboxPaths, defaultTopology, iotPaths, writeSensorReadings, type IotPaths } from '../../sandbox/index';
import { killService, sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import type { PipelineView } from '../../src-main/api/contract';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often each id appears in the data lake's landing files. */
function landed(iot: IotPaths, ids: string[]): { missing: string[]; duplicates: number } {
  const counts = new Map(ids.map((id) => [id, 0]));
  let text = '';
  try {
    text = readFileSync(iot.landingFile, 'utf8');
  } catch {
    // Not written yet.
  }
  for (const line of text.split('\n')) {
    const m = /"id":"([^"]+)"/.exec(line);
    const id = m?.[1];
    if (id !== undefined && counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return {
    missing: ids.filter((id) => counts.get(id) === 0),
    duplicates: [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
  };
}

describe("pipelines: the seed's IoT ingest and data lake pipelines on the sandbox's Kafka Connect", () => {
  let app: AppHarness;
  let iot: IotPaths;
  const byId = async (id: string): Promise<PipelineView> => {
    const found = (await app.call('pipelines.list', {})).find((p) => p.id === id);
    if (!found) throw new Error(`no pipeline ${id}`);
    return found;
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(500);
    }
  };
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    const paths = iotPaths(sandboxPaths(), defaultTopology);
    if (!paths) throw new Error('the sandbox has no Connect worker');
    iot = paths;
    // A previous test may have left pipeline 2 stopped; both start out running.
    for (const id of ['iot-ingest', 'iot-datalake'])
      if ((await byId(id)).status.state !== 'running') await app.call('pipelines.action', { id, action: 'start' });
  });
  afterAll(() => app.dispose());

  it('loses nothing while the data lake pipeline is stopped: N + M readings land once pipeline 2 is back, pipeline 1 ran throughout', async () => {
    const ingest0 = await byId('iot-ingest');
    expect(ingest0.status.state).toBe('running');
    expect((await byId('iot-datalake')).status.state).toBe('running');
    const ingestOffsets0 = (await app.call('pipelines.detail', { id: 'iot-ingest' })).offsets ?? [];

    const first = await writeSensorReadings(iot, 400);
    const stopped = await app.call('pipelines.action', { id: 'iot-datalake', action: 'stop' });
    expect(stopped.status.state).toBe('stopped');

    const second = await writeSensorReadings(iot, 600);
    const all = [...first, ...second];
    const end0 = ingest0.kafka?.endOffset ?? 0;
    // Pipeline 1 keeps moving readings into the topic while pipeline 2 is stopped: the lag grows to cover them.
    let ingestStates: string[] = [];
    await until('pipeline 1 to carry all readings into the topic', async () => {
      const [ingest, lake] = [await byId('iot-ingest'), await byId('iot-datalake')];
      ingestStates.push(ingest.status.state);
      expect(lake.status.state).toBe('stopped');
      return (ingest.kafka?.endOffset ?? 0) >= end0 + all.length;
    });
    const lakeStopped = await byId('iot-datalake');
    expect(lakeStopped.kafka?.role).toBe('reads');
    expect(lakeStopped.kafka?.lag).toBeGreaterThanOrEqual(second.length);
    expect(new Set(ingestStates)).toEqual(new Set(['running']));
    // Its source offset (position in the readings file) moved on too, once Connect flushed it.
    const before = ingestOffsets0.map((o) => o.offset).join();
    await until(
      'pipeline 1 to commit a new source offset',
      async () => {
        const now = (await app.call('pipelines.detail', { id: 'iot-ingest' })).offsets ?? [];
        return now.length > 0 && now.map((o) => o.offset).join() !== before;
      },
      20_000,
    );

    const started = await app.call('pipelines.action', { id: 'iot-datalake', action: 'start' });
    expect(started.status.state).toBe('running');
    await until('lag 0 and every reading in the data lake', async () => {
      const lake = await byId('iot-datalake');
      return lake.kafka?.lag === 0 && landed(iot, all).missing.length === 0;
    });
    const result = landed(iot, all);
    expect(result.missing).toEqual([]);
    // FileStreamSink commits offsets after flushing, so a clean stop/start should write each reading once.
    expect(result.duplicates).toBe(0);
    ingestStates = [(await byId('iot-ingest')).status.state];
    expect(ingestStates).toEqual(['running']);

    const detail = await app.call('pipelines.detail', { id: 'iot-datalake' });
    expect(detail.landing?.files.map((f) => f.name)).toContain('iot-readings.jsonl');
    expect(detail.landing?.files[0]?.lines).toBeGreaterThanOrEqual(all.length);
    expect(detail.pipeline.status.tasks).toHaveLength(1);
  }, 180_000);

  it("shows Connect's own validation messages per field before creating", async () => {
    const report = await app.call('pipelines.validate', {
      id: 'iot-datalake',
      config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': 'many', file: '/tmp/x' },
    });
    expect(report.errorCount).toBeGreaterThan(0);
    expect(report.fields.map((f) => f.name)).toContain('tasks.max');
    const refused = await app.callError('pipelines.create', {
      id: 'iot-datalake',
      config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        'tasks.max': 'many',
        file: '/tmp/x',
        topics: 'iot-readings',
      },
    });
    expect(refused.code).toBe('invalid_input');
    expect(refused.field).toBe('tasks.max');
    expect((await byId('iot-datalake')).status.config?.['tasks.max']).toBe('1');
  });

  it('shows pipelines as unknown with the reason while the Connect worker is down, and recovers when it is back', async () => {
    const before = new Map((await app.call('pipelines.list', {})).map((p) => [p.id, p.status.state]));
    await killService('connect', 'SIGKILL');
    // Only Connect's pipelines: the Flume agents beside it keep running.
    const down = (await app.call('pipelines.list', {})).filter((p) => p.engine === 'kafka-connect');
    expect(down.length).toBeGreaterThanOrEqual(2);
    for (const p of down) {
      expect(p.status.state).toBe('unknown');
      expect(p.status.message).toMatch(/not answering|refused|unreachable/i);
    }
    await sandboxUp();
    await until(
      'both pipelines back in their states',
      async () => (await app.call('pipelines.list', {})).every((p) => p.status.state === before.get(p.id)),
      90_000,
    );
    expect([...before.values()]).toEqual(['running', 'running', 'running', 'running']);
  }, 240_000);
});
