import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandboxUp } from '../../sandbox/index';
import { killService, sandboxProfilePath, stopService } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

/** Kafka's own TopicCommand from the sandbox jars, as the oracle: topic → partition → {leader, replicas, isr}. */
function describeWithKafkaTools(): Map<string, Map<number, { leader: number; replicas: number[]; isr: number[] }>> {
  const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: Array<{ id: string; installDir: string }> };
  const home = profile.services.find((s) => s.id === 'broker-0')?.installDir ?? '';
  const out = execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', '127.0.0.3:9092', '--describe'], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const topics = new Map<string, Map<number, { leader: number; replicas: number[]; isr: number[] }>>();
  for (const line of out.split('\n')) {
    const m = /Topic: (\S+)\s+Partition: (\d+)\s+Leader: (-?\d+|none)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]*)/.exec(line);
    if (!m) continue;
    const [, topic = '', p = '', leader = '', replicas = '', isr = ''] = m;
    const parts = topics.get(topic) ?? new Map();
    parts.set(Number(p), {
      leader: leader === 'none' ? -1 : Number(leader),
      replicas: replicas.split(',').map(Number),
      isr: isr.split(',').filter(Boolean).map(Number),
    });
    topics.set(topic, parts);
  }
  return topics;
}

describe('cluster state from ZooKeeper, live', () => {
  let app: AppHarness;
  const changes: number[] = [];
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
    app.core.events.subscribe((e) => {
      if (e.name === 'cluster.changed') changes.push(Date.now());
    });
  });
  afterAll(() => app.dispose());

  it('reports the same topics, partitions, leaders, replicas and ISR as Kafka’s own topic tool', async () => {
    const state = await app.call('cluster.state', {});
    expect(state.zookeeper.state).toBe('connected');
    expect(state.brokers.map((b) => [b.id, b.registered, b.inProfile])).toEqual([
      [0, true, true],
      [1, true, true],
      [2, true, true],
      [3, true, true],
    ]);
    expect(state.brokers.filter((b) => b.controller)).toHaveLength(1);
    // Compared until they agree (at most 30 s): right after another test restarted a broker, ISRs are still catching up.
    const differences = async (): Promise<string[]> => {
      const oracle = describeWithKafkaTools();
      const now = await app.call('cluster.state', {});
      const diffs: string[] = [];
      const names = now.topics.map((t) => t.name).sort();
      if (JSON.stringify(names) !== JSON.stringify([...oracle.keys()].sort()))
        diffs.push(`topics ${names.join(',')} vs ${[...oracle.keys()].sort().join(',')}`);
      for (const [topic, parts] of oracle) {
        const mine = await app.call('cluster.partitions', { topic });
        if (mine.length !== parts.size) diffs.push(`${topic}: ${mine.length} vs ${parts.size} partitions`);
        for (const p of mine) {
          const o = parts.get(p.partition);
          const a = JSON.stringify({ leader: p.leader, replicas: p.replicas, isr: [...p.isr].sort() });
          const b = JSON.stringify({ leader: o?.leader, replicas: o?.replicas, isr: [...(o?.isr ?? [])].sort() });
          if (a !== b) diffs.push(`${topic}-${p.partition}: ${a} vs ${b}`);
        }
      }
      return diffs;
    };
    await expect.poll(differences, { timeout: 30_000, interval: 1_000 }).toEqual([]);
  });

  it('shows a SIGKILLed broker absent, with shrunk ISRs and moved leaders, within the session timeout + 2 s', async () => {
    const before = await app.call('cluster.state', {});
    // Kill the broker that leads the most partitions, so leaders must move.
    const victim = [...before.brokers].sort((a, b) => b.leaderOf - a.leaderOf)[0];
    if (!victim?.serviceId) throw new Error('no broker to kill');
    expect(victim.leaderOf).toBeGreaterThan(0);
    const id = victim.id;
    const since = Date.now();
    changes.length = 0;
    await killService(victim.serviceId, 'SIGKILL');
    // Restored in finally: a failed expectation must not leave the broker down for the suites after this one.
    try {
      // The registration vanishes when the broker's 6 s session expires: the app must show it within 6 + 2 s.
      await expect
        .poll(async () => (await app.call('cluster.state', {})).brokers.find((b) => b.id === id)?.registered, {
          timeout: 8_000,
          interval: 200,
        })
        .toBe(false);
      expect(Date.now() - since).toBeLessThan(8_000);
      await expect.poll(() => changes.length, { timeout: 1_000 }).toBeGreaterThan(0);
      // Moving leaders and shrinking ISRs is the Kafka controller's work after that; its pace depends on the load.
      await expect
        .poll(
          async () => {
            const parts = await app.call('cluster.partitions', { topic: 'sandbox-check' });
            return parts.every((p) => !p.isr.includes(id) && p.leader !== id);
          },
          { timeout: 20_000, interval: 300 },
        )
        .toBe(true);
      const state = await app.call('cluster.state', {});
      expect(state.brokers.find((b) => b.id === id)).toMatchObject({ registered: false, inProfile: true, leaderOf: 0 });
      expect(state.totals.underReplicated).toBeGreaterThan(0);
    } finally {
      await sandboxUp();
    }
    await expect
      .poll(async () => (await app.call('cluster.state', {})).brokers.find((b) => b.id === id)?.registered, { timeout: 30_000 })
      .toBe(true);
  });

  it('stays connected when one ensemble member is killed, and shows that member down', async () => {
    const pid = await killService('zk-2', 'SIGKILL');
    try {
      expect(pid).toBeGreaterThan(0);
      await expect
        .poll(async () => (await app.call('services.status', { service: 'zk-2' }))[0]?.state, { timeout: 10_000, interval: 300 })
        .toBe('stopped');
      const members = await app.call('services.status', {});
      const zks = members.filter((m) => m.kind === 'zookeeper' && m.id !== 'zk-2');
      expect(zks.map((m) => m.role).sort()).toEqual(['follower', 'leader']);
      // Two of three still make a quorum: the watch stays connected and sees every broker.
      const state = await app.call('cluster.state', {});
      expect(state.zookeeper.state).toBe('connected');
      expect(state.brokers.filter((b) => b.registered).map((b) => b.id)).toEqual([0, 1, 2, 3]);
      await app.call('topics.create', { name: `kcc-it-quorum-${Date.now()}`, partitions: 1, replicationFactor: 3 });
    } finally {
      await sandboxUp();
    }
    const [back] = await app.call('services.status', { service: 'zk-2' });
    expect(back).toMatchObject({ state: 'running', healthy: true });
    expect(['leader', 'follower']).toContain(back?.role);
  });

  it('says since when ZooKeeper is unreachable, and recovers by itself when it is back', async () => {
    await Promise.all(['zk-1', 'zk-2', 'zk-3'].map((id) => stopService(id)));
    try {
      const stoppedAt = Date.now();
      await expect
        .poll(async () => (await app.call('cluster.state', {})).zookeeper.state, { timeout: 8_000, interval: 200 })
        .toBe('unreachable');
      expect(Date.now() - stoppedAt).toBeLessThan(8_000);
      const down = await app.call('cluster.state', {});
      expect(down.zookeeper.message).toMatch(/ZooKeeper/);
      expect(down.brokers.every((b) => !b.registered)).toBe(true);
    } finally {
      await sandboxUp();
    }
    await expect
      .poll(async () => (await app.call('cluster.state', {})).zookeeper.state, { timeout: 30_000, interval: 500 })
      .toBe('connected');
    await expect
      .poll(async () => (await app.call('cluster.state', {})).brokers.filter((b) => b.registered).length, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(4);
  });
});

