import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { bootstrap, describeTopic, kafkaTool } from './kafka-tools';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Partition reassignment through the app, with Kafka's own tools as the oracles: kafka-reassign-partitions.sh
 * (--verify, --list, --execute for a reassignment started outside the app), kafka-configs.sh for the throttle, and
 * kafka-topics.sh --describe for where the replicas are. Topics start crowded on kafka-1's two brokers (0 and 1).
 */
describe('partition reassignment (Kafka’s tools as the oracle)', () => {
  let app: AppHarness;
  let kafka: Kafka;
  const stamp = Date.now();
  const spread = `kcc-reassign-${stamp}`;
  const slow = `kcc-reassign-cancel-${stamp}`;
  const outside = `kcc-reassign-outside-${stamp}`;
  const dir = mkdtempSync(join(tmpdir(), 'kcc-reassign-'));

  async function crowdedTopic(topic: string, records: number, bytes: number) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          replicaAssignment: Array.from({ length: 6 }, (_, partition) => ({ partition, replicas: partition % 2 ? [1, 0] : [0, 1] })),
        },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const value = 'x'.repeat(bytes);
    for (let i = 0; i < records; i += 500)
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: Math.min(500, records - i) }, (_, j) => ({ key: String(i + j), value })),
      });
    await producer.disconnect();
  }
  /** Every broker's dynamic configs, in one run of the tool. */
  const brokerConfigs = () => kafkaTool('kafka-configs.sh', ['--describe', '--entity-type', 'brokers']);
  const topicConfigs = (t: string) => kafkaTool('kafka-configs.sh', ['--describe', '--entity-type', 'topics', '--entity-name', t]);
  const planFile = (name: string, moves: Array<{ topic: string; partition: number; proposed: number[] }>) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({ version: 1, partitions: moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.proposed })) }),
    );
    return file;
  };

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    kafka = new Kafka({ clientId: 'kcc-reassign-test', brokers: [bootstrap()], logLevel: logLevel.NOTHING });
    await crowdedTopic(spread, 900, 1_000);
  }, 120_000);
  afterAll(async () => {
    for (const name of [spread, slow, outside]) await app.call('topics.delete', { name, confirm: name }).catch(() => undefined);
    await app.dispose();
  });

  it('plans a spread over 4 brokers on 3 machines, runs it throttled, verifies and removes the throttle', async () => {
    const plan = await app.call('reassignment.propose', { topics: [spread] });
    expect(plan.moves.length).toBeGreaterThan(0);
    const hostOf = new Map(plan.brokers.map((b) => [b.id, b.host]));
    for (const m of plan.moves)
      expect(new Set(m.proposed.map((r) => hostOf.get(r))).size, `${m.partition}: ${m.proposed.join(',')}`).toBe(2);
    expect(plan.brokers.find((b) => b.id === 0)).toMatchObject({ replicasBefore: 6, replicasAfter: 3 });

    // The throttle is on while the moves copy data (Kafka's own view of the broker's config).
    // Slow enough (about 150 kB per partition at 25 kB/s) for kafka-configs, a JVM start per look, to see it on.
    const throttle = 25_000;
    let seenThrottle = false;
    let seenOngoing = false;
    let running = true;
    const watch = (async () => {
      while (running) {
        if (!seenThrottle && brokerConfigs().includes(`leader.replication.throttled.rate=${throttle}`)) seenThrottle = true;
        if (!seenOngoing && (await app.call('reassignment.list', {})).some((o) => o.topic === spread)) seenOngoing = true;
        await sleep(300);
      }
    })();
    const op = await app.call('reassignment.execute', { moves: plan.moves, throttleBytesPerSec: throttle });
    running = false;
    await watch;
    expect(op.state, JSON.stringify(op.error)).toBe('succeeded');
    expect(op.progress).toEqual({ done: plan.moves.length, total: plan.moves.length });
    expect(op.steps.map((s) => s.step)).toEqual([
      'check the plan against the cluster',
      'set the replication throttle',
      'start the moves',
      'wait for the moves',
      'verify',
      'remove the replication throttle',
      'elect preferred leaders',
    ]);
    expect(seenThrottle).toBe(true);
    expect(seenOngoing).toBe(true);

    const verify = kafkaTool('kafka-reassign-partitions.sh', [
      '--verify',
      '--preserve-throttles',
      '--reassignment-json-file',
      planFile('spread', plan.moves),
    ]);
    for (const m of plan.moves) expect(verify).toContain(`Reassignment of partition ${spread}-${m.partition} is completed`);
    expect(brokerConfigs()).not.toContain('replication.throttled.rate');
    expect(topicConfigs(spread)).not.toContain('throttled.replicas');
    const described = describeTopic(spread);
    for (const m of plan.moves) expect(described.partitions[m.partition]?.replicas).toEqual(m.proposed);
    // Led by their preferred replica, spread over the machines.
    for (const p of described.partitions) expect(p.leader).toBe(p.replicas[0]);
  }, 180_000);

  it('refuses a plan the cluster no longer matches, naming the partitions', async () => {
    const actual = describeTopic(spread).partitions[0]?.replicas ?? [];
    const op = await app.call('reassignment.execute', {
      moves: [{ topic: spread, partition: 0, current: [...actual].reverse(), proposed: actual }],
    });
    expect(op.state).toBe('failed');
    expect(op.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`${spread}-0`) });
    expect(op.steps.map((s) => s.step)).toEqual(['check the plan against the cluster']);
  });

  it('cancels a slow reassignment: the moves in flight go back, the throttle goes away', async () => {
    // 3 MB a partition. A throttled follower is held back only once its quota is exceeded, so its first fetch after
    // each quota window takes up to replica.fetch.max.bytes (1 MB) of every partition it copies: with less than that a
    // partition, the moves could all finish in that first fetch, before the cancel.
    await crowdedTopic(slow, 18_000, 1_000);
    const before = describeTopic(slow).partitions.map((p) => p.replicas);
    const plan = await app.call('reassignment.propose', { topics: [slow] });
    // 1 kB/s, Kafka's smallest: after that first fetch, a quota window (about 11 s) passes before the next, so the moves are in flight when the cancel comes.
    const running = app.call('reassignment.execute', { moves: plan.moves, throttleBytesPerSec: 1_024 });
    for (let i = 0; i < 60 && !(await app.call('reassignment.list', {})).some((o) => o.topic === slow); i++) await sleep(500);
    const id = (await app.call('operations.list', {})).find((o) => o.kind === 'reassignment' && o.state === 'running')?.id;
    expect(id).toBeDefined();
    await app.call('operations.cancel', { id: id ?? '' });
    const op = await running;
    expect(op.state, JSON.stringify(op.error)).toBe('cancelled');
    expect(op.error?.message).toMatch(/back on their replicas/);
    expect(kafkaTool('kafka-reassign-partitions.sh', ['--list'])).toMatch(/No partition reassignments found/);
    const after = describeTopic(slow).partitions;
    // Partitions whose move had finished stay moved; the others are on their replicas before.
    for (const m of plan.moves) {
      const now = after[m.partition]?.replicas ?? [];
      expect([before[m.partition]?.join(','), m.proposed.join(',')]).toContain(now.join(','));
    }
    expect(after.filter((p, i) => p.replicas.join(',') === before[i]?.join(',')).length).toBeGreaterThan(0);
    expect(brokerConfigs()).not.toContain('replication.throttled.rate');
    expect(topicConfigs(slow)).not.toContain('throttled.replicas');
  }, 180_000);

  it('lists and cancels a reassignment started by kafka-reassign-partitions.sh', async () => {
    await crowdedTopic(outside, 1_800, 1_000);
    const moves = [{ topic: outside, partition: 0, proposed: [2, 3] }];
    kafkaTool('kafka-reassign-partitions.sh', ['--execute', '--throttle', '10240', '--reassignment-json-file', planFile('outside', moves)]);
    const listed = await app.call('reassignment.list', {});
    expect(listed.find((o) => o.topic === outside && o.partition === 0)).toMatchObject({ adding: expect.arrayContaining([2, 3]) });
    expect(await app.call('reassignment.cancel', { partitions: [{ topic: outside, partition: 0 }] })).toEqual({ cancelled: 1 });
    for (let i = 0; i < 30 && !/No partition reassignments found/.test(kafkaTool('kafka-reassign-partitions.sh', ['--list'])); i++)
      await sleep(500);
    expect(kafkaTool('kafka-reassign-partitions.sh', ['--list'])).toMatch(/No partition reassignments found/);
    expect(describeTopic(outside).partitions[0]?.replicas).toEqual([0, 1]);
    // The tool's own throttle is the tool's to remove: --verify does, once nothing is in flight.
    kafkaTool('kafka-reassign-partitions.sh', ['--verify', '--reassignment-json-file', planFile('outside', moves)]);
  }, 180_000);
});
