import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDead, terminate, waitForExit } from './processes';

/**
 * The bin/ scripts of the sandbox KAFKA_HOME, run against a stand-in `java`
 * that records its arguments and idles until SIGTERM: that they behave as the
 * Apache distribution's do (argv, heaps, LOG_DIR, .out files, no pid files,
 * stop scripts that stop every matching process of the host) is checked
 * without starting a JVM.
 */

const templates = join(import.meta.dirname, 'kafka-home');
let home: string;
let javaHome: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', JAVA_HOME: javaHome, ...extraEnv };
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The stand-in JVM's argv, one argument per line, written at its start into LOG_DIR/<name>.out. */
async function recordedArgs(out: string): Promise<string[]> {
  const text = await readFile(join(home, out), 'utf8').catch(() => '');
  const block = text.split('--- args\n').pop() ?? '';
  return block
    .split('--- end\n')[0]!
    .split('\n')
    .filter((l) => l !== '');
}

let otherHome: string;

/** Live stand-in JVMs (run as `bash <jdk>/bin/java …`) whose arguments include every one of `args`. */
async function fakeJvms(...args: string[]): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!argv.includes(join(javaHome, 'bin', 'java'))) continue;
    if (args.every((a) => argv.includes(a)) && !(await isDead(Number(entry)))) found.push(Number(entry));
  }
  return found;
}

async function layHome(dir: string): Promise<void> {
  await cp(templates, dir, { recursive: true });
  await mkdir(join(dir, 'libs'), { recursive: true });
  // Jars present: the classpath must list them one by one, as the distribution's script does.
  await writeFile(join(dir, 'libs', 'a.jar'), '');
  await writeFile(join(dir, 'libs', 'b.jar'), '');
  for (const name of ['server-0', 'server-1', 'zookeeper', 'connect-distributed']) {
    await writeFile(join(dir, 'config', `${name}.properties`), '# test\n');
  }
}

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'kcc-bin-'));
  home = join(root, 'host-a', 'kafka');
  otherHome = join(root, 'host-b', 'kafka');
  javaHome = join(root, 'jdk');
  await mkdir(join(javaHome, 'bin'), { recursive: true });
  await writeFile(
    join(javaHome, 'bin', 'java'),
    [
      '#!/usr/bin/env bash',
      'echo "--- args"; printf "%s\\n" "$@"; echo "--- end"',
      '[ -z "${FAKE_JAVA_EXIT:-}" ] || exit 0',
      // Idle until SIGTERM (sleep in the background so the trap runs at once).
      'trap \'kill "$child" 2>/dev/null; exit 0\' TERM',
      'sleep 60 & child=$!; wait "$child"',
      '',
    ].join('\n'),
  );
  await chmod(join(javaHome, 'bin', 'java'), 0o755);
  await layHome(home);
  await layHome(otherHome);
});

afterAll(async () => {
  for (const pid of await fakeJvms()) await terminate(pid, 5000);
  await rm(join(home, '..', '..'), { recursive: true, force: true });
});

