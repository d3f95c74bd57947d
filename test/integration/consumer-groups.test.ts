import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

const bootstrap = '127.0.0.3:9092';

/** Kafka's own ConsumerGroupCommand as the oracle: partition → [current offset, log end, lag]. */
function describeWithKafkaTools(group: string): Map<number, [string, string, string]> {
  const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: Array<{ id: string; installDir: string }> };
  const home = profile.services.find((s) => s.id === 'broker-0')?.installDir ?? '';
  const out = execFileSync(`${home}/bin/kafka-consumer-groups.sh`, ['--bootstrap-server', bootstrap, '--describe', '--group', group], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const rows = new Map<number, [string, string, string]>();
  for (const line of out.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== group || f.length < 6) continue;
    rows.set(Number(f[2]), [f[3] ?? '', f[4] ?? '', f[5] ?? '']);
  }
  return rows;
}

describe('consumer groups and lag (ConsumerGroupCommand as the oracle)', () => {
  let app: AppHarness;
  const topic = `kcc-lag-${Date.now()}`;
  const group = `kcc-lag-group-${Date.now()}`;
  const kafka = new Kafka({ clientId: 'kcc-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 3, replicationFactor: 3 });
    // 10 messages into each partition, with kcat.
    for (const p of [0, 1, 2]) {
      execFileSync('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', String(p)], {
        input: Array.from({ length: 10 }, (_, i) => `m${p}-${i}`).join('\n') + '\n',
        timeout: 30_000,
      });
    }
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [
        { partition: 0, offset: '4' },
        { partition: 1, offset: '10' },
        { partition: 2, offset: '0' },
      ],
    });
    await admin.disconnect();
  });
  afterAll(() => app.dispose());

  it('reports committed offsets, log ends and lag exactly as Kafka’s tool does', async () => {
    const detail = await app.call('groups.describe', { groupId: group });
    expect(detail.offsets.map((o) => [o.partition, o.committed, o.logEnd, o.lag])).toEqual([
      [0, 4, 10, 6],
      [1, 10, 10, 0],
      [2, 0, 10, 10],
    ]);
    expect(detail.totalLag).toBe(16);
    const oracle = describeWithKafkaTools(group);
    for (const o of detail.offsets)
      expect(oracle.get(o.partition), `partition ${o.partition}`).toEqual([String(o.committed), String(o.logEnd), String(o.lag)]);
    const list = await app.call('groups.list', {});
    expect(list.find((g) => g.groupId === group)).toMatchObject({ state: 'Empty', members: 0 });
  });

  it('resets an empty group to earliest, and refuses while a consumer is in it', async () => {
    const reset = await app.call('groups.resetOffsets', { groupId: group, topic, to: 'earliest' });
    expect(reset).toEqual([0, 1, 2].map((partition) => ({ partition, offset: 0 })));
    for (const [, row] of describeWithKafkaTools(group)) expect(row).toEqual(['0', '10', '10']);

    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    let seen = 0;
    await consumer.run({ autoCommit: false, eachMessage: async () => void seen++ });
    try {
      await expect.poll(async () => (await app.call('groups.describe', { groupId: group })).members.length, { timeout: 20_000 }).toBe(1);
      const d = await app.call('groups.describe', { groupId: group });
      expect(d.state).toBe('Stable');
      expect(d.members[0]?.assignment).toEqual([{ topic, partitions: [0, 1, 2] }]);
      expect(await app.callError('groups.resetOffsets', { groupId: group, topic, to: 'latest' })).toMatchObject({ code: 'conflict' });
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toBeGreaterThan(0);
  });
});
