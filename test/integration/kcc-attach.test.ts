import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src-main/core/app-core';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { sessionFilePath, writeSessionFile } from '../../src-main/web/session-file';
import type { WorkloadRun } from '../../src-main/api/contract';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { runKcc, startKcc } from '../support/kcc-process';

/**
 * `kcc --attach` against the app in web mode on the sandbox, kcc run as its own process (from source) the way a user
 * runs it in a terminal, Ctrl-C being a real SIGINT.
 */
describe('kcc --attach: the CLI calls a running app', () => {
  let core: AppCore;
  let server: WebServer;
  let stateHome: string;
  const profileDir = mkdtempSync(join(tmpdir(), 'kcc-attach-profiles-'));
  const topic = `kcc-attach-${Date.now()}`;
  /** kcc's environment: the saved session under a state dir of its own, no token in argv or environment. */
  const env = () => ({ XDG_STATE_HOME: stateHome, KCC_PROFILE_DIR: profileDir });

  async function call<T>(method: string, input: unknown): Promise<T> {
    const r = await core.router.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  }

  beforeAll(async () => {
    core = createAppCore({ mode: 'web', profileFile: sandboxProfilePath(), profileDir });
    server = await startWebServer({ router: core.router, events: core.events });
    stateHome = mkdtempSync(join(tmpdir(), 'kcc-attach-state-'));
    await writeSessionFile(sessionFilePath({ XDG_STATE_HOME: stateHome }), server);
    await call('topics.create', { name: topic, partitions: 3, replicationFactor: 3 });
  });
  afterAll(async () => {
    await call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await server?.close();
    await core?.dispose();
  });

  it('returns what the same call returns in-process, byte for byte', async () => {
    for (const [method, input] of [
      ['profile.get', '{}'],
      ['topics.configs', `{"name":"${topic}"}`],
      ['topics.configs', '{"name":"no-such-topic-here"}'],
    ] as const) {
      const attached = await runKcc(['--attach', method, input], env());
      const own = await runKcc([method, input, '--profile', sandboxProfilePath()], env());
      expect(attached.code, attached.stdout + attached.stderr).toBe(own.code);
      expect(attached.stdout).toBe(own.stdout);
      expect(attached.stdout.length).toBeGreaterThan(20);
    }
    // And it really went to the app: app.info names the web mode and the server's process.
    const info = await runKcc(['--attach', 'app.info'], env());
    expect(JSON.parse(info.stdout)).toMatchObject({ mode: 'web', pid: process.pid });
  });

  it('follows a broker log until Ctrl-C, and the follow ends in the app with the connection', async () => {
    // An unusual line count makes the remote `tail` easy to find among the host's processes (the sandbox's hosts are
    // sshd instances on this machine).
    const lines = 41;
    const tailProcesses = () =>
      execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.startsWith(`tail -n ${lines} -F `) && l.endsWith('broker-0/kafkaServer.out'));
    expect(tailProcesses()).toEqual([]);
    const kcc = startKcc(['--attach', 'logs.follow', JSON.stringify({ service: 'broker-0', lines })], env());
    const [, file, streamId] = await kcc.waitFor(/Following (\S+) on kafka-1 \(stream (\S+); Ctrl-C to stop\)/);
    // The last lines of the broker's real log (the file is on this machine), printed as they are.
    for (let i = 0; i < 100 && kcc.stdout().split('\n').length <= lines; i++) await new Promise((r) => setTimeout(r, 50));
    const printed = kcc
      .stdout()
      .split('\n')
      .filter((l) => l !== '');
    expect(printed.length).toBeGreaterThanOrEqual(lines);
    const log = readFileSync(file ?? '', 'utf8');
    for (const line of printed) expect(log).toContain(line);
    expect(printed.some((l) => /INFO|WARN/.test(l))).toBe(true);
    expect(tailProcesses()).toHaveLength(1);

    kcc.child.kill('SIGINT');
    expect(await kcc.exited).toBe(0);
    // The app ended the follow when kcc's connection closed: its stream is gone and so is the tail on the host.
    for (let i = 0; i < 100 && tailProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(tailProcesses()).toEqual([]);
    expect(await call('logs.unfollow', { streamId })).toEqual({ stopped: false });
  });

  it('runs a short producer load, printing its figures every second and its summary', async () => {
    const spec = { topic, durationSec: 3, throughput: 1000, value: { kind: 'random', size: 100 } };
    const r = await runKcc(['--attach', 'workloads.startProducer', JSON.stringify(spec)], env());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const progress = r.stderr.split('\n').filter((l) => /^\s+\d+\.\d s {2}\d+ records, [\d.]+ records\/sec \([\d.]+ MB\/sec\)/.test(l));
    expect(progress.length, r.stderr).toBeGreaterThanOrEqual(2);
    const run = JSON.parse(r.stdout) as WorkloadRun;
    expect(run.state).toBe('completed');
    expect(run.summary?.records).toBeGreaterThan(1000);
    expect(run.summary?.acked).toBe(run.summary?.records);
    // The summary line, in the perf tool's words, closes the progress.
    expect(r.stderr).toContain(run.summary?.text ?? 'no summary');
    expect(r.stderr.trimEnd().endsWith(run.summary?.text ?? '')).toBe(true);
  });

  it('stops the load it started on Ctrl-C and prints its summary', async () => {
    const kcc = startKcc(['--attach', 'workloads.startProducer', JSON.stringify({ topic, durationSec: 300, throughput: 200 })], env());
    const [, id] = await kcc.waitFor(/Started producer run (\S+):/);
    await kcc.waitFor(/records\/sec/);
    kcc.child.kill('SIGINT');
    expect(await kcc.exited, kcc.stderr()).toBe(0);
    const run = JSON.parse(kcc.stdout()) as WorkloadRun;
    expect(run).toMatchObject({ id, state: 'stopped' });
    expect(run.summary?.records).toBeGreaterThan(0);
    expect(kcc.stderr()).toContain(run.summary?.text ?? 'no summary');
  });

  it('a kcc killed outright leaves no load running: the app stops it when the connection drops', async () => {
    const kcc = startKcc(['--attach', 'workloads.startProducer', JSON.stringify({ topic, durationSec: 300, throughput: 200 })], env());
    const [, id] = await kcc.waitFor(/Started producer run (\S+):/);
    await kcc.waitFor(/records\/sec/);
    kcc.child.kill('SIGKILL');
    await kcc.exited;
    const run = await call<WorkloadRun>('workloads.wait', { id, timeoutSec: 30 });
    expect(run.state).toBe('stopped');
    expect(Date.parse(run.endedAt ?? '') - Date.parse(run.startedAt)).toBeLessThan(60_000);
  });

  it("a run started from a page is not stopped when the page's connection closes", async () => {
    // The tie is for terminals only: the same call without kcc's "terminal" socket outlives its caller.
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?connection=page-1`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
    const res = await fetch(`${server.url}api/call/workloads.startProducer`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'X-KCC-Connection': 'page-1' },
      body: JSON.stringify({ topic, durationSec: 300, throughput: 100 }),
    });
    const started = ((await res.json()) as { value: WorkloadRun }).value;
    ws.close();
    await new Promise((r) => setTimeout(r, 1_500));
    const run = await call<WorkloadRun>('workloads.wait', { id: started.id, timeoutSec: 1 });
    expect(run.state).toBe('running');
    await call('workloads.stop', { id: started.id });
    expect((await call<WorkloadRun>('workloads.wait', { id: started.id, timeoutSec: 30 })).state).toBe('stopped');
  });

  it("prints a lifecycle operation's steps as they happen, and its result", async () => {
    // Starting a broker that runs changes nothing: the operation checks it and waits for its registration.
    const r = await runKcc(['--attach', 'services.start', '{"service":"broker-0"}'], env());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\[running\] check broker-0 on kafka-1$/m);
    expect(r.stderr).toMatch(/^ {4}broker-0 is already running \(pid \d+\)$/m);
    expect(r.stderr).toMatch(/^\[succeeded\] wait until broker registered in ZooKeeper on kafka-1$/m);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'start', targets: ['broker-0'], state: 'succeeded' });
  });

  it('says the token is wrong, and never prints it', async () => {
    const wrong = 'f'.repeat(48);
    const r = await runKcc(['--attach', 'app.info'], { ...env(), KCC_TOKEN: wrong });
    expect(r.code).toBe(1);
    const error = JSON.parse(r.stdout) as { code: string; message: string; hint: string };
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toContain('refused the token (HTTP 401: wrong token)');
    expect(error.hint).toContain('KCC_TOKEN');
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(r.stdout + r.stderr).not.toContain(server.token);
    // A streaming call fails the same way, at the event connection, before it starts anything.
    const s = await runKcc(['--attach', 'logs.follow', '{"service":"broker-0"}'], { ...env(), KCC_TOKEN: wrong });
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('HTTP 401') });
  });

  it('says when no app runs: a refused connection, and a saved session from an app that has stopped', async () => {
    const port = await freePort();
    const r = await runKcc(['--attach', `http://127.0.0.1:${port}/`, 'app.info'], { ...env(), KCC_TOKEN: 'x'.repeat(48) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      code: 'host_unreachable',
      message: `No Kafka Control Center answers at http://127.0.0.1:${port}/ (connection refused).`,
    });
    // A session file left by an app that is gone: the port is closed and its pid has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = mkdtempSync(join(tmpdir(), 'kcc-attach-stale-'));
    const file = sessionFilePath({ XDG_STATE_HOME: stale });
    await writeSessionFile(file, { url: `http://127.0.0.1:${port}/`, token: 'y'.repeat(48) });
    const text = readFileSync(file, 'utf8').replace(/"pid": \d+/, `"pid": ${gone.stdout}`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, text);
    const s = await runKcc(['--attach', 'app.info'], { ...env(), XDG_STATE_HOME: stale });
    expect(s.code).toBe(1);
    const error = JSON.parse(s.stdout) as { code: string; hint: string };
    expect(error.code).toBe('host_unreachable');
    expect(error.hint).toContain(`is from an app that has stopped (pid ${gone.stdout}`);
    // No session at all.
    const none = await runKcc(['--attach', 'app.info'], { ...env(), XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kcc-attach-none-')) });
    expect(JSON.parse(none.stdout)).toMatchObject({ code: 'not_found', message: expect.stringContaining('No saved session') });
  });

  it('refuses a session file other users can read', async () => {
    const file = sessionFilePath({ XDG_STATE_HOME: stateHome });
    chmodSync(file, 0o644);
    try {
      const r = await runKcc(['--attach', 'app.info'], env());
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('can be read by other users') });
    } finally {
      chmodSync(file, 0o600);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
