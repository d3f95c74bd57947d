import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { profileSchema, type Profile } from '../../src-main/profile/schemas';
import { sandboxUp } from '../../sandbox/index';
import { brokerIds, cutHost, killService, restoreHost, sandboxProfilePath, servicePid } from '../setup/sandbox-fixture';

/**
 * The sandbox cluster seen through independent clients: kcat (librdkafka),
 * OpenSSH's ssh, ZooKeeper, and the profile schema the app reads.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], input?: string, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** kcat -L -J output (the fields used here). */
const kcatMetadata = z.object({
  brokers: z.array(z.object({ id: z.number(), name: z.string() })),
  topics: z.array(
    z.object({
      topic: z.string(),
      partitions: z.array(
        z.object({
          partition: z.number(),
          leader: z.number(),
          replicas: z.array(z.object({ id: z.number() })),
          isrs: z.array(z.object({ id: z.number() })),
        }),
      ),
    }),
  ),
});

async function kcatMetadataOf(bootstrap: string, topic: string): Promise<z.infer<typeof kcatMetadata>> {
  const res = await run('kcat', ['-L', '-b', bootstrap, '-J', '-t', topic, '-m', '10']);
  expect(res.code, res.stderr).toBe(0);
  return kcatMetadata.parse(JSON.parse(res.stdout));
}

async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 200,
): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - start >= timeoutMs) return { value, ms: Date.now() - start };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

let profile: Profile;
let bootstrap: string;

beforeAll(async () => {
  profile = profileSchema.parse(parse(await readFile(sandboxProfilePath(), 'utf8')));
  bootstrap = '127.0.0.3:9092';
  expect(profile.kafka.bootstrap).toContain(bootstrap);
});

