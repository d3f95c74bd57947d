import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness, profileVariant } from './app-harness';
import { sandboxProfilePath } from '../setup/sandbox-fixture';

/** Perf processes of a run still alive on this machine (the sandbox hosts share its process table). */
function perfProcesses(runId: string): string[] {
  return execFileSync('sh', ['-c', 'pgrep -af -- "$1" | grep -v pgrep || true', 'sh', `kcc-perf-${runId}`], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('java'));
}

describe('remote perf runs across hosts', () => {
  const topic = `kcc-perf-abort-${Date.now()}`;
  let setup: AppHarness;
  beforeAll(async () => {
    setup = new AppHarness(sandboxProfilePath());
    await setup.call('topics.create', { name: topic, partitions: 3, replicationFactor: 3 });
  });
  afterAll(async () => {
    await setup.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await setup.dispose();
  });

  it('when one host fails, the others are stopped and their perf processes killed', async () => {
    // datalake-1's install is moved away in this profile: its perf tool cannot start.
    const app = new AppHarness(
      profileVariant((p) => {
        const worker = p.services?.find((s) => s.host === 'datalake-1');
        if (!worker) throw new Error('no service on datalake-1');
        worker.installDir = '/nonexistent/kafka';
      }),
    );
    try {
      // kafka-1's share runs for minutes at this throughput unless it is stopped.
      const run = await app.call('workloads.startRemote', {
        tool: 'producer',
        hosts: ['kafka-1', 'datalake-1'],
        topic,
        records: 400_000,
        recordSize: 100,
        throughput: 1_000,
      });
      const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 45 });
      if (ended.state === 'running') await app.call('workloads.stop', { id: run.id });
      expect(ended.state).toBe('failed');
      expect(ended.error).toMatch(/datalake-1/);
      let left = perfProcesses(run.id);
      for (let i = 0; i < 20 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        left = perfProcesses(run.id);
      }
      expect(left).toEqual([]);
    } finally {
      await app.dispose();
    }
  }, 120_000);
});
