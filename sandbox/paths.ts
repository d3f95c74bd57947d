import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KAFKA_VERSION, serviceFileName, type SandboxServiceSpec, type SandboxTopology } from './topology';

/**
 * Where everything lives. The sandbox root (default <repo>/.sandbox, which is
 * gitignored) holds generated hosts, keys and data; the jar cache sits outside
 * the repo so it survives fresh clones and resets.
 */

export interface HostPaths {
  dir: string;
  /** KAFKA_HOME of the host, laid out like the Apache distribution. */
  kafkaHome: string;
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

/** Files of one service inside its host's KAFKA_HOME. */
export interface ServicePaths {
  /** Relative to KAFKA_HOME, as the profile and the bin scripts take it. */
  configRel: string;
  config: string;
  pidFile: string;
  logRel: string;
  log: string;
}

export function servicePaths(paths: SandboxPaths, service: SandboxServiceSpec): ServicePaths {
  const home = paths.host(service.host).kafkaHome;
  const name = serviceFileName(service);
  return {
    configRel: `config/${name}.properties`,
    config: join(home, 'config', `${name}.properties`),
    pidFile: join(home, 'run', `${name}.pid`),
    logRel: `logs/${name}.out`,
    log: join(home, 'logs', `${name}.out`),
  };
}

/** Data directories of a host, deleted by `reset` (with Kafka's data, the pipelines' files go too: their offsets lived in Kafka). */
export function dataDirs(paths: SandboxPaths, topology: SandboxTopology): string[] {
  return topology.hosts.flatMap((h) => [
    join(paths.host(h.id).kafkaHome, 'data'),
    join(paths.host(h.id).dir, 'iot'),
    join(paths.host(h.id).dir, 'datalake'),
  ]);
}
