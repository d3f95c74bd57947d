import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppHarness, profileVariant } from './app-harness';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/**
 * A process matching a ZooKeeper service's pattern that SIGKILL cannot remove: its parent never reaps it, so once
 * signalled it stays in the process table as a zombie (kill -0 still finds it). The sandbox hosts share this
 * machine's process table, so the app sees it on kafka-2.
 */
function unkillable(installDir: string, config: string): Promise<{ parent: ChildProcess; pid: number }> {
  const script = join(installDir, 'parent.py');
  writeFileSync(
    script,
    [
      'import os, sys, time',
      'pid = os.fork()',
      'if pid == 0:',
      "    os.execvp('python3', ['python3', '-c', 'import time; time.sleep(600)', os.environ['MAIN'], os.environ['CONFIG']])",
      'print(pid, flush=True)',
      'time.sleep(600)',
    ].join('\n'),
  );
  const parent = spawn('python3', [script], {
    env: { ...process.env, MAIN: 'org.apache.zookeeper.server.quorum.QuorumPeerMain', CONFIG: join(installDir, config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    parent.stdout?.once('data', (d: Buffer) => resolve({ parent, pid: Number(d.toString().trim()) }));
    parent.once('error', reject);
  });
}

describe('a stop that cannot stop', () => {
  it('ends failed, naming the process that survived SIGKILL', async () => {
    const installDir = mkdtempSync(join(tmpdir(), 'kcc-unkillable-'));
    const { parent, pid } = await unkillable(installDir, 'zombie.properties');
    cleanups.push(() => void parent.kill('SIGKILL'));
    const app = new AppHarness(
      profileVariant((p) =>
        p.services?.push({
          id: 'zk-stuck',
          kind: 'zookeeper',
          host: 'kafka-2',
          installDir,
          config: 'zombie.properties',
          clientAddress: '127.0.0.4:2998',
        }),
      ),
    );
    cleanups.push(() => app.dispose());
    const op = await app.call('services.stop', { service: 'zk-stuck', graceSeconds: 1 });
    expect(op.state).toBe('failed');
    expect(op.error?.code).toBe('remote_command_failed');
    expect(op.error?.message).toMatch(new RegExp(`still running.*${pid}`));
  });
});
