import { describe, expect, it } from 'vitest';
import type { ExecOptions, ExecResult } from '../ssh/ssh-connection';
import type { SshPool } from '../ssh/ssh-pool';
import { RemotePerfRun, type RemotePerfPlan } from './remote-perf';
import type { RemotePerfSpec } from './schemas';

const spec = {
  tool: 'producer',
  topic: 't',
  hosts: ['good', 'bad'],
  records: 1000,
  recordSize: 100,
  throughput: 10,
  acks: 'all',
} as RemotePerfSpec;
const plans: RemotePerfPlan[] = [
  { host: 'good', argv: ['perf', 'good'], marker: 'kcc-perf-r1-good' },
  { host: 'bad', argv: ['perf', 'bad'], marker: 'kcc-perf-r1-bad' },
];

/** `good` runs until killed (pkill) or aborted; `bad` fails at once. */
function hosts() {
  const ran: Array<{ host: string; argv: ReadonlyArray<string> }> = [];
  let killGood: (() => void) | undefined;
  const pool = {
    exec: (host: string, argv: ReadonlyArray<string>, options: ExecOptions = {}): Promise<ExecResult> => {
      ran.push({ host, argv });
      if (argv[0] === 'pkill') {
        if (host === 'good') killGood?.();
        return Promise.resolve({ code: 0, stdout: '', stderr: '', durationMs: 1 });
      }
      if (host === 'bad') return Promise.resolve({ code: 127, stdout: '', stderr: 'perf: not found', durationMs: 1 });
      return new Promise((resolve) => {
        killGood = () => resolve({ code: 143, stdout: '', stderr: '', durationMs: 1 });
        options.signal?.addEventListener('abort', () => resolve({ code: null, signal: 'aborted', stdout: '', stderr: '', durationMs: 1 }));
      });
    },
  } as unknown as SshPool;
  return { pool, ran };
}

describe('RemotePerfRun', () => {
  it('when one host fails, kills the perf process on the others and fails with the first reason', async () => {
    const { pool, ran } = hosts();
    const run = new RemotePerfRun(pool, spec, plans, () => undefined);
    const outcome = await Promise.race([
      run.run().then(
        () => 'completed',
        (e: unknown) => e,
      ),
      new Promise((r) => setTimeout(() => r('still running'), 2000)),
    ]);
    expect(outcome).toMatchObject({
      error: { code: 'remote_command_failed', message: expect.stringMatching(/on bad exited with code 127/) },
    });
    expect(ran).toContainEqual({ host: 'good', argv: ['pkill', '-f', 'kcc-perf-r1-good'] });
  });
});
