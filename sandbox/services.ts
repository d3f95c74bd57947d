import { runCommand } from './command';
import { pidOf, type ManagedProcess } from './inventory';
import { servicePaths, type SandboxPaths } from './paths';
import { livePid, procState, signal, descendantPids } from './processes';
import { acceptsTcp, tailFile, waitFor } from './readiness';
import type { SandboxServiceSpec } from './topology';

/**
 * Starting processes. Services start through the generated bin/ scripts, run
 * from their home exactly as the app runs them over SSH
 * (`cd KAFKA_HOME && LOG_DIR=… bin/kafka-server-start.sh -daemon /abs/config/server-0.properties`).
 */

/** What the sandbox's hosts set for every session (sshd_config SetEnv), as an operator's environment would. */
export const HOST_ENVIRONMENT: Readonly<Record<string, string>> = {
  // The stock scripts default to 1 GiB brokers and 512 MiB ZooKeeper nodes; the whole sandbox shares two cores.
  KAFKA_HEAP_OPTS: '-Xmx384m',
};

/**
 * The environment a non-interactive SSH session to a sandbox host gives: no
 * KAFKA_OPTS or heap settings leaking in from the caller's shell.
 */
function scriptEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    ...HOST_ENVIRONMENT,
    ...extra,
  };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  return env;
}

/** The argv that starts a service from its home, as the app's defaults run it. */
export function startArgv(paths: SandboxPaths, service: SandboxServiceSpec): string[] {
  const sp = servicePaths(paths, service);
  switch (service.kind) {
    case 'zookeeper':
      return ['bin/zookeeper-server-start.sh', '-daemon', sp.config];
    case 'kafka-broker':
      return ['bin/kafka-server-start.sh', '-daemon', sp.config];
    case 'connect-worker':
      return ['bin/connect-distributed.sh', '-daemon', sp.config];
    case 'hdfs-namenode':
      return ['bin/hdfs-minicluster.sh', '-daemon', String(service.port), String(service.httpPort)];
    case 'flume-agent':
      // flume-ng stays in the foreground: detached with nohup, as people run it.
      return [
        'sh',
        '-c',
        'mkdir -p "$4" && nohup bin/flume-ng agent --conf conf --conf-file "$1" --name "$2" -Dflume.monitoring.type=http ' +
          '-Dflume.monitoring.port="$3" -Dflume.log.dir="$4" > "$4/$2.out" 2>&1 < /dev/null &',
        'flume-start',
        sp.config,
        service.agentName,
        String(service.port),
        sp.logDir,
      ];
  }
}

export async function startService(paths: SandboxPaths, service: SandboxServiceSpec): Promise<void> {
  const sp = servicePaths(paths, service);
  const [file, ...args] = startArgv(paths, service);
  // setsid: the JVM gets a session of its own, so a Ctrl-C in the terminal that runs `npm run web` does not reach it.
  await runCommand('setsid', [file!, ...args], {
    cwd: sp.home,
    env: scriptEnv(service.kind === 'hdfs-namenode' || service.kind === 'flume-agent' ? {} : { LOG_DIR: sp.logDir }),
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
        `(no live process holds ${proc.marker}); stop that process or free the port, then run up again`,
    );
  }
}

/** Explains a failed wait: is the process still there, and what did it log last. */
export async function diagnose(proc: ManagedProcess): Promise<string> {
  const pid = await pidOf(proc);
  const status = pid === undefined ? 'the process is not running' : `pid ${pid} is ${await procState(pid)}`;
  const tail = await tailFile(proc.logFile, 15);
  return `${proc.hostId}/${proc.serviceId}: ${status}; last lines of ${proc.logFile}:\n${tail || '(empty)'}`;
}

/** Undefined while the process lives; a reason once it died (ends a readiness wait early). */
export async function deathOf(proc: ManagedProcess): Promise<string | undefined> {
  return (await pidOf(proc)) === undefined ? `${proc.serviceId} exited` : undefined;
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