describe('ZooKeeper browser', () => {
  it('reads a znode exactly as ZooKeeper’s own shell does', async () => {
    const app = new AppHarness(sandboxProfilePath());
    try {
      const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: Array<{ id: string; installDir: string }> };
      const home = profile.services.find((s) => s.id === 'zk-1')?.installDir ?? '';
      // Kafka lives under the ensemble's chroot; the app's paths are relative to it, as the brokers' are.
      const shell = execFileSync(`${home}/bin/zookeeper-shell.sh`, ['127.0.0.3:2181,127.0.0.4:2181/kafka', 'get', '/brokers/ids/0'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      const oracle = shell.split('\n').find((l) => l.startsWith('{'));
      const node = await app.call('zookeeper.node', { path: '/brokers/ids/0' });
      expect(node).toMatchObject({ encoding: 'utf8', data: oracle });
      expect(node.stat.ephemeralOwner).toMatch(/^0x[0-9a-f]+$/);
      const root = await app.call('zookeeper.node', {});
      expect(root.children).toEqual(expect.arrayContaining(['brokers', 'controller', 'config']));
      expect(await app.callError('zookeeper.node', { path: '/no/such/node' })).toMatchObject({ code: 'not_found' });
    } finally {
      await app.dispose();
    }
  });
});
