import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../src-main/profile/schemas';
import { ensureKafkaJars } from './jars';
import { checkCluster } from './kafka-check';
import { managedProcesses, serviceProcess, sshdProcesses, type ManagedProcess } from './inventory';
import { writeLayout } from './layout';
import { dataDirs, sandboxPaths, type SandboxLocation, type SandboxPaths } from './paths';
import { requireTools } from './prerequisites';
import { descendantPids, livePid, procState, readPidFile, removeFile, terminate, type TerminateResult } from './processes';
import { buildProfile, readProfile, writeProfile } from './profile';
import { acceptsTcp, connectRestAnswers, sshBanner, waitFor, zookeeperOk } from './readiness';
import { ensureIotPipelines } from './iot-pipelines';
import { assertPortFree, deathOf, diagnose, resumeIfStopped, startService, startSshd } from './services';
import { withLock } from './lock';
import {
  bootstrapServers,
  brokers,
  connectWorkers,
  defaultTopology,
  serviceAddress,
  zookeeperConnect,
  zookeeperOf,
  type SandboxTopology,
} from './topology';
import { readBrokerIds } from './zookeeper-client';

export interface SandboxOptions extends SandboxLocation {
  topology?: SandboxTopology;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface SandboxUpOptions extends SandboxOptions {
  /** Bound on each readiness wait (ms); default 120 s. */
  timeoutMs?: number;
}

export interface SandboxUpResult {
  profilePath: string;
  profile: Profile;
  /** "host/service" of processes started by this call, kept running, or resumed from SIGSTOP. */
  started: string[];
  kept: string[];
  resumed: string[];
  /** Milliseconds per phase, from the start of its phase. */
  timings: Record<string, number>;
  totalMs: number;
}

interface Context {
  paths: SandboxPaths;
  topology: SandboxTopology;
  log: (line: string) => void;
}

function context(options: SandboxOptions): Context {
  return {
    paths: sandboxPaths(options),
    topology: options.topology ?? defaultTopology,
    log: options.log ?? (() => undefined),
  };
}

const label = (p: ManagedProcess): string => `${p.hostId}/${p.serviceId}`;

/**
 * Brings the sandbox up, keeping whatever already runs: fetches the jars when
 * the cache lacks them, writes the layout, starts the sshd hosts, ZooKeeper,
 * the brokers and Connect through their bin/ scripts, waits on each one's real
 * readiness, proves a produce/consume round trip and writes the profile.
 */
export async function sandboxUp(options: SandboxUpOptions = {}): Promise<SandboxUpResult> {
  const ctx = context(options);
  return withLock(ctx.paths.lockFile, () => upLocked(ctx, options.timeoutMs ?? 120_000));
}

async function upLocked(ctx: Context, timeoutMs: number): Promise<SandboxUpResult> {
  const { paths, topology, log } = ctx;
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const started: string[] = [];
  const kept: string[] = [];
  const resumed: string[] = [];
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = Date.now() - start;
    }
  };

  const tools = await requireTools(['java', 'sshd', 'sshKeygen', 'setsid']);
  const jars = await phase('jars', () => ensureKafkaJars(paths, log));
  log(jars.fetched ? `fetched ${jars.jars} jars in ${seconds(jars.ms)}` : `jar cache complete (${jars.jars} jars in ${paths.libsDir})`);
  await phase('layout', () => writeLayout(paths, topology, tools.sshKeygen));

  // A fault test may have left processes stopped (cutHost); up means healthy.
  for (const proc of managedProcesses(paths, topology)) {
    const pid = await livePid(proc.pidFile, proc.marker);
    if (pid !== undefined && (await resumeIfStopped(pid))) {
      resumed.push(label(proc));
      log(`resumed stopped ${label(proc)} (pid ${pid})`);
    }
  }

  /** Starts proc unless it lives; returns whether it was started now. */
  const ensure = async (proc: ManagedProcess, start: () => Promise<void>): Promise<boolean> => {
    const pid = await livePid(proc.pidFile, proc.marker);
    if (pid !== undefined) {
      kept.push(label(proc));
      return false;
    }
    await removeFile(proc.pidFile);
    await assertPortFree(proc);
    await start();
    started.push(label(proc));
    log(`started ${label(proc)} (pid ${(await readPidFile(proc.pidFile)) ?? '?'})`);
    return true;
  };
  const waitOptions = (proc: ManagedProcess, what: string) => ({
    what: `${label(proc)} ${what}`,
    timeoutMs,
    abortIf: () => deathOf(proc),
    hint: () => diagnose(proc),
  });

  await phase('sshd', async () => {
    // sshd's privilege-separation directory, absent where sshd never ran. Only
    // root can create it; sshd's own error says more if that fails.
    await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
    await Promise.all(
      sshdProcesses(paths, topology).map(async (proc) => {
        await ensure(proc, () => startSshd(tools.sshd, paths, proc.hostId));
        await waitFor(() => sshBanner(proc.address, proc.port), waitOptions(proc, 'SSH banner'));
      }),
    );
  });

  const zk = zookeeperOf(topology);
  const zkProc = serviceProcess(paths, topology, zk);
  const zkConnect = zookeeperConnect(topology);
  await phase('zookeeper', async () => {
    await ensure(zkProc, () => startService(paths, zk));
    await waitFor(
      async () => ((await zookeeperOk(zkProc.address, zkProc.port)) ? true : undefined),
      waitOptions(zkProc, 'srvr reports a Mode'),
    );
  });

  await phase('brokers', async () => {
    await Promise.all(
      brokers(topology).map(async (b) => {
        const proc = serviceProcess(paths, topology, b);
        if ((await livePid(proc.pidFile, proc.marker)) === undefined) {
          // After a kill -9 the old registration lingers for the ZooKeeper
          // session timeout, and a broker that finds its id taken exits.
          await waitFor(async () => ((await readBrokerIds(zkConnect)).includes(b.brokerId) ? undefined : true), {
            what: `stale registration of broker ${b.brokerId} to expire`,
            timeoutMs: topology.zookeeperSessionTimeoutMs + 10_000,
          });
        }
        await ensure(proc, () => startService(paths, b));
        // Registered in ZooKeeper first, accepting connections a little later
        // (the listeners open at the very end of startup).
        await waitFor(
          async () =>
            (await readBrokerIds(zkConnect)).includes(b.brokerId) && (await acceptsTcp(proc.address, proc.port)) ? true : undefined,
          waitOptions(proc, `registration in /brokers/ids and listener ${proc.address}:${proc.port}`),
        );
      }),
    );
  });

  // Connect and the client round trip need only the brokers: run them together.
  await Promise.all([
    phase('connect', async () => {
      await Promise.all(
        connectWorkers(topology).map(async (c) => {
          const proc = serviceProcess(paths, topology, c);
          await ensure(proc, () => startService(paths, c));
          await waitFor(() => connectRestAnswers(`http://${serviceAddress(topology, c)}/`), waitOptions(proc, 'REST GET /'));
        }),
      );
    }),
    phase('check', async () => {
      const n = brokers(topology).length;
      const result = await checkCluster({
        bootstrap: bootstrapServers(topology),
        expectedBrokers: n,
        topic: topology.checkTopic,
        partitions: 3,
        replicationFactor: Math.min(3, n),
        timeoutMs,
      });
      log(
        `${result.created ? 'created' : 'found'} topic ${topology.checkTopic} (${result.partitions} partitions, RF ${result.replicationFactor}); ` +
          `produce/consume round trip ${result.roundTripMs} ms`,
      );
    }),
  ]);

  await phase('pipelines', () => ensureIotPipelines(paths, topology, log));

  const profile = buildProfile(paths, topology);
  await writeProfile(paths.profileFile, profile);
  return { profilePath: paths.profileFile, profile, started, kept, resumed, timings, totalMs: Date.now() - t0 };
}

