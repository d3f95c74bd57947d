import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { describeTopic, kafkaTool } from './kafka-tools';

/** `kafka-configs.sh --describe` of one entity: the dynamic overrides it lists, name → value. */
function describedOverrides(entityType: 'topics' | 'brokers', entity: string): Map<string, string> {
  const args = ['--describe', '--entity-type', entityType, ...(entity === '' ? ['--entity-default'] : ['--entity-name', entity])];
  const out = kafkaTool('kafka-configs.sh', args);
  const found = new Map<string, string>();
  // Lines look like "  retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000, …}".
  for (const m of out.matchAll(/^\s+([\w.]+)=(\S*) sensitive=/gm)) if (m[1]) found.set(m[1], m[2] ?? '');
  return found;
}

describe('config editing against the sandbox (kafka-configs.sh as the oracle)', () => {
  let app: AppHarness;
  const topic = `kcc-configs-${Date.now()}`;
  const created = `kcc-configs-new-${Date.now()}`;
  const brokerId = 1;
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 2 });
  });
  afterAll(async () => {
    // Whatever a failed test left on the broker goes; the topics go with their configs.
    await app.call('brokers.alterConfigs', { brokerId, remove: ['message.max.bytes'] }).catch(() => undefined);
    await app.call('brokers.alterConfigs', { brokerId: 'cluster-default', remove: ['message.max.bytes'] }).catch(() => undefined);
    for (const name of [topic, created]) await app.call('topics.delete', { name, confirm: name }).catch(() => undefined);
    await app.dispose();
  });

  it('reads configs after a topic the app looked at was deleted by another tool', async () => {
    const other = `kcc-configs-gone-${Date.now()}`;
    kafkaTool('kafka-topics.sh', ['--create', '--topic', other, '--partitions', '1', '--replication-factor', '1']);
    // The Topic view's produce rate: the app's Kafka client now asks about this topic in every metadata request.
    await expect
      .poll(async () => (await app.call('topics.endOffset', { name: other }).catch(() => undefined))?.endOffset, { timeout: 20_000 })
      .toBe(0);
    kafkaTool('kafka-topics.sh', ['--delete', '--topic', other]);
    await expect.poll(() => kafkaTool('kafka-topics.sh', ['--list']).split('\n').includes(other), { timeout: 30_000 }).toBe(false);
    const configs = await app.call('topics.configs', { name: topic });
    expect(configs.find((c) => c.name === 'retention.ms')).toBeDefined();
    expect((await app.call('brokers.configs', { brokerId })).length).toBeGreaterThan(100);
  });

  it('sets a topic override, shows where it comes from, and removes it again', async () => {
    const after = await app.call('topics.alterConfigs', { name: topic, set: { 'retention.ms': '7200000' } });
    expect(after.find((c) => c.name === 'retention.ms')).toMatchObject({
      value: '7200000',
      isDefault: false,
      source: 'DYNAMIC_TOPIC_CONFIG',
    });
    // The chain names what the override hides: the broker's log.retention.* value.
    expect(after.find((c) => c.name === 'retention.ms')?.synonyms[0]).toMatchObject({ source: 'DYNAMIC_TOPIC_CONFIG', value: '7200000' });
    expect(describedOverrides('topics', topic).get('retention.ms')).toBe('7200000');

    const reverted = await app.call('topics.alterConfigs', { name: topic, remove: ['retention.ms'] });
    expect(reverted.find((c) => c.name === 'retention.ms')?.source).not.toBe('DYNAMIC_TOPIC_CONFIG');
    expect(describedOverrides('topics', topic).has('retention.ms')).toBe(false);
  });

  it('keeps other topic overrides when one changes', async () => {
    await app.call('topics.alterConfigs', { name: topic, set: { 'cleanup.policy': 'compact', 'segment.ms': '600000' } });
    await app.call('topics.alterConfigs', { name: topic, remove: ['segment.ms'] });
    const described = describedOverrides('topics', topic);
    expect(described.get('cleanup.policy')).toBe('compact');
    expect(described.has('segment.ms')).toBe(false);
    await app.call('topics.alterConfigs', { name: topic, remove: ['cleanup.policy'] });
  });

  it('refuses a bad topic value with the broker’s reason under the config’s name, and changes nothing', async () => {
    const err = await app.callError('topics.alterConfigs', { name: topic, set: { 'retention.ms': 'soon', 'segment.ms': '600000' } });
    expect(err.code).toBe('invalid_input');
    expect(err.field).toBe('retention.ms');
    const reasons = err.details?.configErrors as Record<string, string> | undefined;
    expect(reasons?.['retention.ms']).toMatch(/soon/);
    expect(reasons?.['segment.ms']).toBeUndefined();
    const described = describedOverrides('topics', topic);
    expect(described.has('retention.ms')).toBe(false);
    expect(described.has('segment.ms')).toBe(false);
  });

  it('validates only, without applying, when asked', async () => {
    await app.call('topics.alterConfigs', { name: topic, set: { 'segment.ms': '600000' }, validateOnly: true });
    expect(describedOverrides('topics', topic).has('segment.ms')).toBe(false);
  });

  it('sets a per-broker dynamic config, shows its source, and reverts it', async () => {
    const before = (await app.call('brokers.configs', { brokerId })).find((c) => c.name === 'message.max.bytes');
    expect(before?.readOnly).toBe(false);
    await app.call('brokers.alterConfigs', { brokerId, set: { 'message.max.bytes': '1048700' } });
    expect(describedOverrides('brokers', String(brokerId)).get('message.max.bytes')).toBe('1048700');
    const after = (await app.call('brokers.configs', { brokerId })).find((c) => c.name === 'message.max.bytes');
    expect(after).toMatchObject({ value: '1048700', source: 'DYNAMIC_BROKER_CONFIG' });
    expect(after?.synonyms.map((s) => s.source)).toContain('DEFAULT_CONFIG');

    await app.call('brokers.alterConfigs', { brokerId, remove: ['message.max.bytes'] });
    expect(describedOverrides('brokers', String(brokerId)).has('message.max.bytes')).toBe(false);
    expect((await app.call('brokers.configs', { brokerId })).find((c) => c.name === 'message.max.bytes')?.value).toBe(before?.value);
  });

  it('sets a cluster-wide broker default that every broker shows, and removes it', async () => {
    await app.call('brokers.alterConfigs', { brokerId: 'cluster-default', set: { 'message.max.bytes': '1048701' } });
    try {
      expect(describedOverrides('brokers', '').get('message.max.bytes')).toBe('1048701');
      for (const id of [0, brokerId]) {
        const seen = (await app.call('brokers.configs', { brokerId: id })).find((c) => c.name === 'message.max.bytes');
        expect(seen).toMatchObject({ value: '1048701', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' });
      }
    } finally {
      await app.call('brokers.alterConfigs', { brokerId: 'cluster-default', remove: ['message.max.bytes'] });
    }
    expect(describedOverrides('brokers', '').has('message.max.bytes')).toBe(false);
    expect((await app.call('brokers.configs', { brokerId })).find((c) => c.name === 'message.max.bytes')?.source).toBe('DEFAULT_CONFIG');
  });

  it('refuses a bad broker value and a read-only broker config with the broker’s reason', async () => {
    const bad = await app.callError('brokers.alterConfigs', { brokerId, set: { 'message.max.bytes': 'big' } });
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'message.max.bytes' });
    expect(bad.message).toMatch(/big/);
    const readOnly = (await app.call('brokers.configs', { brokerId })).find((c) => c.name === 'zookeeper.connect');
    expect(readOnly?.readOnly).toBe(true);
    const ro = await app.callError('brokers.alterConfigs', { brokerId, set: { 'zookeeper.connect': 'x:2181' } });
    expect(ro).toMatchObject({ code: 'invalid_input', field: 'zookeeper.connect' });
    expect(describedOverrides('brokers', String(brokerId)).has('message.max.bytes')).toBe(false);
    expect(describedOverrides('brokers', String(brokerId)).has('zookeeper.connect')).toBe(false);
  });

  it('creates a topic with configs; kafka-configs and kafka-topics agree; a bad config creates nothing', async () => {
    const bad = await app.callError('topics.create', {
      name: created,
      partitions: 2,
      replicationFactor: 2,
      configs: { 'cleanup.policy': 'shred', 'retention.ms': '3600000' },
    });
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'cleanup.policy' });
    expect(bad.message).toMatch(/shred/);
    expect(kafkaTool('kafka-topics.sh', ['--list'])).not.toContain(created);

    await app.call('topics.create', {
      name: created,
      partitions: 2,
      replicationFactor: 2,
      configs: { 'retention.ms': '3600000', 'cleanup.policy': 'compact', 'min.insync.replicas': '2' },
    });
    const described = describedOverrides('topics', created);
    expect(Object.fromEntries(described)).toMatchObject({
      'retention.ms': '3600000',
      'cleanup.policy': 'compact',
      'min.insync.replicas': '2',
    });
    expect(describeTopic(created).partitionCount).toBe(2);
    expect(kafkaTool('kafka-topics.sh', ['--describe', '--topic', created])).toMatch(/Configs:.*min\.insync\.replicas=2/);
  });
});
