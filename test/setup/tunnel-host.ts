import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { sandboxPaths } from '../../sandbox/index';
import type { ProfileInput } from '../../src-main/profile/schemas';

/**
 * A host this machine can reach only over SSH, like an EC2 instance whose
 * brokers advertise a private address: a network namespace with its own
 * loopback address 127.0.1.3 (unreachable from here: 127.0.1.3 on this side is
 * our own loopback), an sshd on the veth address 10.213.0.2, and inside it a
 * ZooKeeper and one broker that advertises 127.0.1.3:9092.
 */
const NS = 'kcc-tun';
const VETH_OUT = 'kcc-tun0';
const VETH_IN = 'kcc-tun1';
export const TUNNEL_SSH_ADDRESS = '10.213.0.2';
export const TUNNEL_PRIVATE_ADDRESS = '127.0.1.3';

const repo = resolve(new URL('../..', import.meta.url).pathname);

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}

function inNs(args: string[], cwd?: string): void {
  const r = spawnSync('ip', ['netns', 'exec', NS, ...args], { encoding: 'utf8', ...(cwd ? { cwd } : {}) });
  if (r.status !== 0) throw new Error(`ip netns exec ${NS} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`tunnel host: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function pidAlive(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export interface TunnelHost {
  profilePath: string;
  root: string;
}

/** The JVMs started from this KAFKA_HOME: the stock scripts write no pid file, so they are found by working directory. */
function jvmsOf(home: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv0 = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if ((argv0 === 'java' || argv0.endsWith('/java')) && readlinkSync(`/proc/${entry}/cwd`) === home) pids.push(Number(entry));
    } catch {
      // exited, or not ours to read
    }
  }
  return pids;
}

export function tunnelHostDown(root = join(sandboxPaths().root, 'tunnel-host')): void {
  const sshd = pidAlive(join(root, 'sshd/sshd.pid'));
  for (const pid of [...jvmsOf(join(root, 'kafka')), ...(sshd ? [sshd] : [])]) {
    {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  spawnSync('ip', ['netns', 'del', NS]);
  spawnSync('ip', ['link', 'del', VETH_OUT]);
  // Logs go too: readiness is read from them, and an old "started" line must not count.
  for (const d of ['data', 'logs', 'run']) rmSync(join(root, 'kafka', d), { recursive: true, force: true });
}

export async function tunnelHostUp(): Promise<TunnelHost> {
  const paths = sandboxPaths();
  const root = join(paths.root, 'tunnel-host');
  tunnelHostDown(root);
  const sshDir = join(root, 'sshd');
  const home = join(root, 'kafka');
  mkdirSync(sshDir, { recursive: true });
  mkdirSync(join(home, 'config'), { recursive: true });
  mkdirSync('/run/sshd', { recursive: true });

  // Network: the namespace, a veth pair, and the private loopback address inside.
  sh('ip', ['netns', 'add', NS]);
  sh('ip', ['link', 'add', VETH_OUT, 'type', 'veth', 'peer', 'name', VETH_IN]);
  sh('ip', ['link', 'set', VETH_IN, 'netns', NS]);
  sh('ip', ['addr', 'add', '10.213.0.1/30', 'dev', VETH_OUT]);
  sh('ip', ['link', 'set', VETH_OUT, 'up']);
  inNs(['ip', 'link', 'set', 'lo', 'up']);
  inNs(['ip', 'addr', 'add', `${TUNNEL_SSH_ADDRESS}/30`, 'dev', VETH_IN]);
  inNs(['ip', 'link', 'set', VETH_IN, 'up']);
  inNs(['ip', 'addr', 'add', `${TUNNEL_PRIVATE_ADDRESS}/32`, 'dev', 'lo']);

  // sshd with its own keys.
  for (const k of ['host_key', 'user_key'])
    if (!existsSync(join(sshDir, k))) sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshDir, k)]);
  writeFileSync(join(sshDir, 'authorized_keys'), readFileSync(join(sshDir, 'user_key.pub')));
  writeFileSync(
    join(sshDir, 'known_hosts'),
    `${TUNNEL_SSH_ADDRESS} ${readFileSync(join(sshDir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
  );
  writeFileSync(
    join(sshDir, 'sshd_config'),
    [
      `ListenAddress ${TUNNEL_SSH_ADDRESS}`,
      'Port 22',
      `HostKey ${join(sshDir, 'host_key')}`,
      `AuthorizedKeysFile ${join(sshDir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      `PidFile ${join(sshDir, 'sshd.pid')}`,
      'StrictModes no',
      'AllowTcpForwarding yes',
      '',
    ].join('\n'),
  );
  inNs(['/usr/sbin/sshd', '-f', join(sshDir, 'sshd_config'), '-E', join(sshDir, 'sshd.log')]);

  // KAFKA_HOME: the project's scripts, the cached jars, ZooKeeper and one broker on the private address.
  rmSync(join(home, 'bin'), { recursive: true, force: true });
  cpSync(join(repo, 'sandbox', 'kafka-home', 'bin'), join(home, 'bin'), { recursive: true });
  cpSync(join(repo, 'sandbox', 'kafka-home', 'config', 'log4j.properties'), join(home, 'config', 'log4j.properties'));
  if (!existsSync(join(home, 'libs'))) symlinkSync(paths.libsDir, join(home, 'libs'));
  writeFileSync(
    join(home, 'config', 'zookeeper.properties'),
    `dataDir=${join(home, 'data', 'zookeeper')}\nclientPort=2181\nclientPortAddress=${TUNNEL_PRIVATE_ADDRESS}\nadmin.enableServer=false\n`,
  );
  writeFileSync(
    join(home, 'config', 'server-0.properties'),
    [
      'broker.id=0',
      `listeners=PLAINTEXT://${TUNNEL_PRIVATE_ADDRESS}:9092`,
      `advertised.listeners=PLAINTEXT://${TUNNEL_PRIVATE_ADDRESS}:9092`,
      `log.dirs=${join(home, 'data', 'kafka-logs-0')}`,
      `zookeeper.connect=${TUNNEL_PRIVATE_ADDRESS}:2181`,
      'zookeeper.session.timeout.ms=6000',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, KAFKA_HEAP_OPTS: '-Xmx256m' };
  // Each with its own LOG_DIR, as two services of one KAFKA_HOME must be.
  const zk = spawnSync('ip', ['netns', 'exec', NS, 'bin/zookeeper-server-start.sh', '-daemon', 'config/zookeeper.properties'], {
    cwd: home,
    env: { ...env, LOG_DIR: join(home, 'logs', 'zookeeper') },
    encoding: 'utf8',
  });
  if (zk.status !== 0) throw new Error(`tunnel host ZooKeeper: ${zk.stderr}`);
  await waitFor(() => /binding to port/.test(readLog(home, 'zookeeper/zookeeper')), 30_000, 'ZooKeeper');
  const broker = spawnSync('ip', ['netns', 'exec', NS, 'bin/kafka-server-start.sh', '-daemon', 'config/server-0.properties'], {
    cwd: home,
    env: { ...env, LOG_DIR: join(home, 'logs', 'broker-0') },
    encoding: 'utf8',
  });
  if (broker.status !== 0) throw new Error(`tunnel host broker: ${broker.stderr}`);
  await waitFor(() => /started \(kafka\.server\.KafkaServer\)/.test(readLog(home, 'broker-0/kafkaServer')), 90_000, 'the broker');

  const profile: ProfileInput = {
    version: 1,
    name: 'tunnel',
    description: 'One host reachable only over SSH; its broker advertises a private address.',
    hosts: [
      {
        id: 'tun-1',
        address: TUNNEL_SSH_ADDRESS,
        port: 22,
        user: 'root',
        identityFile: join(sshDir, 'user_key'),
        knownHostsFile: join(sshDir, 'known_hosts'),
      },
    ],
    services: [
      {
        id: 'zookeeper',
        kind: 'zookeeper',
        host: 'tun-1',
        installDir: home,
        config: 'config/zookeeper.properties',
        clientAddress: `${TUNNEL_PRIVATE_ADDRESS}:2181`,
        logDir: 'logs/zookeeper',
      },
      {
        id: 'broker-0',
        kind: 'kafka-broker',
        host: 'tun-1',
        brokerId: 0,
        installDir: home,
        config: 'config/server-0.properties',
        advertisedAddress: `${TUNNEL_PRIVATE_ADDRESS}:9092`,
        logDir: 'logs/broker-0',
      },
    ],
    kafka: { bootstrap: [`${TUNNEL_PRIVATE_ADDRESS}:9092`], zookeeper: `${TUNNEL_PRIVATE_ADDRESS}:2181`, tunnelVia: 'tun-1' },
  };
  const profilePath = join(root, 'profile.yaml');
  writeFileSync(profilePath, stringify(profile));
  return { profilePath, root };
}

function readLog(home: string, name: string): string {
  try {
    return readFileSync(join(home, 'logs', `${name}.out`), 'utf8');
  } catch {
    return '';
  }
}
