import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livePid, terminate } from './processes';

/**
 * The bin/ scripts of the sandbox KAFKA_HOME, run against a stand-in `java`
 * that records its arguments and idles until SIGTERM: their argv, pid files,
 * logs and stop behaviour are checked without starting a JVM.
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

/** The stand-in JVM's argv, one argument per line, written at its start. */
async function recordedArgs(name: string): Promise<string[]> {
  const text = await readFile(join(home, 'logs', `${name}.out`), 'utf8');
  const block = text.split('--- args\n').pop() ?? '';
  return block
    .split('--- end\n')[0]!
    .split('\n')
    .filter((l) => l !== '');
}

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'kcc-bin-'));
  home = join(root, 'kafka');
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
  await cp(templates, home, { recursive: true });
  await mkdir(join(home, 'libs'), { recursive: true });
  // Jars present, so an unquoted glob would expand to them.
  await writeFile(join(home, 'libs', 'a.jar'), '');
  await writeFile(join(home, 'libs', 'b.jar'), '');
  for (const name of ['server-0', 'server-1', 'zookeeper', 'connect-distributed']) {
    await writeFile(join(home, 'config', `${name}.properties`), '# test\n');
  }
});

afterAll(async () => {
  for (const name of ['server-0', 'server-1', 'zookeeper', 'connect-distributed']) {
    const pid = await livePid(join(home, 'run', `${name}.pid`), join(home, 'config', `${name}.properties`));
    if (pid !== undefined) await terminate(pid, 5000);
  }
  await rm(join(home, '..'), { recursive: true, force: true });
});

describe('bin/ scripts', () => {
  it('kafka-server-start.sh -daemon runs kafka.Kafka detached, with the absolute config, quoted classpath glob and broker heap', async () => {
    const res = await run('bin/kafka-server-start.sh', ['-daemon', 'config/server-0.properties'], home);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/server-0: started \(pid \d+\)/);

    const config = join(home, 'config', 'server-0.properties');
    const pid = await livePid(join(home, 'run', 'server-0.pid'), config);
    expect(pid).toBeDefined();
    // The pid file names the JVM itself (the process whose argv has the config).
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    expect(cmdline).toContain(config);

    await expect.poll(() => recordedArgs('server-0')).toContain('kafka.Kafka');
    const args = await recordedArgs('server-0');
    expect(args).toEqual(expect.arrayContaining(['-Xmx384m', '-XX:+UseG1GC', '-cp', `${home}/libs/*`, 'kafka.Kafka', config]));
    expect(args.indexOf('kafka.Kafka')).toBe(args.indexOf(config) - 1);
    expect(args).toContain(`-Dlog4j.configuration=file:${home}/config/log4j.properties`);
  });

  it('refuses to start a second copy of a running daemon', async () => {
    const before = await readFile(join(home, 'run', 'server-0.pid'), 'utf8');
    const res = await run('bin/kafka-server-start.sh', ['-daemon', 'config/server-0.properties'], home);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/already running/);
    expect(await readFile(join(home, 'run', 'server-0.pid'), 'utf8')).toBe(before);
  });

  it('works from another directory through its absolute path, resolving the config against KAFKA_HOME', async () => {
    const res = await run(join(home, 'bin', 'kafka-server-start.sh'), ['-daemon', 'config/server-1.properties'], '/');
    expect(res.code, res.stderr).toBe(0);
    expect(await livePid(join(home, 'run', 'server-1.pid'), join(home, 'config', 'server-1.properties'))).toBeDefined();
  });

  it('kafka-server-stop.sh with a config stops only that broker, by its pid file', async () => {
    const pid0 = await livePid(join(home, 'run', 'server-0.pid'), join(home, 'config', 'server-0.properties'));
    const res = await run('bin/kafka-server-stop.sh', ['config/server-0.properties'], home);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`server-0: stopped (pid ${pid0})`);
    expect(await livePid(join(home, 'run', 'server-0.pid'), join(home, 'config', 'server-0.properties'))).toBeUndefined();
    expect(await livePid(join(home, 'run', 'server-1.pid'), join(home, 'config', 'server-1.properties'))).toBeDefined();

    const again = await run('bin/kafka-server-stop.sh', ['config/server-0.properties'], home);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('server-0: not running');
  });

  it('kafka-server-stop.sh without arguments stops every broker of the KAFKA_HOME', async () => {
    const res = await run('bin/kafka-server-stop.sh', [], home);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('server-1: stopped');
    expect(await livePid(join(home, 'run', 'server-1.pid'), join(home, 'config', 'server-1.properties'))).toBeUndefined();
  });

  it('starts ZooKeeper and Connect with their main classes and heaps, and stops them', async () => {
    expect((await run('bin/zookeeper-server-start.sh', ['-daemon', 'config/zookeeper.properties'], home)).code).toBe(0);
    expect((await run('bin/connect-distributed.sh', ['-daemon', 'config/connect-distributed.properties'], home)).code).toBe(0);
    await expect.poll(() => recordedArgs('zookeeper')).toContain('org.apache.zookeeper.server.quorum.QuorumPeerMain');
    await expect.poll(() => recordedArgs('connect-distributed')).toContain('org.apache.kafka.connect.cli.ConnectDistributed');
    expect(await recordedArgs('zookeeper')).toContain('-Xmx256m');
    expect(await recordedArgs('connect-distributed')).toContain('-Xmx384m');

    expect((await run('bin/zookeeper-server-stop.sh', [], home)).stdout).toContain('zookeeper: stopped');
    expect((await run('bin/connect-distributed-stop.sh', [], home)).stdout).toContain('connect-distributed: stopped');
  });

  it('kafka-run-class.sh runs a tool in the foreground with WARN-level tool logging', async () => {
    const res = await run('bin/kafka-run-class.sh', ['org.apache.kafka.tools.ProducerPerformance', '--help'], home, {
      FAKE_JAVA_EXIT: '1',
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('org.apache.kafka.tools.ProducerPerformance');
    expect(res.stdout).toContain(`-Dlog4j.configuration=file:${home}/config/tools-log4j.properties`);
  });
});
