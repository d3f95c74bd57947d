import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { bootstrap, brokerCount, groupOffsets, kafkaTool, kcat, listGroups } from './kafka-tools';

const { Kafka, logLevel } = kafkajs;

/** Deleting groups and resetting offsets to a time or per partition; kafka-consumer-groups.sh is the oracle. */
describe('consumer group operations (ConsumerGroupCommand as the oracle)', () => {
  let app: AppHarness;
  const stamp = Date.now();
  const topic = `kcc-groupops-${stamp}`;
  const group = `kcc-groupops-g-${stamp}`;
  const busy = `kcc-groupops-busy-${stamp}`;
  let between = 0;
  const produce = (label: string) => {
    for (const p of [0, 1, 2])
      kcat(['-P', '-t', topic, '-p', String(p)], `${Array.from({ length: 5 }, (_, i) => `${label}-${p}-${i}`).join('\n')}\n`);
  };

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 3, replicationFactor: Math.min(3, brokerCount()) });
    produce('before');
    // Message timestamps are the producer's clock (this machine's): a moment strictly between the two batches.
    await new Promise((r) => setTimeout(r, 50));
    between = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    produce('after');
    await app.call('groups.resetOffsets', { groupId: group, topic, to: 'latest' });
  }, 120_000);

  afterAll(async () => {
    for (const g of [group, busy]) await app.call('groups.delete', { groupId: g }).catch(() => undefined);
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  it('resets to a date and time: the first message at or after it, as the tool plans it', async () => {
    const reset = await app.call('groups.resetOffsets', { groupId: group, topic, to: { timestamp: between } });
    expect(reset).toEqual([0, 1, 2].map((partition) => ({ partition, offset: 5 })));
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '5'],
      [1, '5'],
      [2, '5'],
    ]);
    // Kafka's own plan for the same instant (a dry run changes nothing).
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
    expect(planned.sort((a, b) => a.partition - b.partition)).toEqual(reset);
  });

  it('resets to an offset per partition, moving one past the end to the end as the tool does', async () => {
    const reset = await app.call('groups.resetOffsets', {
      groupId: group,
      topic,
      to: {
        offsets: [
          { partition: 0, offset: 2 },
          { partition: 2, offset: 500 },
        ],
      },
    });
    expect(reset).toEqual([
      { partition: 0, offset: 2 },
      { partition: 2, offset: 10 },
    ]);
    const after = groupOffsets(group);
    expect([after.get(0), after.get(1), after.get(2)]).toEqual(['2', '5', '10']);
    expect(
      await app.callError('groups.resetOffsets', { groupId: group, topic, to: { offsets: [{ partition: 9, offset: 0 }] } }),
    ).toMatchObject({ code: 'invalid_input' });
  });

  it('refuses to delete a group with a member, then deletes it once empty', async () => {
    const kafka = new Kafka({ clientId: 'kcc-test', brokers: [bootstrap()], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: busy, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    try {
      await expect.poll(async () => (await app.call('groups.describe', { groupId: busy })).members.length, { timeout: 30_000 }).toBe(1);
      const refused = await app.callError('groups.delete', { groupId: busy });
      expect(refused.code).toBe('conflict');
      expect(refused.message).toMatch(/1 active member.*only an empty group can be deleted/);
      expect(listGroups()).toContain(busy);
    } finally {
      await consumer.disconnect();
    }
    await expect.poll(async () => (await app.call('groups.describe', { groupId: busy })).members.length, { timeout: 30_000 }).toBe(0);
    expect(await app.call('groups.delete', { groupId: busy })).toEqual({ groupId: busy });
    expect(listGroups()).not.toContain(busy);
  });

  it('deletes an empty group with its offsets, and says when a group does not exist', async () => {
    expect(listGroups()).toContain(group);
    await app.call('groups.delete', { groupId: group });
    expect(listGroups()).not.toContain(group);
    expect(await app.callError('groups.delete', { groupId: group })).toMatchObject({ code: 'not_found' });
  });
});
