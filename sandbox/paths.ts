import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FLUME_VERSION,
  HADOOP_VERSION,
  KAFKA_VERSION,
  daemonName,
  serviceFileName,
  type SandboxServiceSpec,
  type SandboxTopology,
} from './topology';

/**
 * Where everything lives. The sandbox root (default <repo>/.sandbox, which is
 * gitignored) holds generated hosts, keys and data; the jar cache sits outside
 * the repo so it survives fresh clones and resets.
 */

export interface HostPaths {
  dir: string;
  /** KAFKA_HOME of the host, laid out like the Apache distribution. */
  kafkaHome: string;
  /** Where the HDFS minicluster runs from (its data and logs), on the data-lake host. */
  hadoopHome: string;
  /** FLUME_HOME: bin/flume-ng, conf/, lib -> the Flume jar cache, logs/. */
  flumeHome: string;
  sshdDir: string;
  sshdConfig: string;
  sshdPidFile: string;
  sshdLog: string;
  hostKey: string;
  authorizedKeys: string;
  /** Client side: the private key that logs in to this host. */
  userKey: string;
}

export interface SandboxPaths {
  repoRoot: string;
  /** Templates shipped in the repo (bin scripts, log4j configs). */
  templateDir: string;
  pomFile: string;
  root: string;
  cacheDir: string;
  /** <cache>/kafka-<version>: libs/, plugins/, and the completion marker. */
  kafkaDir: string;
  libsDir: string;
  pluginsDir: string;
  jarsMarker: string;
  /** Jar caches of the data-lake parts: <cache>/hadoop-<v>/libs and <cache>/flume-<v>/libs. */
  hadoopDir: string;
  flumeDir: string;
  clientDir: string;
  knownHostsFile: string;
  profileFile: string;
  lockFile: string;
  hostsDir: string;
  host(hostId: string): HostPaths;
}

export interface SandboxLocation {
  root?: string;
  cacheDir?: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export function sandboxPaths(location: SandboxLocation = {}, env: NodeJS.ProcessEnv = process.env): SandboxPaths {
  const root = resolve(location.root ?? env.KCC_SANDBOX_DIR ?? join(repoRoot, '.sandbox'));
  const cacheDir = resolve(location.cacheDir ?? env.KCC_CACHE_DIR ?? join(homedir(), '.cache', 'kafka-control-center'));
  const kafkaDir = join(cacheDir, `kafka-${KAFKA_VERSION}`);
  const clientDir = join(root, 'client');
  const hostsDir = join(root, 'hosts');
  return {
    repoRoot: resolve(repoRoot),
    templateDir: join(repoRoot, 'sandbox', 'kafka-home'),
    pomFile: join(repoRoot, 'sandbox', 'pom.xml'),
    root,
    cacheDir,
    kafkaDir,
    libsDir: join(kafkaDir, 'libs'),
    pluginsDir: join(kafkaDir, 'plugins'),
    jarsMarker: join(kafkaDir, '.complete'),
    hadoopDir: join(cacheDir, `hadoop-${HADOOP_VERSION}`),
    flumeDir: join(cacheDir, `flume-${FLUME_VERSION}`),
    clientDir,
    knownHostsFile: join(clientDir, 'known_hosts'),
    profileFile: join(root, 'profile.yaml'),
    lockFile: join(root, '.lock'),
    hostsDir,
    host(hostId: string): HostPaths {
      const dir = join(hostsDir, hostId);
      const sshdDir = join(dir, 'sshd');
      return {
        dir,
        kafkaHome: join(dir, 'kafka'),
        hadoopHome: join(dir, 'hadoop'),
        flumeHome: join(dir, 'flume'),
        sshdDir,
        sshdConfig: join(sshdDir, 'sshd_config'),
        sshdPidFile: join(sshdDir, 'sshd.pid'),
        sshdLog: join(sshdDir, 'sshd.log'),
        hostKey: join(sshdDir, 'host_key'),
        authorizedKeys: join(sshdDir, 'authorized_keys'),
        userKey: join(clientDir, 'keys', `${hostId}_ed25519`),
      };
    },
  };
}

/** Files of one service inside its host's KAFKA_HOME (or Hadoop / Flume home). */
export interface ServicePaths {
  /** The install the service runs from (KAFKA_HOME, FLUME_HOME, the minicluster's home). */
  home: string;
  /** Absolute config path: it is on the service's command line, and on no other process's. */
  config: string;
  /** The service's own LOG_DIR: services sharing a home never share a server.log. */
  logDir: string;
  /** Console output of the daemon (kafka-run-class.sh -daemon's <name>.out). */
  log: string;
}

export function servicePaths(paths: SandboxPaths, service: SandboxServiceSpec): ServicePaths {
  const hp = paths.host(service.host);
  const name = serviceFileName(service);
  switch (service.kind) {
    case 'hdfs-namenode': {
      const logDir = join(hp.hadoopHome, 'logs');
      return { home: hp.hadoopHome, config: join(hp.hadoopHome, 'etc', 'hadoop', 'hdfs-site.xml'), logDir, log: join(logDir, 'hdfs.out') };
    }
    case 'flume-agent': {
      const logDir = join(hp.flumeHome, 'logs', service.agentName);
      return { home: hp.flumeHome, config: join(hp.flumeHome, 'conf', `${name}.conf`), logDir, log: join(logDir, `${name}.out`) };
    }
    default: {
      const logDir = join(hp.kafkaHome, 'logs', service.id);
      return {
        home: hp.kafkaHome,
        config: join(hp.kafkaHome, 'config', `${name}.properties`),
        logDir,
        log: join(logDir, `${daemonName(service)}.out`),
      };
    }
  }
}

/** Data directories of a host, deleted by `reset` (with Kafka's data, the pipelines' files go too: their offsets lived in Kafka). */
export function dataDirs(paths: SandboxPaths, topology: SandboxTopology): string[] {
  return topology.hosts.flatMap((h) => [
    join(paths.host(h.id).kafkaHome, 'data'),
    join(paths.host(h.id).hadoopHome, 'data'),
    join(paths.host(h.id).flumeHome, 'data'),
    join(paths.host(h.id).dir, 'iot'),
    join(paths.host(h.id).dir, 'datalake'),
  ]);
}
