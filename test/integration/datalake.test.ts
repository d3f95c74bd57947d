import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppHarness } from './app-harness';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { kcatCount, kcatProduce, lakeSetup, oracleList, oracleLines, oracleRead, readings, type LakeSetup } from './lake-oracle';

/**
 * The data lake through the app's API against the sandbox's HDFS: listing, first lines and line counts equal
 * what WebHDFS gives a plain client, landed vs produced equals kcat's count, and an in-use file left by a
 * SIGKILLed agent is flagged as an orphan.
 */
describe('data lake through the app API', () => {
  let app: AppHarness;
  let lake: LakeSetup;
  const pipeline = () => lake.lake.id;
  const setAgent = async (action: 'start' | 'stop') => {
    await app.call('pipelines.action', { id: pipeline(), action });
    if (action === 'start')
      await vi.waitFor(async () => expect((await app.call('pipelines.detail', { id: pipeline() })).pipeline.status.state).toBe('running'), {
        timeout: 90_000,
        interval: 500,
      });
  };

  beforeAll(async () => {
    lake = lakeSetup();
    app = new AppHarness(sandboxProfilePath());
    await setAgent('start');
    // Something has landed, whatever ran before.
    kcatProduce(lake.profile, lake.topic, readings(`seed-${Date.now()}`, 0, 500));
    await vi.waitFor(async () => expect((await oracleList(lake.namenode, lake.lake.landing.path)).length).toBeGreaterThan(0), {
      timeout: 60_000,
      interval: 500,
    });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('lists the pipeline among the landings and its files as WebHDFS does', async () => {
    const landings = await app.call('datalake.landings', {});
    expect(landings.map((l) => l.pipeline)).toContain(pipeline());
    // The writer stopped, so that both looks see the same files.
    await setAgent('stop');
    try {
      const listing = await app.call('datalake.list', { pipeline: pipeline() });
      const oracle = await oracleList(lake.namenode, lake.lake.landing.path);
      expect(listing.entries.map((e) => [e.path, e.type === 'file' ? 'FILE' : 'DIRECTORY', e.bytes]).sort()).toEqual(
        oracle.map((e) => [e.path, e.type, e.type === 'FILE' ? e.length : 0]).sort(),
      );
      const file = listing.entries.find((e) => e.type === 'file' && !e.inUse);
      if (!file) throw new Error('no closed file landed');
      const head = await app.call('datalake.head', { pipeline: pipeline(), path: file.relative, lines: 7 });
      // The file's lines as a plain client splits them: a final newline ends the last line, it does not start another.
      expect(head.lines).toEqual((await oracleRead(lake.namenode, file.path)).replace(/\n$/, '').split('\n').slice(0, 7));
      const count = await app.call('datalake.count', { pipeline: pipeline() });
      expect(count.totalLines).toBe((await oracleLines(lake.namenode, lake.lake.landing.path)).length);
      const one = await app.call('datalake.count', { pipeline: pipeline(), path: file.path });
      expect(one.totalLines).toBe((await oracleRead(lake.namenode, file.path)).split('\n').filter(Boolean).length);
      // The landed lines against every record of the topic, counted by kcat.
      const compare = await app.call('datalake.landedVsProduced', { pipeline: pipeline() });
      expect(compare.produced).toBe(kcatCount(lake.profile, lake.topic));
      expect(compare.landed).toBe(count.totalLines);
      console.log(`landed vs produced: ${compare.landed} / ${compare.produced} in ${compare.files} files (${compare.elapsedMs} ms)`);
    } finally {
      await setAgent('start');
    }
  });

  it('refuses paths outside the landing path and says when one is missing', async () => {
    const outside = await app.callError('datalake.head', { pipeline: pipeline(), path: '../../etc/passwd' });
    expect(outside.code).toBe('invalid_input');
    const missing = await app.callError('datalake.head', { pipeline: pipeline(), path: 'no-such-day/x.jsonl' });
    expect(missing).toMatchObject({ code: 'not_found', message: expect.stringContaining('does not exist in HDFS') });
  });

  it('flags the in-use file of a SIGKILLed agent as an orphan, and still after the app restarted it', async () => {
    const run = `orphan-${Date.now()}`;
    kcatProduce(lake.profile, lake.topic, readings(run, 0, 2_000));
    let open: string | undefined;
    await vi.waitFor(
      async () => {
        open = (await oracleList(lake.namenode, lake.lake.landing.path)).find((e) => e.type === 'FILE' && e.path.endsWith('.tmp'))?.path;
        expect(open).toBeDefined();
      },
      { timeout: 60_000, interval: 200 },
    );
    const [status] = await app.call('services.status', { service: lake.lakeAgent.id });
    const pid = status?.pids[0];
    if (pid === undefined) throw new Error('agent not running');
    process.kill(pid, 'SIGKILL');
    await vi.waitFor(async () => expect((await app.call('datalake.list', { pipeline: pipeline() })).writerState?.running).toBe(false), {
      timeout: 20_000,
      interval: 500,
    });
    const listed = await app.call('datalake.list', { pipeline: pipeline() });
    expect(listed.entries.find((e) => e.path === open)).toMatchObject({ inUse: true, orphan: true });
    await setAgent('start');
    const after = await app.call('datalake.list', { pipeline: pipeline() });
    expect(after.writerState?.running).toBe(true);
    expect(after.entries.find((e) => e.path === open)).toMatchObject({ inUse: true, orphan: true });
    // Files the restarted agent opens are not orphans.
    expect(after.entries.filter((e) => e.orphan).every((e) => e.inUse)).toBe(true);
  });
});
