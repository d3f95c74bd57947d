import { inject } from 'vitest';
import type { Profile } from '../../src-main/profile/schemas';
import {
  defaultTopology,
  loadSandboxProfile,
  readBrokerIds,
  sandboxProcesses,
  zookeeperConnect,
  type ManagedProcess,
  type SandboxOptions,
} from '../../sandbox/index';
import { pidOf } from '../../sandbox/inventory';
import { descendantPids, signal, terminate, waitForExit } from '../../sandbox/processes';

/**
 * Fault injection for tests against the sandbox. Every action goes by the pid
 * of one process (an sshd's from its pid file, a JVM's found by its absolute
 * config path on its command line), never by process name, so it touches
 * exactly one sandbox process.
 */

/** The profile path handed over by the global setup (inject) or the environment. */
export function sandboxProfilePath(): string {
  let fromInject: string | undefined;
  try {
    fromInject = inject('sandboxProfile');
  } catch {
    fromInject = undefined; // outside a vitest worker
  }
  const path = fromInject ?? process.env.KCC_SANDBOX_PROFILE;
  if (!path) throw new Error('no sandbox profile: run under the integration/e2e project (its globalSetup runs sandbox up)');
  return path;
}

export function sandboxProfile(options: SandboxOptions = {}): Promise<Profile> {
  return loadSandboxProfile(options);
}

function serviceProc(serviceId: string, options: SandboxOptions): ManagedProcess {
  const proc = sandboxProcesses(options).find((p) => p.kind !== 'sshd' && p.serviceId === serviceId);
  if (!proc) {
    const known = sandboxProcesses(options)
      .filter((p) => p.kind !== 'sshd')
      .map((p) => p.serviceId);
    throw new Error(`no sandbox service "${serviceId}" (known: ${known.join(', ')})`);
  }
  return proc;
}

/** Live pid of a service (profile service id, e.g. "broker-1"), or undefined when it is down. */
export async function servicePid(serviceId: string, options: SandboxOptions = {}): Promise<number | undefined> {
  return pidOf(serviceProc(serviceId, options));
}

async function requirePid(proc: ManagedProcess): Promise<number> {
  const pid = await pidOf(proc);
  if (pid === undefined) throw new Error(`${proc.hostId}/${proc.serviceId} is not running (no process holds ${proc.marker})`);
  return pid;
}

/**
 * Sends a signal to a service's process; for SIGKILL and SIGTERM, waits (up
 * to timeoutMs) until it is gone. Returns the pid.
 */
export async function killService(
  serviceId: string,
  sig: NodeJS.Signals = 'SIGKILL',
  options: SandboxOptions & { timeoutMs?: number } = {},
): Promise<number> {
  const pid = await requirePid(serviceProc(serviceId, options));
  signal(pid, sig);
  if (sig === 'SIGKILL' || sig === 'SIGTERM') {
    if (!(await waitForExit(pid, options.timeoutMs ?? 60_000))) throw new Error(`${serviceId} (pid ${pid}) still alive after ${sig}`);
  }
  return pid;
}

/** Graceful stop: SIGTERM (a broker's controlled shutdown), SIGKILL only after 60 s. Returns the pid. */
export async function stopService(serviceId: string, options: SandboxOptions = {}): Promise<number> {
  const pid = await requirePid(serviceProc(serviceId, options));
  await terminate(pid, 60_000);
  return pid;
}

/** The pids that make up a host: its sshd, the sshd's sessions, and its services. */
async function hostPids(hostId: string, options: SandboxOptions): Promise<number[]> {
  const procs = sandboxProcesses(options).filter((p) => p.hostId === hostId);
  if (procs.length === 0) throw new Error(`no sandbox host "${hostId}"`);
  const pids: number[] = [];
  for (const proc of procs) {
    const pid = await pidOf(proc);
    if (pid === undefined) continue;
    pids.push(pid);
    if (proc.kind === 'sshd') pids.push(...(await descendantPids(pid)));
  }
  return pids;
}

/**
 * Makes a host unreachable the way a dead network does: SIGSTOP its sshd (new
 * SSH connections hang after the TCP handshake), its open SSH sessions and its
 * services (their connections hang too, and brokers lose their ZooKeeper
 * session after the session timeout). Returns the stopped pids.
 */
export async function cutHost(hostId: string, options: SandboxOptions = {}): Promise<number[]> {
  const pids = await hostPids(hostId, options);
  for (const pid of pids) signal(pid, 'SIGSTOP');
  return pids;
}

/** Undoes cutHost: SIGCONT to the same set of processes. */
export async function restoreHost(hostId: string, options: SandboxOptions = {}): Promise<number[]> {
  const pids = await hostPids(hostId, options);
  for (const pid of pids) signal(pid, 'SIGCONT');
  return pids;
}

/** Broker ids registered in ZooKeeper (/brokers/ids), sorted. */
export function brokerIds(options: SandboxOptions = {}): Promise<number[]> {
  return readBrokerIds(zookeeperConnect(options.topology ?? defaultTopology));
}
