import { AppFailure, fail } from '../common/errors';
import type { Profile, Service } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { isListening, zookeeperMode } from '../net/dial';
import type { ClusterAccess } from '../net/cluster-access';
import { readBrokerIds } from '../zookeeper/cluster-metadata';
import { ZkSession } from '../zookeeper/zk-session';
import { PIDS_SCRIPT, commandsFor, parsePidsOutput, pidsScriptArgs } from './service-commands';
import type { OperationContext } from './operations';
import type { ServiceStatus } from './schemas';

export interface ServiceControlDeps {
  pool: SshPool;
  profile: () => Promise<Profile>;
  access: ClusterAccess;
  /**
   * The registered broker ids from a live ZooKeeper watch, or undefined when there is none yet: saves a ZooKeeper
   * session of its own (a few hundred ms) on every status check.
   */
  liveBrokerIds?: () => number[] | undefined;
}

const POLL_MS = 500;
/** After SIGKILL the kernel needs a moment to tear a process down. */
const KILL_SETTLE_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function endpointOf(service: Service): string | undefined {
  switch (service.kind) {
    case 'zookeeper':
      return service.clientAddress;
    case 'kafka-broker':
      return service.advertisedAddress;
    case 'connect-worker':
      return hostPortOf(service.restUrl);
    case 'streamsets':
      return hostPortOf(service.baseUrl);
    case 'flume-agent':
      return hostPortOf(service.monitoringUrl);
    case 'hdfs-namenode':
      // The NameNode's RPC port, where Flume's HDFS sink connects.
      return hostPortOf(service.fsUri, 8020);
  }
}

