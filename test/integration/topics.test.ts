import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

interface KcatMetadata {
  topics: Array<{ topic: string; partitions: Array<{ partition: number; replicas: Array<{ id: number }> }> }>;
}

function kcatMetadata(): KcatMetadata {
  return JSON.parse(execFileSync('kcat', ['-L', '-J', '-b', '127.0.0.3:9092'], { encoding: 'utf8', timeout: 30_000 })) as KcatMetadata;
}

describe('topic administration against the sandbox (kcat as the oracle)', () => {
  let app: AppHarness;
  const name = `kcc-topic-${Date.now()}`;
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
  });
  afterAll(() => app.dispose());

  it('creates a topic with partitions, replication factor and a config override', async () => {
    await app.call('topics.create', { name, partitions: 4, replicationFactor: 2, configs: { 'retention.ms': '3600000' } });
    // The broker kcat asks may learn of the new topic a moment after the controller answered the create.
    let t = kcatMetadata().topics.find((x) => x.topic === name);
    for (let i = 0; i < 20 && t?.partitions.length !== 4; i++) {
      await new Promise((r) => setTimeout(r, 500));
      t = kcatMetadata().topics.find((x) => x.topic === name);
    }
    expect(t?.partitions).toHaveLength(4);
    for (const p of t?.partitions ?? []) expect(p.replicas).toHaveLength(2);
    const configs = await app.call('topics.configs', { name });
    expect(configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '3600000', isDefault: false });
    expect(configs.find((c) => c.name === 'cleanup.policy')).toMatchObject({ value: 'delete', isDefault: true });
    await expect
      .poll(async () => (await app.call('cluster.state', {})).topics.find((x) => x.name === name)?.partitions, { timeout: 10_000 })
      .toBe(4);
    expect(await app.callError('topics.create', { name, partitions: 1, replicationFactor: 1 })).toMatchObject({ code: 'conflict' });
  });

  it('changes one config override and keeps the others; Kafka’s own config tool agrees', async () => {
    const after = await app.call('topics.alterConfigs', { name, set: { 'cleanup.policy': 'compact', 'segment.ms': '600000' } });
    const overrides = Object.fromEntries(after.filter((c) => !c.isDefault).map((c) => [c.name, c.value]));
    expect(overrides).toMatchObject({ 'retention.ms': '3600000', 'cleanup.policy': 'compact', 'segment.ms': '600000' });
    const removed = await app.call('topics.alterConfigs', { name, remove: ['segment.ms'] });
    expect(removed.find((c) => c.name === 'segment.ms')?.isDefault).toBe(true);
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: Array<{ id: string; installDir: string }> };
    const home = profile.services.find((s) => s.id === 'broker-0')?.installDir ?? '';
    const described = execFileSync(
      `${home}/bin/kafka-configs.sh`,
      ['--bootstrap-server', '127.0.0.3:9092', '--entity-type', 'topics', '--entity-name', name, '--describe'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(described).toContain('retention.ms=3600000');
    expect(described).toContain('cleanup.policy=compact');
    expect(described).not.toContain('segment.ms=');
  });

  it('reads a broker’s running configuration', async () => {
    const configs = await app.call('brokers.configs', { brokerId: 2 });
    const value = (n: string) => configs.find((c) => c.name === n)?.value;
    expect(value('broker.id')).toBe('2');
    expect(value('advertised.listeners')).toBe('PLAINTEXT://127.0.0.4:9092');
    expect(value('min.insync.replicas')).toBe('2');
  });

  it('refuses bad names, partition counts and replication factors before sending anything', async () => {
    const before = kcatMetadata().topics.length;
    for (const bad of ['', '..', 'x'.repeat(250), 'a/b', 'with space', 'x;rm -rf /']) {
      expect(await app.callError('topics.create', { name: bad, partitions: 1, replicationFactor: 1 }), JSON.stringify(bad)).toMatchObject({
        code: 'invalid_input',
        field: 'name',
      });
    }
    expect(await app.callError('topics.create', { name: `${name}-p`, partitions: 0, replicationFactor: 1 })).toMatchObject({
      code: 'invalid_input',
      field: 'partitions',
    });
    const rf = await app.callError('topics.create', { name: `${name}-rf`, partitions: 1, replicationFactor: 5 });
    expect(rf).toMatchObject({ code: 'invalid_input', field: 'replicationFactor' });
    expect(rf.message).toContain('4 are registered');
    expect(kcatMetadata().topics.length).toBe(before);
  });

  it('refuses a name that collides with an existing one on "." versus "_"', async () => {
    const underscored = `kcc_collide_${Date.now()}`;
    await app.call('topics.create', { name: underscored, partitions: 1, replicationFactor: 1 });
    await expect
      .poll(async () => (await app.call('cluster.state', {})).topics.some((t) => t.name === underscored), { timeout: 10_000 })
      .toBe(true);
    const clash = await app.callError('topics.create', { name: underscored.replace(/_/g, '.'), partitions: 1, replicationFactor: 1 });
    expect(clash).toMatchObject({ code: 'conflict', field: 'name' });
    expect(clash.message).toContain(underscored);
    await app.call('topics.delete', { name: underscored, confirm: underscored });
  });

  it('deletes a topic only when the name is typed again', async () => {
    expect(await app.callError('topics.delete', { name, confirm: 'yes' })).toMatchObject({ code: 'invalid_input', field: 'confirm' });
    expect(kcatMetadata().topics.some((t) => t.topic === name)).toBe(true);
    await app.call('topics.delete', { name, confirm: name });
    await expect
      .poll(async () => (await app.call('cluster.state', {})).topics.some((t) => t.name === name), { timeout: 20_000 })
      .toBe(false);
    await expect.poll(() => kcatMetadata().topics.some((t) => t.topic === name), { timeout: 20_000 }).toBe(false);
  });
});