export interface StoppedProcess extends TerminateResult {
  hostId: string;
  serviceId: string;
}

export interface SandboxDownResult {
  stopped: StoppedProcess[];
  /** address:port pairs of the sandbox that still accept connections afterwards (should be empty). */
  stillListening: string[];
  totalMs: number;
}

/** Grace before SIGKILL: a broker's controlled shutdown moves leadership first. */
const GRACE_MS: Record<ManagedProcess['kind'], number> = {
  'connect-worker': 20_000,
  'kafka-broker': 30_000,
  zookeeper: 15_000,
  sshd: 5_000,
};

/**
 * Stops every process of the sandbox by the pid in its pid file: SIGTERM,
 * SIGKILL after a grace period. Order: Connect, brokers one by one (each
 * controlled shutdown hands leadership to a broker still up), ZooKeeper, then
 * the sshd hosts with their open sessions.
 */
export async function sandboxDown(options: SandboxOptions = {}): Promise<SandboxDownResult> {
  const ctx = context(options);
  return withLock(ctx.paths.lockFile, () => downLocked(ctx));
}

async function downLocked(ctx: Context): Promise<SandboxDownResult> {
  const { paths, topology, log } = ctx;
  const t0 = Date.now();
  const stopped: StoppedProcess[] = [];
  const stop = async (proc: ManagedProcess): Promise<void> => {
    const pid = await livePid(proc.pidFile, proc.marker);
    if (pid !== undefined) {
      const since = Date.now();
      // An sshd's per-connection children outlive a SIGTERM to the listener.
      const sessions = proc.kind === 'sshd' ? await descendantPids(pid) : [];
      const result = await terminate(pid, GRACE_MS[proc.kind]);
      for (const child of sessions.reverse()) await terminate(child, 2_000);
      stopped.push({ ...result, hostId: proc.hostId, serviceId: proc.serviceId });
      log(`stopped ${label(proc)} (pid ${pid}) in ${seconds(Date.now() - since)}${result.how === 'kill' ? ', needed SIGKILL' : ''}`);
    }
    await removeFile(proc.pidFile);
  };

  for (const c of connectWorkers(topology)) await stop(serviceProcess(paths, topology, c));
  for (const b of [...brokers(topology)].reverse()) await stop(serviceProcess(paths, topology, b));
  await stop(serviceProcess(paths, topology, zookeeperOf(topology)));
  await Promise.all(sshdProcesses(paths, topology).map(stop));

  const stillListening: string[] = [];
  for (const proc of managedProcesses(paths, topology)) {
    if (await acceptsTcp(proc.address, proc.port, 500)) stillListening.push(`${proc.address}:${proc.port}`);
  }
  if (stillListening.length > 0) log(`still accepting connections (not started by this sandbox?): ${stillListening.join(', ')}`);
  return { stopped, stillListening, totalMs: Date.now() - t0 };
}

