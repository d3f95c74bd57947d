import type { SandboxPaths } from './paths';
import { servicePaths } from './paths';
import { javaPidsWith, livePid } from './processes';
import { hostOf, type SandboxServiceSpec, type SandboxTopology } from './topology';

/**
 * Every process the sandbox owns, with how to find it (pid file) and how to
 * recognise it (a marker in its command line). up, down, status and the test
 * fixture all work from this one list.
 */
export interface ManagedProcess {
  hostId: string;
  /** 'sshd' for a host's SSH daemon, else the service id of the profile. */
  serviceId: string;
  kind: 'sshd' | SandboxServiceSpec['kind'];
  /** sshd only: the JVMs write none, as the stock scripts write none. */
  pidFile?: string;
  /** Absolute config path (HDFS: its data directory): present in the command line of that process only. */
  marker: string;
  address: string;
  port: number;
  /** Where to look when it fails. */
  logFile: string;
}

export function sshdProcesses(paths: SandboxPaths, topology: SandboxTopology): ManagedProcess[] {
  return topology.hosts.map((h) => {
    const hp = paths.host(h.id);
    return {
      hostId: h.id,
      serviceId: 'sshd',
      kind: 'sshd' as const,
      pidFile: hp.sshdPidFile,
      marker: hp.sshdConfig,
      address: h.address,
      port: h.sshPort,
      logFile: hp.sshdLog,
    };
  });
}

export function serviceProcess(paths: SandboxPaths, topology: SandboxTopology, service: SandboxServiceSpec): ManagedProcess {
  const sp = servicePaths(paths, service);
  return {
    hostId: service.host,
    serviceId: service.id,
    kind: service.kind,
    marker: service.kind === 'hdfs-namenode' ? `-Dtest.build.data=${sp.home}/data` : sp.config,
    // The minicluster binds localhost whatever its host's address.
    address: service.kind === 'hdfs-namenode' ? '127.0.0.1' : hostOf(topology, service).address,
    port: service.port,
    logFile: sp.log,
  };
}

/**
 * The live pid of a managed process: an sshd's from its pid file, a JVM's from
 * its command line. Undefined when none runs; the first when (wrongly) several do.
 */
export async function pidOf(proc: ManagedProcess): Promise<number | undefined> {
  if (proc.pidFile !== undefined) return livePid(proc.pidFile, proc.marker);
  return (await javaPidsWith(proc.marker))[0];
}

export function managedProcesses(paths: SandboxPaths, topology: SandboxTopology): ManagedProcess[] {
  return [...sshdProcesses(paths, topology), ...topology.services.map((s) => serviceProcess(paths, topology, s))];
}
