import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brokerProperties, connectProperties, knownHostsLine, sshdConfig, zookeeperProperties } from './configs';
import { ensureKeyPair } from './keys';
import { servicePaths, type SandboxPaths } from './paths';
import { bootstrapServers, hostOf, zookeeperConnect, type SandboxServiceSpec, type SandboxTopology } from './topology';

/**
 * Writes the generated part of the sandbox: per host a KAFKA_HOME laid out
 * like the Apache distribution (bin, config, libs -> jar cache, logs, data,
 * run) and an sshd directory; on the client side the user keys and
 * known_hosts. Idempotent: keys are kept, other files rewritten only when
 * their content changed.
 */
export async function writeLayout(paths: SandboxPaths, topology: SandboxTopology, keygen: string): Promise<void> {
  const knownHosts: string[] = [];
  for (const host of topology.hosts) {
    const hp = paths.host(host.id);
    for (const dir of ['bin', 'config', 'logs', 'data', 'run']) await mkdir(join(hp.kafkaHome, dir), { recursive: true });
    await mkdir(hp.sshdDir, { recursive: true, mode: 0o700 });

    await copyTemplates(join(paths.templateDir, 'bin'), join(hp.kafkaHome, 'bin'));
    await copyTemplates(join(paths.templateDir, 'config'), join(hp.kafkaHome, 'config'));
    await ensureSymlink(paths.libsDir, join(hp.kafkaHome, 'libs'));
    await ensureSymlink(paths.pluginsDir, join(hp.kafkaHome, 'plugins'));

    const hostPublicKey = await ensureKeyPair(keygen, hp.hostKey, `kcc-sandbox-host-${host.id}`);
    const userPublicKey = await ensureKeyPair(keygen, hp.userKey, `kcc-sandbox-user@${host.id}`);
    await writeIfChanged(hp.authorizedKeys, `${userPublicKey}\n`, 0o600);
    await writeIfChanged(
      hp.sshdConfig,
      sshdConfig({
        address: host.address,
        port: host.sshPort,
        hostKey: hp.hostKey,
        authorizedKeys: hp.authorizedKeys,
        pidFile: hp.sshdPidFile,
      }),
    );
    knownHosts.push(knownHostsLine(host.address, host.sshPort, hostPublicKey));
  }
  await mkdir(paths.clientDir, { recursive: true });
  await writeIfChanged(paths.knownHostsFile, `${knownHosts.join('\n')}\n`, 0o644);

  for (const service of topology.services) {
    await writeIfChanged(servicePaths(paths, service).config, serviceConfig(paths, topology, service));
  }
}

/** The config file text of a service, with absolute paths inside its host's KAFKA_HOME. */
export function serviceConfig(paths: SandboxPaths, topology: SandboxTopology, service: SandboxServiceSpec): string {
  const host = hostOf(topology, service);
  const home = paths.host(host.id).kafkaHome;
  switch (service.kind) {
    case 'zookeeper':
      return zookeeperProperties({ address: host.address, port: service.port, dataDir: join(home, 'data', 'zookeeper') });
    case 'kafka-broker':
      return brokerProperties({
        brokerId: service.brokerId,
        address: host.address,
        port: service.port,
        logDir: join(home, 'data', `kafka-logs-${service.brokerId}`),
        zookeeperConnect: zookeeperConnect(topology),
        sessionTimeoutMs: topology.zookeeperSessionTimeoutMs,
      });
    case 'connect-worker':
      return connectProperties({
        bootstrapServers: bootstrapServers(topology),
        address: host.address,
        port: service.port,
        pluginPath: join(home, 'plugins'),
      });
  }
}

async function copyTemplates(fromDir: string, toDir: string): Promise<void> {
  for (const name of await readdir(fromDir)) {
    const from = join(fromDir, name);
    const mode = (await stat(from)).mode & 0o777;
    await writeIfChanged(join(toDir, name), await readFile(from, 'utf8'), mode);
  }
}

/**
 * Replaces the file only when its content differs, through a rename: bash
 * reads a script while running it, so rewriting one in place under a running
 * start script could change what it executes.
 */
async function writeIfChanged(file: string, content: string, mode = 0o644): Promise<void> {
  let current: string | undefined;
  try {
    current = await readFile(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) {
    await chmod(file, mode);
    return;
  }
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, content, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

async function ensureSymlink(target: string, link: string): Promise<void> {
  try {
    const info = await lstat(link);
    if (info.isSymbolicLink() && (await readlink(link)) === target) return;
    await rm(link, { recursive: true, force: true });
  } catch {
    // absent: create below
  }
  await symlink(target, link);
}
