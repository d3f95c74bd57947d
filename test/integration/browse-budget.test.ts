import { describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

describe('the browse byte budget', () => {
  it('counts header keys and values: records that are mostly headers stop the scan at the budget', async () => {
    const app = new AppHarness(sandboxProfilePath());
    const topic = `kcc-hdr-budget-${Date.now()}`;
    try {
      await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 3 });
      // Tiny keys and values, ~100 KB of headers each.
      const headers = Array.from({ length: 20 }, (_, i) => ({ key: `trace-${i}-${'k'.repeat(100)}`, value: 'v'.repeat(5 * 1024) }));
      for (let i = 0; i < 30; i++) await app.call('messages.produce', { topic, key: String(i), value: 'x', headers });
      const all = await app.call('messages.browse', { topic, limit: 100 });
      expect(all.messages).toHaveLength(30);
      const bounded = await app.call('messages.browse', { topic, limit: 100, maxBytes: 256 * 1024 });
      expect(bounded.stoppedBy).toBe('bytes');
      expect(bounded.messages.length).toBeGreaterThanOrEqual(2);
      expect(bounded.messages.length).toBeLessThanOrEqual(3);
    } finally {
      await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
      await app.dispose();
    }
  });
});
