import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  brokerProperties,
  connectProperties,
  flumeHdfsConf,
  flumeIngestConf,
  hadoopSiteXml,
  knownHostsLine,
  sshdConfig,
  zookeeperProperties,
} from './configs';
import { FLUME_HDFS_GROUP, IOT_FLUME_TOPIC, DATALAKE_HDFS_PATH, flumeIotPaths } from './iot-pipelines';
import { ensureKeyPair } from './keys';
import { servicePaths, type SandboxPaths } from './paths';
import { HOST_ENVIRONMENT } from './services';
import {
  bootstrapServers,
  flumeAgents,
  hdfsOf,
  hostOf,
  zookeeperConnect,
  zookeepers,
  type SandboxServiceSpec,
  type SandboxTopology,
} from './topology';

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
    for (const dir of ['bin', 'config', 'logs', 'data']) await mkdir(join(hp.kafkaHome, dir), { recursive: true });
    await mkdir(hp.sshdDir, { recursive: true, mode: 0o700 });

    await copyTemplates(join(paths.templateDir, 'bin'), join(hp.kafkaHome, 'bin'));
    await copyTemplates(join(paths.templateDir, 'config'), join(hp.kafkaHome, 'config'));
    await ensureSymlink(paths.libsDir, join(hp.kafkaHome, 'libs'));
    await ensureSymlink(paths.pluginsDir, join(hp.kafkaHome, 'plugins'));
    const here = topology.services.filter((s) => s.host === host.id);
    if (here.some((s) => s.kind === 'hdfs-namenode')) {
      await copyTree(join(paths.repoRoot, 'sandbox', 'hadoop-home'), hp.hadoopHome);
      await ensureSymlink(join(paths.hadoopDir, 'libs'), join(hp.hadoopHome, 'lib'));
      await writeIfChanged(join(hp.hadoopHome, 'etc', 'hadoop', 'hdfs-site.xml'), hadoopSiteXml([['dfs.replication', 1]]));
    }
    if (here.some((s) => s.kind === 'flume-agent')) {
      await copyTree(join(paths.repoRoot, 'sandbox', 'flume-home'), hp.flumeHome);
      await ensureSymlink(join(paths.flumeDir, 'libs'), join(hp.flumeHome, 'lib'));
      // On the agents' classpath (conf/): one DataNode, so one replica, or the HDFS sink rotates its file on every batch.
      await writeIfChanged(join(hp.flumeHome, 'conf', 'hdfs-site.xml'), hadoopSiteXml([['dfs.replication', 1]]));
    }

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
        environment: HOST_ENVIRONMENT,
      }),
    );
    knownHosts.push(knownHostsLine(host.address, host.sshPort, hostPublicKey));
  }
  await mkdir(paths.clientDir, { recursive: true });
  await writeIfChanged(paths.knownHostsFile, `${knownHosts.join('\n')}\n`, 0o644);

  for (const service of topology.services) {
    const config = servicePaths(paths, service).config;
    await mkdir(dirname(config), { recursive: true });
    await writeIfChanged(config, serviceConfig(paths, topology, service));
    if (service.kind === 'zookeeper') {
      const dataDir = join(paths.host(service.host).kafkaHome, 'data', 'zookeeper');
      await mkdir(dataDir, { recursive: true });
      await writeIfChanged(join(dataDir, 'myid'), `${service.myid}\n`);
    }
  }
}

/** The config file text of a service, with absolute paths inside its host's homes. */
export function serviceConfig(paths: SandboxPaths, topology: SandboxTopology, service: SandboxServiceSpec): string {
  const host = hostOf(topology, service);
  const hp = paths.host(host.id);
  switch (service.kind) {
    case 'zookeeper':
      return zookeeperProperties({
        address: host.address,
        port: service.port,
        dataDir: join(hp.kafkaHome, 'data', 'zookeeper'),
        ensemble: zookeepers(topology).map((z) => ({
          myid: z.myid,
          address: hostOf(topology, z).address,
          quorumPort: z.quorumPort,
          electionPort: z.electionPort,
        })),
      });
    case 'kafka-broker':
      return brokerProperties({
        brokerId: service.brokerId,
        address: host.address,
        port: service.port,
        logDir: join(hp.kafkaHome, 'data', `kafka-logs-${service.brokerId}`),
        zookeeperConnect: zookeeperConnect(topology),
        sessionTimeoutMs: topology.zookeeperSessionTimeoutMs,
      });
    case 'connect-worker':
      return connectProperties({
        bootstrapServers: bootstrapServers(topology),
        address: host.address,
        port: service.port,
        pluginPath: join(hp.kafkaHome, 'plugins'),
      });
    case 'hdfs-namenode':
      return hadoopSiteXml([['dfs.replication', 1]]);
    case 'flume-agent': {
      const data = join(hp.flumeHome, 'data', service.agentName);
      const channel = { checkpointDir: join(data, 'checkpoint'), dataDir: join(data, 'data') };
      const hdfs = hdfsOf(topology);
      // The first agent ingests the spool directory; the second lands the topic in HDFS.
      if (flumeAgents(topology)[0]?.id === service.id || !hdfs) {
        return flumeIngestConf({
          agent: service.agentName,
          spoolDir: flumeIotPaths(paths, topology)?.spoolDir ?? join(hp.dir, 'iot', 'spool'),
          bootstrapServers: bootstrapServers(topology),
          topic: IOT_FLUME_TOPIC,
          ...channel,
        });
      }
      return flumeHdfsConf({
        agent: service.agentName,
        bootstrapServers: bootstrapServers(topology),
        topic: IOT_FLUME_TOPIC,
        groupId: FLUME_HDFS_GROUP,
        hdfsPath: `hdfs://localhost:${hdfs.port}${DATALAKE_HDFS_PATH}`,
        ...channel,
      });
    }
  }
}

/** Copies a template directory (files and sub-directories), keeping each file's mode. */
async function copyTree(fromDir: string, toDir: string): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const entry of await readdir(fromDir, { withFileTypes: true })) {
    const from = join(fromDir, entry.name);
    const to = join(toDir, entry.name);
    if (entry.isDirectory()) await copyTree(from, to);
    else await writeIfChanged(to, await readFile(from, 'utf8'), (await stat(from)).mode & 0o777);
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
