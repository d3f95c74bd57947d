import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultTopology, flumeIotPaths, sandboxPaths, spoolSensorReadings } from '../../sandbox/index';
import type { PipelineView } from '../../src-main/api/contract';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { lakeSetup, oracleLines, type LakeSetup } from './lake-oracle';

/**
 * The seed's scenario on Flume: pipeline 1 ingests IoT sensor files from a spool directory into Kafka the whole
 * time; pipeline 2 (Kafka -> HDFS) is stopped mid-stream, its lag grows, and once started again it drains. The
 * readings in HDFS are counted by the test itself through WebHDFS, not by the app.
 */
describe("the seed's Flume pipelines: one stops, the other keeps ingesting, nothing is lost", () => {
  let app: AppHarness;
  let lake: LakeSetup;
  const view = async (id: string): Promise<PipelineView> => {
    const p = (await app.call('pipelines.list', {})).find((x) => x.id === id);
    if (!p) throw new Error(`no pipeline ${id}`);
    return p;
  };

  beforeAll(async () => {
    lake = lakeSetup();
    app = new AppHarness(sandboxProfilePath());
    for (const p of lake.profile.pipelines.filter((x) => x.engine === 'flume'))
      if ((await view(p.id)).status.state === 'stopped') await app.call('pipelines.action', { id: p.id, action: 'start' });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('pipeline 2 stopped: its lag grows while pipeline 1 ingests; started: the lag drains and HDFS holds every reading', async () => {
    const spool = flumeIotPaths(sandboxPaths(), defaultTopology);
    if (!spool) throw new Error('the sandbox has no Flume spool directory');
    const ingest = lake.profile.pipelines.find((p) => p.engine === 'flume' && p.id !== lake.lake.id);
    if (!ingest) throw new Error('no Flume ingest pipeline in the profile');
    const ids = (all: string[]) => new Set(all.map((l) => (JSON.parse(l) as { id?: string }).id));
    const lagOf = async () => (await view(lake.lake.id)).kafka?.lag ?? -1;

    const first = await spoolSensorReadings(spool, 1_000);
    const stopped = await app.call('pipelines.action', { id: lake.lake.id, action: 'stop' });
    expect(stopped.status.state).toBe('stopped');
    const lagAtStop = await lagOf();

    // Pipeline 1 keeps running: two more files while pipeline 2 is down.
    const second = [...(await spoolSensorReadings(spool, 1_500)), ...(await spoolSensorReadings(spool, 1_500))];
    await vi.waitFor(async () => expect(await lagOf()).toBeGreaterThanOrEqual(lagAtStop + second.length), {
      timeout: 60_000,
      interval: 1_000,
    });
    expect((await view(ingest.id)).status.state).toBe('running');
    const grown = await lagOf();

    await app.call('pipelines.action', { id: lake.lake.id, action: 'start' });
    await vi.waitFor(async () => expect(await lagOf()).toBe(0), { timeout: 120_000, interval: 1_000 });

    const produced = [...first, ...second];
    let landed: string[] = [];
    await vi.waitFor(
      async () => {
        landed = (await oracleLines(lake.namenode, lake.lake.landing.path)).filter((l) => l.includes('"sensorId"'));
        const seen = ids(landed);
        expect(produced.filter((id) => !seen.has(id))).toEqual([]);
      },
      { timeout: 90_000, interval: 2_000 },
    );
    const mine = landed.filter((l) => produced.includes((JSON.parse(l) as { id: string }).id));
    const duplicates = mine.length - new Set(mine).size;
    console.log(
      `flume seed pipelines: ${produced.length} readings spooled, lag ${lagAtStop} -> ${grown} while stopped -> 0; ` +
        `${new Set(mine).size} distinct in HDFS, ${duplicates} duplicates`,
    );
    expect(new Set(mine).size).toBe(produced.length);
  }, 300_000);
});