describe('bin/ scripts, as the Apache distribution behaves', () => {
  it('kafka-server-start.sh -daemon: kafka.Kafka in the background, config as typed, 1 GiB heap, every jar on the classpath, output and GC log in LOG_DIR, no pid file', async () => {
    const res = await run('bin/kafka-server-start.sh', ['-daemon', 'config/server-0.properties'], home, { LOG_DIR: 'logs/broker-0' });
    expect(res.code, res.stderr).toBe(0);
    await expect.poll(() => fakeJvms('kafka.Kafka', 'config/server-0.properties')).toHaveLength(1);
    await expect.poll(() => recordedArgs('logs/broker-0/kafkaServer.out')).toContain('kafka.Kafka');
    const args = await recordedArgs('logs/broker-0/kafkaServer.out');
    expect(args).toEqual(expect.arrayContaining(['-Xmx1G', '-Xms1G', '-XX:+UseG1GC', 'kafka.Kafka', 'config/server-0.properties']));
    // One entry per jar, relative to the script's directory, as the distribution builds it.
    expect(args[args.indexOf('-cp') + 1]!.split(':').map((e) => e.replace(/^.*?(bin\/\.\.\/)/, '$1'))).toEqual([
      'bin/../libs/a.jar',
      'bin/../libs/b.jar',
    ]);
    expect(args).toContain('-Dkafka.logs.dir=logs/broker-0');
    expect(args.some((a) => /^-Dlog4j\.configuration=file:(.*\/)?bin\/\.\.\/config\/log4j\.properties$/.test(a))).toBe(true);
    expect(args.some((a) => a.startsWith('-Xlog:gc*:file=logs/broker-0/kafkaServer-gc.log'))).toBe(true);
    expect(await readdir(home)).not.toContain('run');
  });

  it('without LOG_DIR, two brokers of one KAFKA_HOME share logs/kafkaServer.out, and each start truncates it', async () => {
    expect((await run('bin/kafka-server-start.sh', ['-daemon', 'config/server-1.properties'], home)).code).toBe(0);
    await expect.poll(() => recordedArgs('logs/kafkaServer.out')).toContain('config/server-1.properties');
    const first = await fakeJvms('kafka.Kafka', 'config/server-1.properties');
    expect((await run('bin/kafka-server-start.sh', ['-daemon', 'config/server-0.properties'], home)).code).toBe(0);
    await expect.poll(() => recordedArgs('logs/kafkaServer.out')).toContain('config/server-0.properties');
    expect(await recordedArgs('logs/kafkaServer.out')).not.toContain('config/server-1.properties');
    // The stock script has no guard against a second copy: now two JVMs run server-0.properties.
    await expect.poll(() => fakeJvms('kafka.Kafka', 'config/server-0.properties')).toHaveLength(2);
    expect(await fakeJvms('kafka.Kafka', 'config/server-1.properties')).toEqual(first);
  });

  it('kafka-server-stop.sh --node-id= selects by a KRaft setting: with ZooKeeper-mode configs it stops nothing and exits 0', async () => {
    const before = await fakeJvms('kafka.Kafka');
    const res = await run('bin/kafka-server-stop.sh', ['--node-id=1'], home);
    expect(res.code, res.stderr).toBe(0);
    expect(await fakeJvms('kafka.Kafka')).toEqual(before);
  });

  it('kafka-server-stop.sh stops every broker of the host, and only of this host', async () => {
    const inHome = async (dir: string) => {
      const pids: number[] = [];
      for (const pid of await fakeJvms('kafka.Kafka')) if ((await readlink(`/proc/${pid}/cwd`).catch(() => '')) === dir) pids.push(pid);
      return pids;
    };
    expect((await run('bin/kafka-server-start.sh', ['-daemon', 'config/server-0.properties'], otherHome)).code).toBe(0);
    await expect.poll(() => inHome(otherHome)).toHaveLength(1);
    expect((await inHome(home)).length).toBeGreaterThanOrEqual(3);

    const res = await run('bin/kafka-server-stop.sh', [], home);
    expect(res.code, res.stderr).toBe(0);
    await expect.poll(() => inHome(home)).toHaveLength(0);
    expect(await inHome(otherHome)).toHaveLength(1);

    const again = await run('bin/kafka-server-stop.sh', [], home);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('No kafka server to stop');
    for (const pid of await inHome(otherHome)) await terminate(pid, 5000);
  });

  it('ZooKeeper and Connect: their main classes, stock heaps and .out names; zookeeper-server-stop.sh stops ZooKeeper; Connect has no stop script', async () => {
    expect((await run('bin/zookeeper-server-start.sh', ['-daemon', 'config/zookeeper.properties'], home)).code).toBe(0);
    expect((await run('bin/connect-distributed.sh', ['-daemon', 'config/connect-distributed.properties'], home)).code).toBe(0);
    await expect.poll(() => recordedArgs('logs/zookeeper.out')).toContain('org.apache.zookeeper.server.quorum.QuorumPeerMain');
    await expect.poll(() => recordedArgs('logs/connectDistributed.out')).toContain('org.apache.kafka.connect.cli.ConnectDistributed');
    expect(await recordedArgs('logs/zookeeper.out')).toEqual(expect.arrayContaining(['-Xmx512M', '-Xms512M']));
    expect(await recordedArgs('logs/connectDistributed.out')).toEqual(expect.arrayContaining(['-Xms256M', '-Xmx2G']));
    expect((await recordedArgs('logs/connectDistributed.out')).some((a) => a.endsWith('bin/../config/connect-log4j.properties'))).toBe(
      true,
    );

    const zk = await fakeJvms('org.apache.zookeeper.server.quorum.QuorumPeerMain');
    expect(zk).toHaveLength(1);
    expect((await run('bin/zookeeper-server-stop.sh', [], home)).code).toBe(0);
    expect(await waitForExit(zk[0]!, 5000)).toBe(true);
    expect(await readdir(join(home, 'bin'))).not.toContain('connect-distributed-stop.sh');
    for (const pid of await fakeJvms('org.apache.kafka.connect.cli.ConnectDistributed')) await terminate(pid, 5000);
  });

  it('kafka-run-class.sh runs a tool in the foreground with WARN-level tool logging', async () => {
    const res = await run('bin/kafka-run-class.sh', ['org.apache.kafka.tools.ProducerPerformance', '--help'], home, {
      FAKE_JAVA_EXIT: '1',
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('org.apache.kafka.tools.ProducerPerformance');
    expect(res.stdout).toMatch(/-Dlog4j\.configuration=file:\S*bin\/\.\.\/config\/tools-log4j\.properties/);
  });
});
