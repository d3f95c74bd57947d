import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { brokerCount, describeTopic, kafkaTool } from './kafka-tools';

/**
 * Adding partitions and preferred leader election, with kafka-topics.sh --describe and kafka-leader-election.sh as
 * the oracles. A partition is given a non-preferred leader without stopping any broker: a reassignment that only
 * reorders its replicas keeps the current leader, which is then no longer the first replica.
 */
describe('partitions: add and elect preferred leaders (Kafka’s tools as the oracle)', () => {
  let app: AppHarness;
  const stamp = Date.now();
  const grown = `kcc-grow-${stamp}`;
  const elect = `kcc-elect-${stamp}`;
  const replication = Math.min(3, brokerCount());

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: grown, partitions: 2, replicationFactor: replication });
    await app.call('topics.create', { name: elect, partitions: 2, replicationFactor: replication });
  }, 60_000);

  afterAll(async () => {
    for (const name of [grown, elect]) await app.call('topics.delete', { name, confirm: name }).catch(() => undefined);
    await app.dispose();
  });

  it('adds partitions, and only adds', async () => {
    expect(await app.call('topics.addPartitions', { name: grown, partitions: 5 })).toEqual({ name: grown, before: 2, partitions: 5 });
    expect(describeTopic(grown).partitionCount).toBe(5);
    for (const partitions of [5, 3]) {
      const refused = await app.callError('topics.addPartitions', { name: grown, partitions });
      expect(refused).toMatchObject({ code: 'invalid_input', field: 'partitions' });
      expect(refused.message).toContain('has 5 partition(s)');
    }
    expect(describeTopic(grown).partitionCount).toBe(5);
    expect(await app.callError('topics.addPartitions', { name: `${grown}-none`, partitions: 9 })).toMatchObject({ code: 'not_found' });
    // The ZooKeeper view follows (the new partitions get leaders a moment later).
    await expect
      .poll(async () => (await app.call('cluster.partitions', { topic: grown })).filter((p) => p.leader !== null).length, {
        timeout: 20_000,
      })
      .toBe(5);
  });

  it.skipIf(brokerCount() < 2)('moves a partition back to its preferred leader, as kafka-leader-election.sh would', async () => {
    const before = describeTopic(elect).partitions.find((p) => p.partition === 0);
    if (!before) throw new Error('no partition 0');
    // Same replicas, another first: the leader stays, the preferred replica changes.
    const reordered = [...before.replicas.filter((r) => r !== before.leader), before.leader];
    const file = join(mkdtempSync(join(tmpdir(), 'kcc-reorder-')), 'reassign.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic: elect, partition: 0, replicas: reordered }] }));
    kafkaTool('kafka-reassign-partitions.sh', ['--reassignment-json-file', file, '--execute']);
    await expect
      .poll(() => kafkaTool('kafka-reassign-partitions.sh', ['--reassignment-json-file', file, '--verify']), { timeout: 30_000 })
      .toMatch(/is completed/);
    const moved = describeTopic(elect).partitions.find((p) => p.partition === 0);
    expect(moved?.replicas).toEqual(reordered);
    expect(moved?.leader).toBe(before.leader);
    await expect
      .poll(async () => (await app.call('cluster.partitions', { topic: elect })).find((p) => p.partition === 0)?.preferredLeader, {
        timeout: 20_000,
      })
      .toBe(false);

    const result = await app.call('partitions.electPreferredLeaders', { topic: elect, partition: 0 });
    expect(result).toEqual({ elected: [{ topic: elect, partition: 0 }], alreadyPreferred: 0, failed: [] });
    // The controller answers once ZooKeeper has the new leader; brokers learn it a moment later (UpdateMetadata).
    const leaderOf = (partition: number) => () => describeTopic(elect).partitions.find((p) => p.partition === partition)?.leader;
    await expect.poll(leaderOf(0), { timeout: 10_000 }).toBe(reordered[0]);
    // Kafka's tool finds nothing left to do.
    expect(kafkaTool('kafka-leader-election.sh', ['--election-type', 'PREFERRED', '--topic', elect, '--partition', '0'])).toMatch(
      /Valid replica already elected for partitions/,
    );
    await expect
      .poll(async () => (await app.call('cluster.partitions', { topic: elect })).every((p) => p.preferredLeader), { timeout: 20_000 })
      .toBe(true);
    // The whole topic: nothing left to move.
    expect(await app.call('partitions.electPreferredLeaders', { topic: elect })).toEqual({ elected: [], alreadyPreferred: 2, failed: [] });

    // The whole cluster: partition 1 made non-preferred the same way is moved; Kafka leaves out what needed nothing.
    const p1 = describeTopic(elect).partitions.find((p) => p.partition === 1);
    if (!p1) throw new Error('no partition 1');
    const p1Order = [...p1.replicas.filter((r) => r !== p1.leader), p1.leader];
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic: elect, partition: 1, replicas: p1Order }] }));
    kafkaTool('kafka-reassign-partitions.sh', ['--reassignment-json-file', file, '--execute']);
    await expect
      .poll(() => kafkaTool('kafka-reassign-partitions.sh', ['--reassignment-json-file', file, '--verify']), { timeout: 30_000 })
      .toMatch(/is completed/);
    expect(describeTopic(elect).partitions.find((p) => p.partition === 1)?.leader).toBe(p1.leader);
    const all = await app.call('partitions.electPreferredLeaders', {});
    expect(all.elected).toContainEqual({ topic: elect, partition: 1 });
    expect(all.alreadyPreferred).toBeNull();
    expect(all.failed.filter((f) => f.topic === elect)).toEqual([]);
    await expect.poll(leaderOf(1), { timeout: 10_000 }).toBe(p1Order[0]);
  });

  it('names what does not exist', async () => {
    expect(await app.callError('partitions.electPreferredLeaders', { topic: elect, partition: 7 })).toMatchObject({ code: 'not_found' });
    expect(await app.callError('partitions.electPreferredLeaders', { topic: `${elect}-none` })).toMatchObject({ code: 'not_found' });
    expect(await app.callError('partitions.electPreferredLeaders', { partition: 0 })).toMatchObject({ code: 'invalid_input' });
  });
});
