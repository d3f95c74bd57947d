import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ClusterDelta, ClusterState } from '../../src-main/zookeeper/schemas';
import { applyClusterDelta } from '../../src-renderer/cluster-delta';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

function kafkaTopics(args: string[]): string {
  const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: Array<{ id: string; installDir: string }> };
  const home = profile.services.find((s) => s.id === 'broker-0')?.installDir ?? '';
  return execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', '127.0.0.3:9092', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * The renderer's side of the delta protocol, run against the real watch: start from one `cluster.state`, apply every
 * `cluster.changed` delta as the renderer does (fetching the whole state only when one does not apply), and end with
 * the same picture as a fresh `cluster.state` and as Kafka's own topic tool.
 */
describe('cluster deltas', () => {
  let app: AppHarness;
  const deltas: ClusterDelta[] = [];
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
    app.core.events.subscribe((e) => {
      if (e.name === 'cluster.changed') deltas.push(e.payload);
    });
  });
  afterAll(() => app.dispose());

  it('carries only the topics that changed, and replaying them gives the state Kafka describes', async () => {
    let local: ClusterState = await app.call('cluster.state', {});
    expect(local.zookeeper.state).toBe('connected');
    const stamp = Date.now().toString(36);
    const names = [`delta-${stamp}-a`, `delta-${stamp}-b`, `delta-${stamp}-c`];
    deltas.length = 0;
    let refetches = 0;
    let applied = 0;
    const replay = async (): Promise<void> => {
      for (const d of deltas.splice(0)) {
        if (d.revision <= local.revision) continue;
        const next = applyClusterDelta(local, d);
        if (next) {
          local = next;
          applied++;
        } else {
          local = await app.call('cluster.state', {});
          refetches++;
        }
      }
    };
    await app.call('topics.create', { name: names[0] ?? '', partitions: 3, replicationFactor: 2, configs: {} });
    kafkaTopics(['--create', '--topic', names[1] ?? '', '--partitions', '1', '--replication-factor', '1']);
    kafkaTopics(['--create', '--topic', names[2] ?? '', '--partitions', '2', '--replication-factor', '3']);
    await expect
      .poll(
        async () => {
          await replay();
          return names.every((n) => local.topics.some((t) => t.name === n));
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
    kafkaTopics(['--delete', '--topic', names[1] ?? '']);
    await expect
      .poll(
        async () => {
          await replay();
          return local.topics.some((t) => t.name === names[1]);
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(false);
    // Settle: no delta for a while, then the replayed picture equals a fresh one.
    await new Promise((r) => setTimeout(r, 1_000));
    await replay();
    const fresh = await app.call('cluster.state', {});
    expect(local.revision).toBe(fresh.revision);
    expect(local.topics).toEqual(fresh.topics);
    expect(local.totals).toEqual(fresh.totals);
    // The server keeps its totals as topics change instead of summing them again: they still add up over the rows.
    const sum = (f: (t: (typeof fresh.topics)[number]) => number) => fresh.topics.reduce((n, t) => n + f(t), 0);
    expect(fresh.totals).toEqual({
      topics: fresh.topics.length,
      partitions: sum((t) => t.partitions),
      underReplicated: sum((t) => t.underReplicated),
      offline: sum((t) => t.offline),
      nonPreferredLeader: sum((t) => t.nonPreferredLeader),
    });
    expect(applied).toBeGreaterThan(0);
    expect(refetches).toBe(0);
    const oracle = kafkaTopics(['--list']).split('\n').filter(Boolean).sort();
    expect(local.topics.map((t) => t.name).sort()).toEqual(oracle);
    const created = local.topics.find((t) => t.name === names[2]);
    expect(created).toMatchObject({ partitions: 2, replicationFactor: 3 });
    await app.call('topics.delete', { name: names[0] ?? '', confirm: names[0] ?? '' });
    kafkaTopics(['--delete', '--topic', names[2] ?? '']);
  });

  it('sends no topic that did not change', async () => {
    const before = await app.call('cluster.state', {});
    deltas.length = 0;
    const name = `delta-${Date.now().toString(36)}-one`;
    kafkaTopics(['--create', '--topic', name, '--partitions', '1', '--replication-factor', '1']);
    await expect.poll(() => deltas.some((d) => d.topics.some((t) => t.name === name)), { timeout: 20_000, interval: 100 }).toBe(true);
    const carried = new Set(deltas.flatMap((d) => d.topics.map((t) => t.name)));
    expect(carried.has(name)).toBe(true);
    // Other suites may change topics meanwhile; a topic carried must have changed: absent before, or different now.
    const after = await app.call('cluster.state', {});
    const was = new Map(before.topics.map((t) => [t.name, JSON.stringify(t)]));
    const now = new Map(after.topics.map((t) => [t.name, JSON.stringify(t)]));
    const unchanged = [...carried].filter((t) => t !== name && was.has(t) && was.get(t) === now.get(t));
    expect(unchanged).toEqual([]);
    expect(carried.size).toBeLessThan(before.topics.length);
    expect(deltas.every((d) => !d.reset)).toBe(true);
    expect(before.topics.length).toBeGreaterThan(1);
    kafkaTopics(['--delete', '--topic', name]);
  });

  it('keeps up with topics created and deleted one after another, without piling up ZooKeeper watches', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(`${w.name}: ${w.message}`);
    };
    process.on('warning', onWarning);
    const admin = new Kafka({ brokers: ['127.0.0.3:9092'], clientId: 'kcc-test-churn', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await app.call('cluster.state', {});
      const names = Array.from({ length: 12 }, (_, i) => `churn-${Date.now().toString(36)}-${i}`);
      await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })) });
      // One at a time: each deletion adds and removes a child of /admin/delete_topics, firing its watch twice.
      for (const topic of names) {
        await admin.deleteTopics({ topics: [topic] });
        await expect
          .poll(async () => (await app.call('cluster.state', {})).topics.some((t) => t.name === topic), { timeout: 20_000 })
          .toBe(false);
      }
      await new Promise((r) => setTimeout(r, 500));
      expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await admin.disconnect();
    }
  });
});
