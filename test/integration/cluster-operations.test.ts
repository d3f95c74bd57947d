import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerIds, sandboxProfilePath, servicePid } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { lakeSetup, oracleList } from './lake-oracle';
import { describeTopic } from './kafka-tools';

const bootstrap = ['127.0.0.3:9092', '127.0.0.3:9093', '127.0.0.4:9092', '127.0.0.2:9092'];
const BROKERS = ['broker-0', 'broker-1', 'broker-2', 'broker-3'];
const ZOOKEEPERS = ['zk-1', 'zk-2', 'zk-3'];

/** WebHDFS CREATE with curl (the NameNode redirects to a DataNode, which takes the bytes; curl is the documented client). */
function webHdfsCreate(base: string, user: string, path: string, text: string): void {
  const url = `${base}/webhdfs/v1${path}?op=CREATE&overwrite=true&user.name=${user}`;
  const code = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-L', '-X', 'PUT', '--data-binary', '@-', url], {
    input: text,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (code.trim() !== '201') throw new Error(`WebHDFS CREATE ${path}: HTTP ${code}`);
}

describe('whole-cluster operations against the sandbox', () => {
  let app: AppHarness;
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
  });
  afterAll(() => app.dispose());

  it('rolling restart keeps an RF 3, min.insync.replicas=2 topic writable with acks=all', async () => {
    const kafka = new Kafka({ clientId: 'kcc-rolling-test', brokers: bootstrap, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'rolling-check', numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
      ],
      waitForLeaders: true,
    });
    const controller = (await admin.describeCluster()).controller;
    await admin.disconnect();
    const pidsBefore = await Promise.all(BROKERS.map((id) => servicePid(id)));
    const progress: Array<{ done: number; total: number; current?: string | undefined }> = [];
    const unsubscribe = app.core.events.subscribe((e) => {
      if (e.name === 'operation.progress' && e.payload.kind === 'rolling-restart' && e.payload.progress) progress.push(e.payload.progress);
    });

    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 3_000 },
    });
    await producer.connect();
    let acked = 0;
    const failures: string[] = [];
    let running = true;
    const load = (async () => {
      for (let i = 0; running; i++) {
        try {
          await producer.send({ topic: 'rolling-check', acks: -1, messages: [{ key: String(i % 7), value: `record-${i}` }] });
          acked++;
        } catch (err) {
          failures.push((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const op = await app.call('cluster.rollingRestart', {});
    running = false;
    unsubscribe();
    await load;
    await producer.disconnect();

    expect(op.state, JSON.stringify(op.error)).toBe('succeeded');
    const steps = op.steps.map((s) => s.step);
    // Once before the first broker, then after each of the four.
    expect(steps.filter((s) => s === 'wait for zero under-replicated partitions')).toHaveLength(5);
    for (const id of ['broker-0', 'broker-1', 'broker-2', 'broker-3']) expect(steps).toContain(`stop ${id}`);
    // The controller went last, and the restart ended with a preferred leader election.
    const stopped = steps.filter((s) => s.startsWith('stop ')).map((s) => s.slice(5));
    expect(stopped.at(-1)).toBe(`broker-${controller}`);
    expect(steps.at(-1)).toBe('elect preferred leaders');
    // Progress went through every broker and the election, n of 5.
    expect(progress.map((p) => p.total).every((t) => t === 5)).toBe(true);
    expect(progress.map((p) => p.current)).toContain(`broker-${controller} (controller)`);
    expect(op.progress).toEqual({ done: 5, total: 5 });
    // Kafka's own view: every partition led by its preferred (first) replica again.
    const described = describeTopic('rolling-check');
    for (const p of described.partitions) expect(p.leader, `partition ${p.partition}`).toBe(p.replicas[0]);
    const pidsAfter = await Promise.all(BROKERS.map((id) => servicePid(id)));
    pidsAfter.forEach((p, i) => expect(p).not.toBe(pidsBefore[i]));
    expect(failures).toEqual([]);
    expect(acked).toBeGreaterThan(50);
    expect(await brokerIds()).toEqual([0, 1, 2, 3]);
  });

  // A stop and a start of the whole sandbox, fifteen processes in order, each waited for: 114 s on a 2-core box.
  it('stop-all stops workers, brokers, then ZooKeeper; start-all brings them up in the opposite order', { timeout: 240_000 }, async () => {
    // What the data lake holds must survive HDFS going down with the rest (a restart is not a new file system).
    const lake = lakeSetup();
    const marker = `${lake.lake.landing.path}/kcc-it-restart-${Date.now()}.jsonl`;
    webHdfsCreate(lake.namenode.webhdfsUrl, lake.namenode.user, marker, '{"kept":true}\n');
    const closedFiles = async () =>
      (await oracleList(lake.namenode, lake.lake.landing.path))
        .filter((e) => e.type === 'FILE' && !e.path.split('/').pop()?.startsWith('_'))
        .map((e) => e.path);
    const landedBefore = await closedFiles();
    expect(landedBefore.some((p) => p.endsWith(marker.split('/').pop() ?? '?'))).toBe(true);
    const stop = await app.call('cluster.stopAll', {});
    expect(stop.state, JSON.stringify(stop.error)).toBe('succeeded');
    const stopOrder = stop.steps.filter((s) => s.step.startsWith('stop ')).map((s) => s.step.slice(5));
    const down = await Promise.all(
      [...ZOOKEEPERS, ...BROKERS, 'connect', 'hdfs', 'flume-ingest', 'flume-hdfs'].map(async (id) => [id, await servicePid(id)]),
    );
    // Start again before asserting: a failed assertion must not leave the shared sandbox down for the next suites.
    const start = await app.call('cluster.startAll', {});
    const startOrder = start.steps.filter((s) => s.step.startsWith('start ')).map((s) => s.step.slice(6));
    expect(stop.state, JSON.stringify(stop.error)).toBe('succeeded');
    // The Flume agents first (they read and write Kafka and HDFS), then Connect, the brokers, HDFS and the ensemble.
    expect(stopOrder.slice(0, 2).sort()).toEqual(['flume-hdfs', 'flume-ingest']);
    expect(stopOrder.slice(2, 7)).toEqual(['connect', 'broker-3', 'broker-2', 'broker-1', 'broker-0']);
    expect(stopOrder.slice(7).sort()).toEqual(['hdfs', ...ZOOKEEPERS]);
    expect(down.filter(([, pid]) => pid !== undefined)).toEqual([]);

    expect(start.state, JSON.stringify(start.error)).toBe('succeeded');
    expect(startOrder.slice(0, 4).sort()).toEqual([...ZOOKEEPERS, 'hdfs'].sort());
    expect(startOrder.slice(4, 9)).toEqual(['broker-0', 'broker-1', 'broker-2', 'broker-3', 'connect']);
    expect(startOrder.slice(9).sort()).toEqual(['flume-hdfs', 'flume-ingest']);
    const statuses = await app.call('services.status', {});
    for (const s of statuses) expect(s, s.id).toMatchObject({ state: 'running', healthy: true });
    expect(await brokerIds()).toEqual([0, 1, 2, 3]);
    expect(await closedFiles()).toEqual(expect.arrayContaining(landedBefore));
    // Leave the lake as it was: the marker is not a reading of any pipeline.
    execFileSync(
      'curl',
      ['-s', '-X', 'DELETE', `${lake.namenode.webhdfsUrl}/webhdfs/v1${marker}?op=DELETE&user.name=${lake.namenode.user}`],
      {
        timeout: 30_000,
      },
    );
  });

  it('kcc does the same from a terminal', () => {
    const kcc = (args: string[]) => {
      try {
        return {
          code: 0,
          out: execFileSync('node', ['bin/kcc.mjs', ...args, '--profile', sandboxProfilePath()], { encoding: 'utf8', timeout: 120_000 }),
        };
      } catch (err) {
        const e = err as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const stopped = kcc(['services.stop', '{"service":"broker-2"}']);
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.out)).toMatchObject({ kind: 'stop', state: 'succeeded' });
    expect(JSON.parse(kcc(['services.status', '{"service":"broker-2"}']).out)).toMatchObject([{ state: 'stopped' }]);
    expect(JSON.parse(kcc(['services.start', '{"service":"broker-2"}']).out)).toMatchObject({ kind: 'start', state: 'succeeded' });
    const state = kcc(['cluster.state']);
    expect(state.code).toBe(0);
    expect(JSON.parse(state.out)).toMatchObject({ zookeeper: { state: 'connected' } });
    expect(JSON.parse(kcc(['topics.configs', '{"name":"sandbox-check"}']).out)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'cleanup.policy' })]),
    );
    const bad = kcc(['services.start', '{"service":"broker-42"}']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ code: 'not_found' });
  });
});