function hostPortOf(url: string, defaultPort?: number): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || defaultPort || (u.protocol === 'https:' ? 443 : 80)}`;
}

/** WebHDFS's status of "/": answers as soon as the NameNode serves metadata. */
export function webhdfsRootStatusUrl(namenode: Extract<Service, { kind: 'hdfs-namenode' }>): string {
  const u = new URL('webhdfs/v1/', namenode.webhdfsUrl.replace(/\/*$/, '/'));
  u.searchParams.set('op', 'GETFILESTATUS');
  u.searchParams.set('user.name', namenode.user);
  return u.toString();
}

/**
 * Status, start and stop of one service on its host. Start and stop are
 * verified by what matters (the process, the port, ZooKeeper registration),
 * never by the start script's exit code alone.
 */
export class ServiceControl {
  constructor(private readonly deps: ServiceControlDeps) {}

  async service(id: string): Promise<{ service: Service; profile: Profile }> {
    const profile = await this.deps.profile();
    const service = profile.services.find((s) => s.id === id);
    if (!service)
      fail('not_found', `No service "${id}" in profile ${profile.name}.`, {
        hint: `Services: ${profile.services.map((s) => s.id).join(', ')}`,
      });
    return { service, profile };
  }

  async pids(service: Service): Promise<number[]> {
    const r = await this.deps.pool.exec(service.host, ['sh', '-c', PIDS_SCRIPT, 'pids', ...pidsScriptArgs([service])], {
      timeoutMs: 15_000,
    });
    if (r.code !== 0) fail('remote_command_failed', `pgrep failed on ${service.host}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return parsePidsOutput(r.stdout)[0] ?? [];
  }

  /** Readiness as the service defines it; brokers are checked against `brokerIds` when the caller read them once for all. */
  async healthy(service: Service, brokerIds?: () => Promise<number[]>): Promise<boolean | null> {
    try {
      switch (service.kind) {
        case 'zookeeper':
          return (await zookeeperMode(this.deps.access.dial, service.clientAddress)) !== undefined;
        case 'kafka-broker':
          return (await (brokerIds ?? (() => this.registeredBrokerIds()))()).includes(service.brokerId);
        case 'connect-worker': {
          // Through the tunnel when the profile tunnels: the worker's REST port is usually private.
          const res = await this.deps.access.fetch(service.restUrl, { signal: AbortSignal.timeout(4_000) });
          return res.ok;
        }
        case 'streamsets':
          return null;
        case 'flume-agent':
          return await this.answersJson(service.monitoringUrl);
        case 'hdfs-namenode':
          return await this.answersJson(webhdfsRootStatusUrl(service));
      }
    } catch {
      return false;
    }
  }

  /** The URL answers 200 with a JSON object (not a proxy's or another server's page). */
  private async answersJson(url: string): Promise<boolean> {
    const res = await this.deps.access.fetch(url, { signal: AbortSignal.timeout(4_000) });
    if (!res.ok) return false;
    try {
      const body: unknown = await res.json();
      return typeof body === 'object' && body !== null;
    } catch {
      return false;
    }
  }

  private async registeredBrokerIds(): Promise<number[]> {
    const live = this.deps.liveBrokerIds?.();
    if (live) return live;
    const zk = await ZkSession.connect(await this.deps.access.zookeeper(), { timeoutMs: 4_000 });
    try {
      return await readBrokerIds(zk);
    } finally {
      zk.close();
    }
  }

  async status(id: string): Promise<ServiceStatus> {
    const [status] = await this.statuses([id]);
    if (!status) fail('not_found', `No service "${id}".`);
    return status;
  }

  /**
   * Several services at once, the way the Hosts view asks: one exec per host finds the processes of all its
   * services, hosts in parallel, and one ZooKeeper read answers for every broker.
   */
  async statuses(ids: ReadonlyArray<string>): Promise<ServiceStatus[]> {
    const services = await Promise.all(ids.map(async (id) => (await this.service(id)).service));
    const byHost = new Map<string, Service[]>();
    for (const s of services) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s]);
    const found = new Map<string, number[] | string>();
    await Promise.all(
      [...byHost].map(async ([host, list]) => {
        try {
          const pids = await this.pidsOnHost(host, list);
          list.forEach((s, i) => found.set(s.id, pids[i] ?? []));
        } catch (err) {
          for (const s of list) found.set(s.id, err instanceof AppFailure ? err.error.message : String(err));
        }
      }),
    );
    let brokerIds: Promise<number[]> | undefined;
    const sharedBrokerIds = () => (brokerIds ??= this.registeredBrokerIds());
    return Promise.all(services.map((s) => this.statusOf(s, found.get(s.id) ?? [], sharedBrokerIds)));
  }

  /** The pids of each service's process, in the order given, from one `pgrep` per service in one remote shell. */
  private async pidsOnHost(host: string, services: ReadonlyArray<Service>): Promise<number[][]> {
    // In the host's long-lived shell: statuses are polled every few seconds, and a session per poll costs more than pgrep.
    const r = await this.deps.pool.execQuick(host, ['sh', '-c', PIDS_SCRIPT, 'pids', ...pidsScriptArgs(services)], { timeoutMs: 15_000 });
    if (r.code !== 0) fail('remote_command_failed', `pgrep failed on ${host}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return parsePidsOutput(r.stdout);
  }

  private async statusOf(service: Service, pidsOrError: number[] | string, brokerIds: () => Promise<number[]>): Promise<ServiceStatus> {
    const base = { id: service.id, kind: service.kind, host: service.host, checkedAt: new Date().toISOString() };
    if (typeof pidsOrError === 'string')
      return { ...base, state: 'unknown', pids: [], listening: null, healthy: null, detail: pidsOrError };
    const pids = pidsOrError;
    const endpoint = endpointOf(service);
    // A ZooKeeper member's `srvr` answer gives its role in the ensemble as well as its readiness.
    const zkMode =
      service.kind === 'zookeeper' && pids.length > 0
        ? zookeeperMode(this.deps.access.dial, service.clientAddress).catch(() => undefined)
        : Promise.resolve(undefined);
    const [listening, healthy, role] = await Promise.all([
      endpoint ? isListening(this.deps.access.dial, endpoint) : Promise.resolve(null),
      pids.length === 0
        ? Promise.resolve(false)
        : service.kind === 'zookeeper'
          ? zkMode.then((m) => m !== undefined)
          : this.healthy(service, brokerIds),
      zkMode,
    ]);
    const state = pids.length > 0 ? 'running' : 'stopped';
    const detail =
      pids.length > 1
        ? `${pids.length} processes match this service`
        : state === 'running' && healthy === false
          ? 'process alive but not ready'
          : state === 'stopped' && listening
            ? `something else listens on ${endpoint}`
            : undefined;
    return { ...base, state, pids, listening, healthy, ...(role ? { role } : {}), ...(detail ? { detail } : {}) };
  }

  /**
   * The last `lines` lines of the service's log (`file`: the path of another of its log files), optionally only those
   * containing `search` (case-insensitive).
   */
  async readLog(service: Service, lines: number, search?: string, file?: string): Promise<{ file: string; lines: string[] }> {
    const logFile = file ?? commandsFor(service).logFile;
    const r = await this.deps.pool.exec(service.host, ['tail', '-n', String(lines), '--', logFile], { timeoutMs: 15_000 });
    if (r.code !== 0) fail('not_found', `Cannot read ${logFile} on ${service.host}: ${r.stderr.trim() || `exit ${r.code}`}`);
    const all = r.stdout.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
    const needle = search?.toLowerCase();
    return { file: logFile, lines: needle ? all.filter((l) => l.toLowerCase().includes(needle)) : all };
  }

  /**
   * The last lines of the service's logs for a failure's details, each log after a `==> file <==` line as tail(1)
   * heads them; empty when no log can be read.
   */
  private async logTail(service: Service, lines: number): Promise<string[]> {
    const cmds = commandsFor(service);
    const out: string[] = [];
    for (const file of [cmds.logFile, ...cmds.failureLogs]) {
      const tail = await this.readLog(service, lines, undefined, file).then(
        (r) => r.lines.filter((l) => l !== ''),
        () => [],
      );
      if (tail.length > 0) out.push(`==> ${file} <==`, ...tail);
    }
    return out;
  }

  async start(id: string, op: OperationContext): Promise<void> {
    await this.launch(id, op);
    await this.ready(id, op);
  }

  /**
   * Runs the start command unless the service already runs, without waiting for readiness: the members of a
   * ZooKeeper ensemble must all be launched before any of them can serve (a lone member has no quorum).
   */
  async launch(id: string, op: OperationContext): Promise<void> {
    const { service } = await this.service(id);
    const cmds = commandsFor(service);
    op.step(`check ${id}`, { host: service.host });
    const running = await this.pids(service);
    if (running.length > 0) {
      op.line(`${id} is already running (pid ${running.join(', ')})`);
      return;
    }
    op.step(`start ${id}`, { host: service.host, command: cmds.start });
    const r = await this.deps.pool.exec(service.host, cmds.start, {
      cwd: cmds.cwd,
      timeoutMs: 60_000,
      onStdout: (s) => op.line(s),
      onStderr: (s) => op.line(s),
    });
    if (r.code !== 0) {
      const tail = await this.logTail(service, 20);
      fail('remote_command_failed', `Starting ${id} on ${service.host} failed (exit ${r.code}): ${lastLines(r.stderr || r.stdout, 5)}`, {
        hint: tail.length > 0 ? `Last lines of its logs:\n${tail.join('\n')}` : `Check ${cmds.logFile} on ${service.host}.`,
        details: { stdout: r.stdout.slice(-4000), stderr: r.stderr.slice(-4000), logTail: tail },
      });
    }
  }

  /** Waits until a launched service is ready, as its kind defines it; fails with its log tail when it died. */
  async ready(id: string, op: OperationContext): Promise<void> {
    const { service, profile } = await this.service(id);
    await this.waitHealthy(service, profile, op, commandsFor(service).startTimeoutMs);
  }

  private async waitHealthy(service: Service, profile: Profile, op: OperationContext, timeoutMs: number): Promise<void> {
    const what = {
      zookeeper: 'ZooKeeper serves (srvr reports its mode)',
      'kafka-broker': 'broker registered in ZooKeeper',
      'connect-worker': 'Connect REST answers',
      streamsets: 'port open',
      'flume-agent': 'its monitoring answers',
      'hdfs-namenode': 'WebHDFS answers',
    }[service.kind];
    op.step(`wait until ${what}`, { host: service.host });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok =
        service.kind === 'streamsets' ? await isListening(this.deps.access.dial, endpointOf(service) ?? '') : await this.healthy(service);
      if (ok) {
        op.line(`${service.id}: ${what}`);
        return;
      }
      if ((await this.pids(service)).length === 0) {
        const tail = await this.logTail(service, 30);
        fail('remote_command_failed', `${service.id} exited during startup on ${service.host}.`, {
          hint: tail.length > 0 ? `Last lines of its logs:\n${tail.join('\n')}` : 'Its log is empty or missing.',
          details: { logTail: tail },
        });
      }
      if (Date.now() > deadline) {
        const tail = await this.logTail(service, 30);
        fail('timeout', `${service.id} is running but not ready after ${Math.round(timeoutMs / 1000)} s (${what}).`, {
          hint: tail.join('\n'),
          details: { logTail: tail },
        });
      }
      await sleep(POLL_MS);
    }
  }

  /** Graceful stop (SIGTERM, or the profile's stop command), SIGKILL after `graceMs`; by pid. */
  async stop(id: string, op: OperationContext, graceMs = 30_000): Promise<void> {
    const { service, profile } = await this.service(id);
    const cmds = commandsFor(service);
    op.step(`find ${id}`, { host: service.host });
    const pids = await this.pids(service);
    if (pids.length === 0) {
      op.line(`${id} is not running`);
      return;
    }
    op.line(`pid ${pids.join(', ')}`);
    if (cmds.stop) {
      op.step(`stop ${id}`, { host: service.host, command: cmds.stop });
      const r = await this.deps.pool.exec(service.host, cmds.stop, {
        cwd: cmds.cwd,
        timeoutMs: 60_000,
        onStdout: (s) => op.line(s),
        onStderr: (s) => op.line(s),
      });
      if (r.code !== 0) op.line(`stop command exited ${r.code}; falling back to SIGTERM`);
    }
    const term = ['kill', '-TERM', ...pids.map(String)];
    op.step(`stop ${id}`, { host: service.host, command: term });
    const termed = await this.deps.pool.exec(service.host, term, { timeoutMs: 15_000 });
    if (termed.code !== 0) {
      const why = lastLines(termed.stderr || termed.stdout, 2) || `kill exited ${String(termed.code)}`;
      op.line(why);
      // Not one pid could be signalled (typically EPERM: another user's process): waiting out the grace period
      // would only delay the same answer.
      const left = await this.alive(service.host, pids);
      if (left.length === pids.length) {
        const user = profile.hosts.find((h) => h.id === service.host)?.user ?? 'the SSH user';
        fail('remote_command_failed', `Cannot stop ${id} on ${service.host} (pid ${left.join(', ')}): ${why}`, {
          hint: `The process may belong to another user than ${user}; stop it as its owner, or connect as that user.`,
        });
      }
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      if ((await this.alive(service.host, pids)).length === 0) {
        op.line(`${id} stopped`);
        await this.waitDeregistered(service, profile, op);
        return;
      }
      await sleep(POLL_MS);
    }
    const left = await this.alive(service.host, pids);
    if (left.length > 0) {
      const kill = ['kill', '-KILL', ...left.map(String)];
      op.step(`${id} did not stop within ${Math.round(graceMs / 1000)} s: SIGKILL`, { host: service.host, command: kill });
      const killed = await this.deps.pool.exec(service.host, kill, { timeoutMs: 15_000 });
      let survivors = left;
      for (let waited = 0; waited <= KILL_SETTLE_MS && survivors.length > 0; waited += POLL_MS) {
        await sleep(POLL_MS);
        survivors = await this.alive(service.host, survivors);
      }
      if (survivors.length > 0) {
        const why = lastLines(killed.stderr, 2) || 'the process did not go away';
        fail('remote_command_failed', `${id} is still running on ${service.host} after SIGKILL (pid ${survivors.join(', ')}): ${why}`, {
          hint: 'A process that outlives SIGKILL is another user’s, stuck in the kernel (uninterrupted I/O), or a zombie its parent has not reaped: look at `ps -o pid,stat,ppid,user,cmd -p PID` on the host.',
        });
      }
    }
    await this.waitDeregistered(service, profile, op);
  }

  private async alive(hostId: string, pids: number[]): Promise<number[]> {
    // `kill -0` per pid: a pid that vanished makes the whole command fail, so test each one.
    const script = 'for p in "$@"; do kill -0 "$p" 2>/dev/null && echo "$p"; done; true';
    const r = await this.deps.pool.exec(hostId, ['sh', '-c', script, 'alive', ...pids.map(String)], { timeoutMs: 15_000 });
    return r.stdout.split('\n').filter(Boolean).map(Number);
  }

  private async waitDeregistered(service: Service, profile: Profile, op: OperationContext): Promise<void> {
    if (service.kind !== 'kafka-broker') return;
    op.step(`wait until broker ${service.brokerId} leaves /brokers/ids`);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (!(await this.healthy(service))) return;
      await sleep(POLL_MS);
    }
    op.line(`broker ${service.brokerId} is still registered (its ZooKeeper session has not expired yet)`);
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
