import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerIds, sandboxProfilePath, servicePid } from '../setup/sandbox-fixture';
import { AppHarness, profileVariant } from './app-harness';
import { tcpExchange } from '../../sandbox/readiness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

describe('services over SSH against the sandbox', () => {
  let app: AppHarness;
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
  });
  afterAll(() => app.dispose());

  it('reports every sandbox service running, listening and ready', async () => {
    const statuses = await app.call('services.status', {});
    expect(statuses.map((s) => s.id).sort()).toEqual(['broker-0', 'broker-1', 'broker-2', 'connect', 'zookeeper']);
    for (const s of statuses) {
      expect(s, s.id).toMatchObject({ state: 'running', listening: true, healthy: true });
      expect(s.pids).toHaveLength(1);
    }
    // The pid seen over SSH is the one the sandbox recorded.
    const broker1 = statuses.find((s) => s.id === 'broker-1');
    expect(broker1?.pids[0]).toBe(await servicePid('broker-1'));
  });

  it('stops broker-2: its process is gone and /brokers/ids/2 disappears; start brings it back', async () => {
    const pidBefore = await servicePid('broker-2');
    expect(pidBefore).toBeDefined();
    const stopped = await app.call('services.stop', { service: 'broker-2' });
    expect(stopped.state, JSON.stringify(stopped.error)).toBe('succeeded');
    expect(stopped.steps.map((s) => s.step)).toContain('stop broker-2');
    expect(await servicePid('broker-2')).toBeUndefined();
    await until(async () => !(await brokerIds()).includes(2), 10_000, 'broker 2 to leave /brokers/ids');
    const [status] = await app.call('services.status', { service: 'broker-2' });
    expect(status).toMatchObject({ state: 'stopped', pids: [], listening: false });

    const started = await app.call('services.start', { service: 'broker-2' });
    expect(started.state, JSON.stringify(started.error)).toBe('succeeded');
    expect(started.steps.some((s) => s.command?.join(' ') === 'bin/kafka-server-start.sh -daemon config/server-2.properties')).toBe(true);
    expect(await brokerIds()).toContain(2);
    const pidAfter = await servicePid('broker-2');
    expect(pidAfter).toBeDefined();
    expect(pidAfter).not.toBe(pidBefore);
  });

  it('refuses a second operation on a service that is busy', async () => {
    const first = app.call('services.restart', { service: 'connect' });
    await sleep(50);
    const err = await app.callError('services.stop', { service: 'connect' });
    expect(err.code).toBe('conflict');
    expect((await first).state).toBe('succeeded');
  });

  it('sees ZooKeeper ready under the stock four-letter-word whitelist, where ruok is refused', async () => {
    const zk = (await app.call('profile.get', {})).services.find((s) => s.kind === 'zookeeper');
    const [host = '', port = ''] = (zk?.endpoint ?? '').split(':');
    expect(await tcpExchange(host, Number(port), 'ruok', 3_000)).toMatch(/not in the whitelist/);
    const [status] = await app.call('services.status', { service: 'zookeeper' });
    expect(status).toMatchObject({ state: 'running', healthy: true });
  });

  it('tails a service log and searches in it', async () => {
    const all = await app.call('logs.tail', { service: 'broker-0', lines: 50 });
    expect(all.lines.length).toBeGreaterThan(0);
    expect(all.lines.length).toBeLessThanOrEqual(50);
    const found = await app.call('logs.tail', { service: 'broker-0', lines: 5000, search: 'started (kafka.server.KafkaServer)' });
    expect(found.lines.length).toBeGreaterThan(0);
    expect(found.lines.every((l) => l.includes('started (kafka.server.KafkaServer)'))).toBe(true);
  });

  it('reads host facts over SSH, with free space of the brokers’ log.dirs', async () => {
    const check = await app.call('hosts.check', { host: 'kafka-1' });
    expect(check.reachable).toBe(true);
    expect(check.facts?.java).toMatch(/openjdk/);
    expect(check.facts?.disks.map((d) => d.path.split('/').pop())).toEqual(['kafka-logs-0', 'kafka-logs-1']);
    expect(check.warnings).toBeUndefined();
  });

  it('says which broker config it could not read, instead of reporting the default /tmp/kafka-logs', async () => {
    const variant = new AppHarness(
      profileVariant((p) => {
        const broker = p.services?.find((s) => s.id === 'broker-0');
        if (broker && 'config' in broker) broker.config = 'config/no-such-server.properties';
      }),
    );
    try {
      const check = await variant.call('hosts.check', { host: 'kafka-1' });
      expect(check.reachable).toBe(true);
      expect(check.facts?.disks.map((d) => d.path.split('/').pop())).toEqual(['kafka-logs-1']);
      expect(check.warnings).toEqual([expect.stringMatching(/^broker-0: Cannot read .*no-such-server\.properties/)]);
    } finally {
      await variant.dispose();
    }
  });
});

describe('log following', () => {
  it('streams the last lines, then new lines as they are written, until unfollowed', async () => {
    const app = new AppHarness(sandboxProfilePath());
    const lines: string[] = [];
    let streamId = '';
    const unsubscribe = app.core.events.subscribe((e) => {
      if (e.name === 'log.line' && e.payload.streamId === streamId) lines.push(e.payload.line);
    });
    try {
      const { appendFileSync } = await import('node:fs');
      const { parse } = await import('yaml');
      const { readFileSync } = await import('node:fs');
      const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as {
        services: Array<{ id: string; installDir: string; logFile: string }>;
      };
      const b0 = profile.services.find((s) => s.id === 'broker-0');
      const file = `${b0?.installDir}/${b0?.logFile}`;
      const started = await app.call('logs.follow', { service: 'broker-0', lines: 5 });
      streamId = started.streamId;
      expect(started.file).toBe(file);
      await until(async () => lines.length >= 5, 10_000, 'the first 5 lines');
      const marker = `kcc-follow-marker-${Date.now()}`;
      appendFileSync(file, `${marker}\n`);
      await until(async () => lines.includes(marker), 10_000, 'the appended line');
      expect(await app.call('logs.unfollow', { streamId })).toEqual({ stopped: true });
      await sleep(500);
      const count = lines.length;
      appendFileSync(file, `${marker}-after\n`);
      await sleep(1500);
      expect(lines.length).toBe(count);
    } finally {
      unsubscribe();
      await app.dispose();
    }
  });
});
