import { readFileSync } from 'node:fs';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { profileSchema } from '../../src-main/profile/schemas';
import { ZkSession } from '../../src-main/zookeeper/zk-session';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

/**
 * One CreateTopics of many topics changes /brokers/topics once per topic. Each read of that list returns every name,
 * so the live state reads it once the burst has settled instead of once per topic; the topics still all arrive.
 */
describe('reads of the topic list during a burst of creations (real ZooKeeper and brokers)', () => {
  let app: AppHarness;
  let admin: Admin;
  const prefix = `kcc-it-burst-${Date.now()}`;
  const names = Array.from({ length: 12 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
    const profile = profileSchema.parse(parse(readFileSync(sandboxProfilePath(), 'utf8')));
    admin = new Admin({ clientId: 'kcc-it-burst', bootstrapBrokers: [...profile.kafka.bootstrap], timeout: 30_000 });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await admin.deleteTopics({ topics: names }).catch(() => undefined);
    await admin.close();
    await app.dispose();
  });

  it('shows all 12 topics of one CreateTopics after reading the list a few times, not once per topic', async () => {
    const before = await app.call('cluster.state', {});
    expect(before.zookeeper.state).toBe('connected');
    const listReads: number[] = [];
    const original = ZkSession.prototype.watchChildren;
    vi.spyOn(ZkSession.prototype, 'watchChildren').mockImplementation(function (this: ZkSession, path, onChange) {
      if (path === '/brokers/topics') listReads.push(Date.now());
      return original.call(this, path, onChange);
    });

    await admin.createTopics({ topics: names, partitions: 1, replicas: 1 });
    const deadline = Date.now() + 30_000;
    let shown: string[] = [];
    while (Date.now() < deadline) {
      const state = await app.call('cluster.state', {});
      shown = state.topics.map((t) => t.name).filter((n) => n.startsWith(prefix));
      if (shown.length === names.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Any read still due after the last topic arrived counts too.
    await new Promise((r) => setTimeout(r, 1_000));

    expect(shown.sort()).toEqual(names);
    expect(listReads.length).toBeGreaterThanOrEqual(1);
    // Before the wait, each of the 12 topics was a read of its own (9 reads over 0.5 s on a 10,000-topic sandbox).
    expect(listReads.length).toBeLessThanOrEqual(3);
  }, 60_000);
});
