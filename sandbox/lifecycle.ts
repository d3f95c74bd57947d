import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../src-main/profile/schemas';
import { datalakeJarSets, ensureJarSet, ensureKafkaJars } from './jars';
import { checkCluster } from './kafka-check';
import { managedProcesses, pidOf, serviceProcess, sshdProcesses, type ManagedProcess } from './inventory';
import { writeLayout } from './layout';
import { dataDirs, sandboxPaths, type SandboxLocation, type SandboxPaths } from './paths';
import { requireTools } from './prerequisites';
import { descendantPids, procState, removeFile, terminate, type TerminateResult } from './processes';
import { buildProfile, readProfile, writeProfile } from './profile';
import { acceptsTcp, connectRestAnswers, flumeMetricsAnswer, sshBanner, waitFor, webHdfsAnswers, zookeeperMode } from './readiness';
import { ensureIotPipelines, seedDataLake } from './iot-pipelines';
import { assertPortFree, deathOf, diagnose, resumeIfStopped, startService, startSshd } from './services';
import { withLock } from './lock';
import {
  bootstrapServers,
  brokers,
  connectWorkers,
  defaultTopology,
  flumeAgents,
  hdfsOf,
  serviceAddress,
  zookeeperConnect,
  zookeepers,
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
  await phase('jars', async () => {
    const kafka = await ensureKafkaJars(paths, log);
    log(
      kafka.fetched
        ? `fetched ${kafka.jars} Kafka jars in ${seconds(kafka.ms)}`
        : `jar cache complete (${kafka.jars} jars in ${paths.libsDir})`,
    );
    if (hdfsOf(topology) || flumeAgents(topology).length > 0) {
      for (const set of datalakeJarSets(paths)) {
        const r = await ensureJarSet(set, log);
        if (r.fetched) log(`fetched ${r.jars} ${set.name} jars in ${seconds(r.ms)}`);
      }
    }
  });
  await phase('layout', () => writeLayout(paths, topology, tools.sshKeygen));

  // A fault test may have left processes stopped (cutHost); up means healthy.
  for (const proc of managedProcesses(paths, topology)) {
    const pid = await pidOf(proc);
    if (pid !== undefined && (await resumeIfStopped(pid))) {
      resumed.push(label(proc));
      log(`resumed stopped ${label(proc)} (pid ${pid})`);
    }
  }

  /** Starts proc unless it lives; returns whether it was started now. */
  const ensure = async (proc: ManagedProcess, start: () => Promise<void>): Promise<boolean> => {
    if ((await pidOf(proc)) !== undefined) {
      kept.push(label(proc));
      return false;
    }
    if (proc.pidFile !== undefined) await removeFile(proc.pidFile);
    await assertPortFree(proc);
    await start();
    started.push(label(proc));
    const pid = await waitFor(() => pidOf(proc), { what: `${label(proc)} process`, timeoutMs: 10_000, intervalMs: 50 }).catch(
      () => undefined,
    );
    log(`started ${label(proc)} (pid ${pid ?? '?'})`);
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

  const zkConnect = zookeeperConnect(topology);
  await phase('zookeeper', async () => {
    // All members at once: an ensemble serves only once a quorum has elected a leader.
    await Promise.all(
      zookeepers(topology).map(async (zk) => {
        const proc = serviceProcess(paths, topology, zk);
        await ensure(proc, () => startService(paths, zk));
        await waitFor(
          async () => ((await zookeeperMode(proc.address, proc.port)) ?? '').replace(/^(standalone)$/, '') || undefined,
          waitOptions(proc, 'srvr reports leader or follower'),
        );
      }),
    );
  });

  await phase('brokers', async () => {
    await Promise.all(
      brokers(topology).map(async (b) => {
        const proc = serviceProcess(paths, topology, b);
        if ((await pidOf(proc)) === undefined) {
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

  // Connect, HDFS and the client round trip need only the brokers: run them together.
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
    phase('hdfs', async () => {
      const hdfs = hdfsOf(topology);
      if (!hdfs) return;
      const proc = serviceProcess(paths, topology, hdfs);
      await ensure(proc, () => startService(paths, hdfs));
      await waitFor(() => webHdfsAnswers(hdfs.httpPort), waitOptions(proc, `WebHDFS on localhost:${hdfs.httpPort}`));
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

  await phase('flume', async () => {
    await Promise.all(
      flumeAgents(topology).map(async (agent) => {
        const proc = serviceProcess(paths, topology, agent);
        await ensure(proc, () => startService(paths, agent));
        await waitFor(() => flumeMetricsAnswer(proc.address, proc.port), waitOptions(proc, `metrics on ${proc.address}:${proc.port}`));
      }),
    );
  });

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
  'flume-agent': 15_000,
  'hdfs-namenode': 15_000,
  'connect-worker': 20_000,
  'kafka-broker': 30_000,
  zookeeper: 15_000,
  sshd: 5_000,
};

/**
 * Stops every process of the sandbox by pid: SIGTERM, SIGKILL after a grace
 * period. Order: the Flume agents, Connect and HDFS, brokers one by one (each
 * controlled shutdown hands leadership to a broker still up), the ZooKeeper
 * ensemble, then the sshd hosts with their open sessions.
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
    const pid = await pidOf(proc);
    if (pid !== undefined) {
      const since = Date.now();
      // An sshd's per-connection children outlive a SIGTERM to the listener.
      const sessions = proc.kind === 'sshd' ? await descendantPids(pid) : [];
      const result = await terminate(pid, GRACE_MS[proc.kind]);
      for (const child of sessions.reverse()) await terminate(child, 2_000);
      stopped.push({ ...result, hostId: proc.hostId, serviceId: proc.serviceId });
      log(`stopped ${label(proc)} (pid ${pid}) in ${seconds(Date.now() - since)}${result.how === 'kill' ? ', needed SIGKILL' : ''}`);
    }
    if (proc.pidFile !== undefined) await removeFile(proc.pidFile);
  };

  await Promise.all(flumeAgents(topology).map((a) => stop(serviceProcess(paths, topology, a))));
  const hdfs = hdfsOf(topology);
  await Promise.all([
    ...connectWorkers(topology).map((c) => stop(serviceProcess(paths, topology, c))),
    ...(hdfs ? [stop(serviceProcess(paths, topology, hdfs))] : []),
  ]);
  for (const b of [...brokers(topology)].reverse()) await stop(serviceProcess(paths, topology, b));
  await Promise.all(zookeepers(topology).map((z) => stop(serviceProcess(paths, topology, z))));
  await Promise.all(sshdProcesses(paths, topology).map(stop));

  const stillListening: string[] = [];
  for (const proc of managedProcesses(paths, topology)) {
    if (await acceptsTcp(proc.address, proc.port, 500)) stillListening.push(`${proc.address}:${proc.port}`);
  }
  if (stillListening.length > 0) log(`still accepting connections (not started by this sandbox?): ${stillListening.join(', ')}`);
  return { stopped, stillListening, totalMs: Date.now() - t0 };
}

/** Down, then delete data and logs; keys, configs and the jar caches stay. */
export async function sandboxReset(options: SandboxOptions = {}): Promise<SandboxDownResult> {
  const ctx = context(options);
  return withLock(ctx.paths.lockFile, async () => {
    const result = await downLocked(ctx);
    for (const dir of dataDirs(ctx.paths, ctx.topology)) await rm(dir, { recursive: true, force: true });
    for (const host of ctx.topology.hosts) {
      const hp = ctx.paths.host(host.id);
      for (const home of [hp.kafkaHome, hp.hadoopHome, hp.flumeHome]) await rm(join(home, 'logs'), { recursive: true, force: true });
    }
    await rm(ctx.paths.profileFile, { force: true });
    ctx.log('deleted data and logs (keys and jar caches kept)');
    return result;
  });
}

export interface SandboxProcessStatus {
  hostId: string;
  serviceId: string;
  kind: ManagedProcess['kind'];
  /** The live process of ours, found by its pid file (sshd) or its command line. */
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
      const pid = await pidOf(proc);
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

/** The processes of the sandbox (markers, addresses), for fault tests. */
export function sandboxProcesses(options: SandboxOptions = {}): ManagedProcess[] {
  const { paths, topology } = context(options);
  return managedProcesses(paths, topology);
}

/** Seeds the data lake once (see seedDataLake) on the sandbox of these options. */
export async function seedSandboxDataLake(options: SandboxOptions = {}): Promise<void> {
  const { paths, topology, log } = context(options);
  await seedDataLake(paths, topology, log);
}

/** The profile written by the last `up`, validated. */
export async function loadSandboxProfile(options: SandboxLocation = {}): Promise<Profile> {
  return readProfile(sandboxPaths(options).profileFile);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
