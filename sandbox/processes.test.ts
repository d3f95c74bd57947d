import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine, isOurProcess, parsePid, parseProcStat, procState, terminate } from './processes';

describe('parsePid', () => {
  it('accepts a positive integer with surrounding whitespace only', () => {
    expect(parsePid('1234\n')).toBe(1234);
    expect(parsePid('')).toBeUndefined();
    expect(parsePid('0')).toBeUndefined();
    expect(parsePid('12 34')).toBeUndefined();
    expect(parsePid('-5')).toBeUndefined();
  });
});

describe('parseProcStat', () => {
  it('reads state and ppid after the last parenthesis, whatever the command name holds', () => {
    expect(parseProcStat('42 (java) S 1 42 42 0')).toEqual({ state: 'S', ppid: 1 });
    expect(parseProcStat('42 (a) b) (c) T 7 42')).toEqual({ state: 'T', ppid: 7 });
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

function spawnDetached(script: string): number {
  const child = spawn('bash', ['-c', script, 'kcc-test-marker'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('spawn failed');
  return child.pid;
}

describe('process control by pid', () => {
  it('knows a live process by its command-line marker and nothing else', async () => {
    const pid = spawnDetached('sleep 30');
    try {
      expect(await procState(pid)).toBe('running');
      // Right after spawn, bash may still be exec'ing sleep: /proc/<pid>/cmdline is briefly empty.
      await expect.poll(() => commandLine(pid), { timeout: 2_000 }).toContain('sleep 30');
      expect(await isOurProcess(pid, 'sleep 30')).toBe(true);
      expect(await isOurProcess(pid, '/some/other/config.properties')).toBe(false);
    } finally {
      await terminate(pid, 2000);
    }
  });

  it('ends a process with SIGTERM when it obeys', async () => {
    const pid = spawnDetached('sleep 30');
    expect((await terminate(pid, 5000)).how).toBe('term');
    expect(await isOurProcess(pid, 'sleep')).toBe(false);
  });

  it('falls back to SIGKILL when SIGTERM is ignored past the grace period', async () => {
    const pid = spawnDetached('trap "" TERM; while :; do sleep 0.1; done');
    await new Promise((r) => setTimeout(r, 200)); // let bash install the trap
    const started = Date.now();
    expect((await terminate(pid, 500)).how).toBe('kill');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('resumes a stopped process before asking it to terminate', async () => {
    const pid = spawnDetached('sleep 30');
    process.kill(pid, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 100));
    expect(await procState(pid)).toBe('stopped');
    expect((await terminate(pid, 5000)).how).toBe('term');
  });
});
