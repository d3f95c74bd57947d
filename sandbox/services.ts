import { join } from 'node:path';
import { runCommand } from './command';
import type { ManagedProcess } from './inventory';
import { servicePaths, type SandboxPaths } from './paths';
import { livePid, procState, signal, descendantPids } from './processes';
import { acceptsTcp, tailFile, waitFor } from './readiness';
import { serviceScripts, type SandboxServiceSpec } from './topology';

/**
 * Starting processes. Services start through the generated bin/ scripts, run
 * from KAFKA_HOME exactly as the app runs them over SSH
 * (`cd KAFKA_HOME && bin/kafka-server-start.sh -daemon config/server-0.properties`).
 */

/**
 * The environment a non-interactive SSH session would give: no KAFKA_OPTS or
 * heap settings leaking in from the caller's shell.
 */
function scriptEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
  };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  return env;
}

export async function startService(paths: SandboxPaths, service: SandboxServiceSpec): Promise<void> {
  const home = paths.host(service.host).kafkaHome;
  const script = serviceScripts(service).start;
  await runCommand(join(home, script), ['-daemon', servicePaths(paths, service).configRel], {
    cwd: home,
    env: scriptEnv(),
    timeoutMs: 30_000,
  });
}

export async function startSshd(sshd: string, paths: SandboxPaths, hostId: string): Promise<void> {
  const hp = paths.host(hostId);
  // sshd re-executes itself for every connection, so both paths must be absolute.
  await runCommand(sshd, ['-f', hp.sshdConfig, '-E', hp.sshdLog], { timeoutMs: 30_000 });
  // The command returns when sshd has daemonized; the daemon writes its pid
  // file a moment later, and everything after this goes by that file.
  await waitFor(async () => livePid(hp.sshdPidFile, hp.sshdConfig), {
    what: `${hostId}/sshd pid file ${hp.sshdPidFile}`,
    timeoutMs: 10_000,
    intervalMs: 50,
    hint: async () => `last lines of ${hp.sshdLog}:\n${await tailFile(hp.sshdLog, 15)}`,
  });
}

/**
 * Refuses to start a process whose address:port already answers: something
 * not started by this sandbox (or an orphan whose pid file was lost) holds it,
 * and a second server would only fail to bind.
 */
export async function assertPortFree(proc: ManagedProcess): Promise<void> {
  if (await acceptsTcp(proc.address, proc.port, 500)) {
    throw new Error(
      `${proc.address}:${proc.port} (${proc.hostId}/${proc.serviceId}) is already taken by a process this sandbox did not start ` +
        `(no live pid in ${proc.pidFile}); stop that process or free the port, then run up again`,
    );
  }
}

/** Explains a failed wait: is the process still there, and what did it log last. */
export async function diagnose(proc: ManagedProcess): Promise<string> {
  const pid = await livePid(proc.pidFile, proc.marker);
  const status = pid === undefined ? 'the process is not running' : `pid ${pid} is ${await procState(pid)}`;
  const tail = await tailFile(proc.logFile, 15);
  return `${proc.hostId}/${proc.serviceId}: ${status}; last lines of ${proc.logFile}:\n${tail || '(empty)'}`;
}

/** Undefined while the process lives; a reason once it died (ends a readiness wait early). */
export async function deathOf(proc: ManagedProcess): Promise<string | undefined> {
  return (await livePid(proc.pidFile, proc.marker)) === undefined ? `${proc.serviceId} exited` : undefined;
}

/**
 * SIGCONT to a process a fault test stopped, and to its descendants (an
 * sshd's sessions). Returns true when anything was stopped.
 */
export async function resumeIfStopped(pid: number): Promise<boolean> {
  let resumed = false;
  for (const p of [pid, ...(await descendantPids(pid))]) {
    if ((await procState(p)) === 'stopped') {
      signal(p, 'SIGCONT');
      resumed = true;
    }
  }
  return resumed;
}
