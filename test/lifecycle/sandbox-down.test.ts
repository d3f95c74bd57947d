import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sandboxDown, sandboxProcesses, sandboxStatus, sandboxUp } from '../../sandbox/index';

/**
 * Runs last: tears the sandbox down and checks, with oracles independent of
 * the sandbox code (/proc, pgrep, plain TCP connects), that nothing is left.
 */

/** Alive means present in /proc and not a zombie (an unreaped corpse holds no port). */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2000);
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** pgrep -f exit status: 0 when some process's command line matches. */
function pgrep(pattern: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('pgrep', ['-f', '--', pattern], (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout });
    });
  });
}

// Four sshd hosts, the ZooKeeper ensemble, four brokers, Connect, HDFS (RPC and WebHDFS, on localhost) and the two
// Flume agents' monitoring ports.
const SANDBOX_PORTS = [
  ['127.0.0.2', 2222],
  ['127.0.0.3', 2222],
  ['127.0.0.4', 2222],
  ['127.0.0.5', 2222],
  ['127.0.0.3', 2181],
  ['127.0.0.4', 2181],
  ['127.0.0.2', 2181],
  ['127.0.0.3', 9092],
  ['127.0.0.3', 9093],
  ['127.0.0.4', 9092],
  ['127.0.0.2', 9092],
  ['127.0.0.5', 8083],
  ['127.0.0.1', 19000],
  ['127.0.0.1', 9870],
  ['127.0.0.5', 31414],
  ['127.0.0.5', 31415],
] as const;

describe('sandbox down', () => {
  it('stops every sandbox process by pid and leaves no sandbox port accepting connections', async () => {
    await sandboxUp();
    const before = await sandboxStatus();
    expect(before).toHaveLength(15);
    const pids = before.map((s) => s.pid);
    for (const s of before) {
      expect(s.pid, `${s.hostId}/${s.serviceId}`).toBeDefined();
      expect(s.state).toBe('running');
    }
    for (const [host, port] of SANDBOX_PORTS) expect(await accepts(host, port), `${host}:${port} before down`).toBe(true);
    // The config paths that identify each process on its command line.
    const markers = sandboxProcesses().map((p) => p.marker);
    for (const m of markers) expect((await pgrep(m)).code, `pgrep -f ${m} before down`).toBe(0);

    const result = await sandboxDown();
    expect(result.stopped.map((s) => s.pid).sort()).toEqual([...pids].sort());
    expect(result.stillListening).toEqual([]);

    for (const pid of pids) expect(await alive(pid!), `pid ${pid} after down`).toBe(false);
    for (const [host, port] of SANDBOX_PORTS) expect(await accepts(host, port), `${host}:${port} after down`).toBe(false);
    for (const m of markers) {
      const left = await pgrep(m);
      expect(left.code, `pgrep -f ${m} after down: ${left.stdout}`).toBe(1);
    }
    const after = await sandboxStatus();
    expect(after.every((s) => s.pid === undefined && s.state === 'down' && !s.listening)).toBe(true);
  });
});
