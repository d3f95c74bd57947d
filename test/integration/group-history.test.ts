import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { bootstrap, brokerCount, groupOffsets, kafkaTool, kcat } from './kafka-tools';

const { Kafka, logLevel } = kafkajs;

/** The preview of an offset reset, and lag over time; kafka-consumer-groups.sh is the oracle. */
describe('reset previews and lag over time (ConsumerGroupCommand as the oracle)', () => {
  let app: AppHarness;
  const stamp = Date.now();
  const topic = `kcc-laghist-${stamp}`;
  const group = `kcc-laghist-g-${stamp}`;
  let between = 0;
  const produce = (label: string, perPartition: number) => {
    for (const p of [0, 1])
      kcat(['-P', '-t', topic, '-p', String(p)], `${Array.from({ length: perPartition }, (_, i) => `${label}-${p}-${i}`).join('\n')}\n`);
  };
  const lastLag = async () => (await app.call('groups.lagHistory', { groupId: group })).samples.at(-1)?.totalLag;

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 2, replicationFactor: Math.min(2, brokerCount()) });
    produce('before', 4);
    await new Promise((r) => setTimeout(r, 50));
    between = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    produce('after', 4);
    await app.call('groups.resetOffsets', { groupId: group, topic, to: 'latest' });
  }, 120_000);

  afterAll(async () => {
    await app.call('groups.delete', { groupId: group }).catch(() => undefined);
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  it('previews a reset to a date and time as the tool plans it, and commits nothing', async () => {
    const preview = await app.call('groups.previewReset', { groupId: group, topic, to: { timestamp: between } });
    expect(preview).toEqual([0, 1].map((partition) => ({ partition, current: 8, offset: 4, logStart: 0, logEnd: 8 })));
    const plan = kafkaTool('kafka-consumer-groups.sh', [
      '--group',
      group,
      '--topic',
      topic,
      '--reset-offsets',
      '--to-datetime',
      new Date(between).toISOString().replace('Z', '+00:00'),
      '--dry-run',
    ]);
    const planned = [...plan.matchAll(new RegExp(`${topic}\\s+(\\d+)\\s+(\\d+)`, 'g'))].map((m) => ({
      partition: Number(m[1]),
      offset: Number(m[2]),
    }));
    expect(planned.sort((a, b) => a.partition - b.partition)).toEqual(preview.map(({ partition, offset }) => ({ partition, offset })));
    // Still where the group was.
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '8'],
      [1, '8'],
    ]);
  });

  it('previews a reset to one offset, clamped to each log, then applies the same', async () => {
    const preview = await app.call('groups.previewReset', { groupId: group, topic, to: { offset: 6 } });
    expect(preview.map((p) => p.offset)).toEqual([6, 6]);
    const beyond = await app.call('groups.previewReset', { groupId: group, topic, to: { offset: 99 } });
    expect(beyond.map((p) => p.offset)).toEqual([8, 8]);
    await app.call('groups.resetOffsets', { groupId: group, topic, to: { offset: 6 } });
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '6'],
      [1, '6'],
    ]);
    await app.call('groups.resetOffsets', { groupId: group, topic, to: 'latest' });
  });

  it('samples lag while watched: it rises as messages are produced and falls as the group consumes', async () => {
    expect(await lastLag()).toBe(0);
    produce('burst', 15);
    // Sampled every 5 s in the main process; each call here also keeps the group watched.
    await expect.poll(lastLag, { timeout: 30_000, interval: 1_000 }).toBe(30);

    const kafka = new Kafka({ clientId: 'kcc-test', brokers: [bootstrap()], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 500 });
    let consumed = 0;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic] });
      await consumer.run({
        eachMessage: async () => {
          consumed++;
        },
      });
      await expect.poll(() => consumed, { timeout: 60_000 }).toBe(30);
      await expect.poll(lastLag, { timeout: 30_000, interval: 1_000 }).toBe(0);
    } finally {
      await consumer.disconnect();
    }
    const history = await app.call('groups.lagHistory', { groupId: group, perPartition: true });
    const totals = history.samples.map((s) => s.totalLag);
    const peak = totals.indexOf(30);
    expect(peak).toBeGreaterThan(0);
    expect(totals.slice(0, peak)).toContain(0);
    expect(totals.slice(peak)).toContain(0);
    // Per partition: the same rise on each of the two partitions.
    expect(history.partitions).toEqual([
      { topic, partition: 0 },
      { topic, partition: 1 },
    ]);
    expect(history.samples[peak]?.lags).toEqual([15, 15]);
    // The tool agrees the group caught up.
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '23'],
      [1, '23'],
    ]);
  }, 180_000);
});