describe('sandbox cluster', () => {
  it('writes a profile that profileSchema accepts, with absolute key paths and existing config files', async () => {
    // Handed over by the global setup through vitest's provide/inject.
    expect(inject('sandboxProfile')).toMatch(/\/profile\.yaml$/);
    const raw: unknown = parse(await readFile(sandboxProfilePath(), 'utf8'));
    const result = profileSchema.safeParse(raw);
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);

    expect(profile.hosts.map((h) => [h.id, h.address, h.port])).toEqual([
      ['kafka-1', '127.0.0.3', 2222],
      ['kafka-2', '127.0.0.4', 2222],
      ['kafka-3', '127.0.0.2', 2222],
      ['datalake-1', '127.0.0.5', 2222],
    ]);
    for (const h of profile.hosts) {
      expect(isAbsolute(h.identityFile ?? '')).toBe(true);
      expect(isAbsolute(h.knownHostsFile ?? '')).toBe(true);
    }
    const brokersInProfile = profile.services.flatMap((s) =>
      s.kind === 'kafka-broker' ? [[s.brokerId, s.host, s.advertisedAddress, s.config]] : [],
    );
    expect(
      brokersInProfile.map(([id, host, address, config]) => [id, host, address, String(config).split('/').slice(-2).join('/')]),
    ).toEqual([
      [0, 'kafka-1', '127.0.0.3:9092', 'config/server-0.properties'],
      [1, 'kafka-1', '127.0.0.3:9093', 'config/server-1.properties'],
      [2, 'kafka-2', '127.0.0.4:9092', 'config/server-2.properties'],
      [3, 'kafka-3', '127.0.0.2:9092', 'config/server-3.properties'],
    ]);
    expect(profile.kafka.zookeeper).toBe('127.0.0.3:2181,127.0.0.4:2181,127.0.0.2:2181/kafka');
    expect(profile.kafka.bootstrap).toEqual(['127.0.0.3:9092', '127.0.0.3:9093', '127.0.0.4:9092', '127.0.0.2:9092']);
    for (const s of profile.services) {
      // The Kafka distribution's services only: a Flume home has lib/, and HDFS no config of ours.
      if (s.kind !== 'zookeeper' && s.kind !== 'kafka-broker' && s.kind !== 'connect-worker') continue;
      const config = await readFile(resolve(s.installDir, s.config), 'utf8');
      if (s.kind === 'kafka-broker') {
        expect(config).toContain(`advertised.listeners=PLAINTEXT://${s.advertisedAddress}`);
        expect(config).toContain(`broker.id=${s.brokerId}`);
      }
      expect((await stat(join(s.installDir, 'bin'))).isDirectory()).toBe(true);
      expect((await stat(join(s.installDir, 'libs'))).isDirectory()).toBe(true);
    }
    const connect = profile.services.find((s) => s.kind === 'connect-worker');
    expect(connect?.kind === 'connect-worker' ? connect.restUrl : undefined).toBe('http://127.0.0.5:8083');
  });

  it('kcat sees four brokers and sandbox-check with 3 partitions, 3 replicas each and a full ISR', async () => {
    // A broker restarted by an earlier run may still be catching up: poll, bounded.
    const { value: meta } = await pollUntil(
      () => kcatMetadataOf(bootstrap, 'sandbox-check'),
      (m) => m.topics[0]?.partitions.every((p) => p.isrs.length === 3) ?? false,
      30_000,
      500,
    );
    expect(meta.brokers.map((b) => [b.id, b.name]).sort()).toEqual([
      [0, '127.0.0.3:9092'],
      [1, '127.0.0.3:9093'],
      [2, '127.0.0.4:9092'],
      [3, '127.0.0.2:9092'],
    ]);
    const topic = meta.topics.find((t) => t.topic === 'sandbox-check');
    expect(topic?.partitions).toHaveLength(3);
    for (const p of topic?.partitions ?? []) {
      expect(p.replicas).toHaveLength(3);
      expect(p.isrs.map((r) => r.id).sort()).toEqual(p.replicas.map((r) => r.id).sort());
      expect(p.replicas.map((r) => r.id)).toContain(p.leader);
    }
  });

  it('kcat produces a keyed message with a header to a fresh topic and consumes it back', async () => {
    const topic = `kcc-it-kcat-${Date.now()}`;
    const produced = await run(
      'kcat',
      ['-P', '-b', bootstrap, '-t', topic, '-p', '0', '-k', 'sensor-7', '-H', 'trace=abc123', '-X', 'acks=all'],
      'temperature=21.5\n',
    );
    expect(produced.code, produced.stderr).toBe(0);

    const consumed = await run('kcat', [
      '-C',
      '-b',
      bootstrap,
      '-t',
      topic,
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%k|%s|%h|%p\n',
    ]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toEqual(['sensor-7|temperature=21.5|trace=abc123|0']);

    // The auto-created topic follows the broker defaults (RF 3).
    const meta = await kcatMetadataOf(bootstrap, topic);
    expect(meta.topics[0]?.partitions[0]?.replicas).toHaveLength(3);
  });

  it('every host accepts its generated key under strict host key checking, and refuses an unknown host key', async () => {
    for (const h of profile.hosts) {
      const args = [
        '-i',
        h.identityFile ?? '',
        '-p',
        String(h.port),
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${h.knownHostsFile ?? ''}`,
        '-o',
        'BatchMode=yes',
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'ConnectTimeout=10',
        `${h.user}@${h.address}`,
      ];
      const ok = await run('ssh', [...args, 'true']);
      expect(ok.code, `${h.id}: ${ok.stderr}`).toBe(0);
      // The host really is that address: its services' KAFKA_HOME is reachable from the session.
      const home = profile.services.find((s) => s.host === h.id)?.installDir ?? '';
      const ls = await run('ssh', [...args, `cd ${home} && ls bin/kafka-server-start.sh config`]);
      expect(ls.code, ls.stderr).toBe(0);
      expect(ls.stdout).toContain('bin/kafka-server-start.sh');
    }

    // The same login with an empty known_hosts must be refused: the check is real.
    const dir = await mkdtemp(join(tmpdir(), 'kcc-kh-'));
    try {
      const empty = join(dir, 'known_hosts');
      await writeFile(empty, '');
      const h = profile.hosts[0]!;
      const refused = await run('ssh', [
        '-i',
        h.identityFile ?? '',
        '-p',
        String(h.port),
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${empty}`,
        '-o',
        'BatchMode=yes',
        `${h.user}@${h.address}`,
        'true',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/Host key verification failed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a cut host hangs SSH and its services until restored', async () => {
    const h = profile.hosts.find((x) => x.id === 'datalake-1')!;
    const ssh = (timeoutS: number) =>
      run('ssh', [
        '-i',
        h.identityFile ?? '',
        '-p',
        String(h.port),
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${h.knownHostsFile ?? ''}`,
        '-o',
        'BatchMode=yes',
        '-o',
        `ConnectTimeout=${timeoutS}`,
        `${h.user}@${h.address}`,
        'true',
      ]);
    const stopped = await cutHost('datalake-1');
    try {
      expect(stopped.length).toBeGreaterThanOrEqual(2); // sshd and the Connect worker
      const hung = await ssh(2);
      expect(hung.code).not.toBe(0);
      expect(hung.stderr).toMatch(/timed out/i);
      await expect(fetch('http://127.0.0.5:8083/', { signal: AbortSignal.timeout(1500) })).rejects.toThrow();
    } finally {
      await restoreHost('datalake-1');
    }
    const back = await ssh(10);
    expect(back.code, back.stderr).toBe(0);
    const rest = await fetch('http://127.0.0.5:8083/', { signal: AbortSignal.timeout(10_000) });
    expect(rest.ok).toBe(true);
  });

  it('a SIGKILLed broker leaves /brokers/ids within the session timeout and one tick, and up brings it back', async () => {
    expect(await brokerIds()).toEqual([0, 1, 2, 3]);
    const killedPid = await killService('broker-1', 'SIGKILL');
    const sessionTimeoutMs = 6000;
    // ZooKeeper expires sessions in buckets of tickTime (2 s): a dead session can outlive its timeout by up to a
    // tick, and the watch then needs a moment on a busy machine.
    const boundMs = sessionTimeoutMs + 2000 + 1000;
    try {
      const gone = await pollUntil(brokerIds, (ids) => !ids.includes(1), boundMs);
      expect(gone.value, `after ${gone.ms} ms`).toEqual([0, 2, 3]);
      expect(gone.ms).toBeLessThanOrEqual(boundMs);
    } finally {
      // Whatever the timing, the broker comes back: the suites after this one need all four.
      const up = await sandboxUp();
      expect(up.started).toEqual(['kafka-1/broker-1']);
    }
    expect(await brokerIds()).toEqual([0, 1, 2, 3]);
    const newPid = await servicePid('broker-1');
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(killedPid);
  });
});
