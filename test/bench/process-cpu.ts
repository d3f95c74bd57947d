import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of this machine's processes, grouped by what they are: on a 2-core box the cluster, the app and the
 * browser share the cores, and a benchmark that times the page says how the cores were shared while it ran.
 */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** A live process: its pid and its arguments (argv[0] first). */
interface Proc {
  pid: number;
  argv: string[];
}

/** Every process that `read` could be run for; those that end between the listing and the read are left out. */
function eachProcess<T>(read: (proc: Proc) => T): T[] {
  const out: T[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      out.push(read({ pid: Number(entry), argv: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0') }));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

const isJvm = (proc: Proc): boolean => proc.argv[0]?.endsWith('java') ?? false;

/** The kinds of process, as the figures name them. */
const KIND = {
  app: 'app server and bench client',
  brokers: 'Kafka brokers',
  zookeeper: 'ZooKeeper',
  otherJvms: 'other JVMs (Connect, HDFS, Flume)',
  page: 'page (Chromium renderer)',
  browser: 'Chromium (browser, GPU)',
  other: 'everything else',
} as const;

function kindOf(proc: Proc): string {
  if (proc.pid === process.pid) return KIND.app;
  const cmdline = proc.argv.join(' ');
  if (cmdline.includes('kafka.Kafka')) return KIND.brokers;
  if (cmdline.includes('QuorumPeerMain')) return KIND.zookeeper;
  if (isJvm(proc)) return KIND.otherJvms;
  if (cmdline.includes('--type=renderer')) return KIND.page;
  if (cmdline.includes('chromium')) return KIND.browser;
  return KIND.other;
}

/** Total user + system CPU per process kind, in ms, since each process started. */
export function cpuByKind(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [kind, ms] of eachProcess((proc) => {
    const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [kindOf(proc), ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond] as const;
  }))
    totals.set(kind, (totals.get(kind) ?? 0) + ms);
  return totals;
}

/** What each kind used between two readings, largest first, as "kind 1.2 s"; processes that ended in between are not counted. */
export function describeCpuSince(before: Map<string, number>, wallMs: number): string {
  const after = cpuByKind();
  const used = [...after].map(([kind, ms]) => [kind, Math.max(0, ms - (before.get(kind) ?? 0))] as const).filter(([, ms]) => ms >= 50);
  used.sort((a, b) => b[1] - a[1]);
  const total = used.reduce((sum, [, ms]) => sum + ms, 0);
  return `CPU over ${(wallMs / 1000).toFixed(1)} s (${(total / wallMs).toFixed(2)} cores busy): ${used.map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(1)} s`).join(', ')}`;
}

/** The running JVMs (the sandbox's ZooKeeper, brokers, Connect, HDFS and Flume). */
export function pidsOfJvms(): number[] {
  return eachProcess((proc) => (isJvm(proc) ? proc.pid : undefined)).filter((pid) => pid !== undefined);
}

/**
 * The scheduler's groups the processes of each kind run in. With autogroup (Linux, `kernel.sched_autogroup_enabled`)
 * each session is one group and the cores are shared between groups first: every JVM started over its own SSH
 * session is a group of its own, as on a real host, while the page shares one group with the rest of the browser.
 */
export function schedulingGroups(): string {
  let enabled: string;
  try {
    enabled = readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim();
  } catch {
    return 'no autogroup on this kernel';
  }
  if (enabled !== '1') return 'autogroup off: threads share the cores one by one';
  // One pass over /proc: each process's kind, whether it is a JVM, and its group.
  const procs = eachProcess((proc) => ({
    kind: kindOf(proc),
    jvm: isJvm(proc),
    group: readFileSync(`/proc/${proc.pid}/autogroup`, 'utf8').split(' ')[0],
  }));
  const groupsOf = (wanted: (p: (typeof procs)[number]) => boolean) => new Set(procs.filter(wanted).map((p) => p.group)).size;
  const ofKind = (kind: string) => groupsOf((p) => p.kind === kind);
  return `autogroup on: the cluster's JVMs run in ${groupsOf((p) => p.jvm)} scheduling groups (brokers ${ofKind(KIND.brokers)}, ZooKeeper ${ofKind(KIND.zookeeper)}), the page in ${ofKind(KIND.page)}`;
}

/** The browser's processes (the page's renderer among them) and this one (the app server and the bench client). */
export function pidsOfBrowserAndApp(): number[] {
  return eachProcess((proc) => {
    const kind = kindOf(proc);
    return kind === KIND.page || kind === KIND.browser || kind === KIND.app ? proc.pid : undefined;
  }).filter((pid) => pid !== undefined);
}
