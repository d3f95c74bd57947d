import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerIds, sandboxProfilePath, servicePid } from '../setup/sandbox-fixture';
import { AppHarness, profileVariant } from './app-harness';
import { tcpExchange } from '../../sandbox/readiness';
import { execFileSync } from 'node:child_process';

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

  it('reports every sandbox service running, listening and ready, and each ensemble member’s role', async () => {
    const statuses = await app.call('services.status', {});
    const ids = statuses.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['zk-1', 'zk-2', 'zk-3', 'broker-0', 'broker-1', 'broker-2', 'broker-3', 'connect']));
    for (const s of statuses) {
      expect(s, s.id).toMatchObject({ state: 'running', listening: true, healthy: true });
      expect(s.pids).toHaveLength(1);
    }
    // The pid seen over SSH is the one the sandbox finds by the broker's config path.
    const broker1 = statuses.find((s) => s.id === 'broker-1');
    expect(broker1?.pids[0]).toBe(await servicePid('broker-1'));
    // One leader and two followers, as each member answers srvr itself.
    const roles = statuses.filter((s) => s.kind === 'zookeeper').map((s) => s.role);
    expect(roles.sort()).toEqual(['follower', 'follower', 'leader']);
    for (const s of statuses.filter((x) => x.kind === 'zookeeper')) {
      const zk = (await app.call('profile.get', {})).services.find((x) => x.id === s.id);
      const [host = '', port = ''] = (zk?.endpoint ?? '').split(':');
      expect(await tcpExchange(host, Number(port), 'srvr', 3_000)).toContain(`Mode: ${s.role}`);
    }
  });

  it('stops broker-1 by its own pid: broker-0, from the same KAFKA_HOME on the same host, stays registered and serving', async () => {
    const pid0 = await servicePid('broker-0');
    const pid1 = await servicePid('broker-1');
    expect(pid0).toBeDefined();
    expect(pid1).toBeDefined();
    const stopped = await app.call('services.stop', { service: 'broker-1' });
    expect(stopped.state, JSON.stringify(stopped.error)).toBe('succeeded');
    expect(stopped.steps.find((s) => s.step === 'stop broker-1')?.command).toEqual(['kill', '-TERM', String(pid1)]);
    expect(await servicePid('broker-1')).toBeUndefined();
    await until(async () => !(await brokerIds()).includes(1), 10_000, 'broker 1 to leave /brokers/ids');
    expect(await brokerIds()).toContain(0);
    expect(await servicePid('broker-0')).toBe(pid0);
    // kcat, talking to broker 0 alone, still gets metadata and a produce/consume round trip.
    const meta = execFileSync('kcat', ['-L', '-b', '127.0.0.3:9092', '-J'], { encoding: 'utf8', timeout: 20_000 });
    const brokers = (JSON.parse(meta) as { brokers: Array<{ id: number }> }).brokers.map((b) => b.id).sort();
    expect(brokers).toEqual([0, 2, 3]);
    const topic = `kcc-it-one-of-two-${Date.now()}`;
    execFileSync('kcat', ['-P', '-b', '127.0.0.3:9092', '-t', topic, '-X', 'acks=all'], { input: 'still-serving\n', timeout: 20_000 });
    const back = execFileSync('kcat', ['-C', '-b', '127.0.0.3:9092', '-t', topic, '-o', 'beginning', '-e', '-q'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(back.trim()).toBe('still-serving');
    const [status] = await app.call('services.status', { service: 'broker-1' });
    expect(status).toMatchObject({ state: 'stopped', pids: [], listening: false });

    const started = await app.call('services.start', { service: 'broker-1' });
    expect(started.state, JSON.stringify(started.error)).toBe('succeeded');
    const profile = await app.call('profile.get', {});
    const b1 = profile.services.find((s) => s.id === 'broker-1');
    const startCommand = started.steps.find((s) => s.step === 'start broker-1')?.command ?? [];
    // The stock script, with the broker's own LOG_DIR and its config path as the profile names it.
    expect(startCommand.slice(0, 1)).toEqual(['env']);
    expect(startCommand[1]).toMatch(/^LOG_DIR=\/.*\/logs\/broker-1$/);
    expect(startCommand.slice(2)).toEqual(['bin/kafka-server-start.sh', '-daemon', b1?.config]);
    expect(await brokerIds()).toContain(1);
    const pidAfter = await servicePid('broker-1');
    expect(pidAfter).toBeDefined();
    expect(pidAfter).not.toBe(pid1);
    expect(await servicePid('broker-0')).toBe(pid0);
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
    const [status] = await app.call('services.status', { service: zk?.id ?? '' });
    expect(status).toMatchObject({ state: 'running', healthy: true });
  });

  it('tails a service log and searches in it', async () => {
    const all = await app.call('logs.tail', { service: 'broker-0', lines: 50 });
    expect(all.lines.length).toBeGreaterThan(0);
    expect(all.lines.length).toBeLessThanOrEqual(50);
    // A line written just now: the broker logs the partition it creates for a new topic with a replica on every broker.
    const topic = `kcc-log-search-${Date.now()}`;
    await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 4 });
    try {
      const wanted = `Created log for partition ${topic}-0`;
      let found = await app.call('logs.tail', { service: 'broker-0', lines: 5000, search: wanted });
      for (let i = 0; i < 20 && found.lines.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        found = await app.call('logs.tail', { service: 'broker-0', lines: 5000, search: wanted });
      }
      expect(found.lines.length).toBeGreaterThan(0);
      expect(found.lines.every((l) => l.includes(wanted))).toBe(true);
    } finally {
      await app.call('topics.delete', { name: topic, confirm: topic });
    }
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
        services: Array<{ id: string; installDir: string; logDir: string }>;
      };
      // Broker 0 shares its KAFKA_HOME with broker 1 and zk-1: its console output is in its own LOG_DIR.
      const b0 = profile.services.find((s) => s.id === 'broker-0');
      const file = `${b0?.logDir}/kafkaServer.out`;
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