/** Down, then delete data, logs and pid files; keys, configs and the jar cache stay. */
export async function sandboxReset(options: SandboxOptions = {}): Promise<SandboxDownResult> {
  const ctx = context(options);
  return withLock(ctx.paths.lockFile, async () => {
    const result = await downLocked(ctx);
    for (const dir of dataDirs(ctx.paths, ctx.topology)) await rm(dir, { recursive: true, force: true });
    for (const host of ctx.topology.hosts) {
      const home = ctx.paths.host(host.id).kafkaHome;
      await rm(join(home, 'logs'), { recursive: true, force: true });
      await rm(join(home, 'run'), { recursive: true, force: true });
    }
    await rm(ctx.paths.profileFile, { force: true });
    ctx.log('deleted data, logs and pid files (keys and jar cache kept)');
    return result;
  });
}

export interface SandboxProcessStatus {
  hostId: string;
  serviceId: string;
  kind: ManagedProcess['kind'];
  /** From the pid file, when it names a live process of ours. */
  pid: number | undefined;
  state: 'running' | 'stopped' | 'down';
  address: string;
  port: number;
  listening: boolean;
}

export async function sandboxStatus(options: SandboxOptions = {}): Promise<SandboxProcessStatus[]> {
  const { paths, topology } = context(options);
  return Promise.all(
    managedProcesses(paths, topology).map(async (proc) => {
      const pid = await livePid(proc.pidFile, proc.marker);
      const state = pid === undefined ? 'down' : (await procState(pid)) === 'stopped' ? 'stopped' : 'running';
      return {
        hostId: proc.hostId,
        serviceId: proc.serviceId,
        kind: proc.kind,
        pid,
        state,
        address: proc.address,
        port: proc.port,
        listening: await acceptsTcp(proc.address, proc.port, 500),
      };
    }),
  );
}

/** The processes of the sandbox (pid files, markers, addresses), for fault tests. */
export function sandboxProcesses(options: SandboxOptions = {}): ManagedProcess[] {
  const { paths, topology } = context(options);
  return managedProcesses(paths, topology);
}

/** The profile written by the last `up`, validated. */
export async function loadSandboxProfile(options: SandboxLocation = {}): Promise<Profile> {
  return readProfile(sandboxPaths(options).profileFile);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
