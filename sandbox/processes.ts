import { readFile, readdir, rm } from 'node:fs/promises';

/**
 * Processes by pid, read from /proc. The sandbox never finds or signals a
 * process by name. The Kafka, ZooKeeper, Flume and HDFS JVMs write no pid file
 * (neither do the stock scripts), so they are found by a marker on their
 * command line: the absolute path of their config, held by that JVM only. An
 * sshd's pid comes from its pid file and is trusted only while its command
 * line still holds the marker, which guards against a recycled pid.
 */

export type ProcState = 'running' | 'stopped' | 'zombie' | 'gone';

/** Parses a pid file's text; undefined when it holds no positive integer. */
export function parsePid(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

export async function readPidFile(file: string): Promise<number | undefined> {
  try {
    return parsePid(await readFile(file, 'utf8'));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * State letter from /proc/<pid>/stat. The command name in parentheses may
 * itself hold spaces and parentheses, so the state is read after the last ')'.
 */
export function parseProcStat(stat: string): { state: string; ppid: number } | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  const state = fields[0];
  const ppid = Number(fields[1]);
  if (!state || !Number.isInteger(ppid)) return undefined;
  return { state, ppid };
}

export async function procState(pid: number): Promise<ProcState> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if (isNotFound(err) || isNoSuchProcess(err)) return 'gone';
    throw err;
  }
  const parsed = parseProcStat(stat);
  if (!parsed) return 'gone';
  // A dead child of a parent that never reaps it (PID 1 in some containers)
  // stays a zombie: it holds no port and no file, so it counts as dead.
  if (parsed.state === 'Z' || parsed.state === 'X') return 'zombie';
  if (parsed.state === 'T' || parsed.state === 't') return 'stopped';
  return 'running';
}

/** The command line, arguments joined by spaces ('' when gone). */
export async function commandLine(pid: number): Promise<string> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw
      .split('\0')
      .filter((a) => a !== '')
      .join(' ');
  } catch (err) {
    if (isNotFound(err) || isNoSuchProcess(err)) return '';
    throw err;
  }
}

/**
 * True when pid is alive (running or stopped) and its command line contains
 * marker. sshd rewrites its process title, but the title keeps its -f path,
 * so a substring match works for it as for the JVMs.
 */
export async function isOurProcess(pid: number, marker: string): Promise<boolean> {
  const state = await procState(pid);
  if (state === 'gone' || state === 'zombie') return false;
  return (await commandLine(pid)).includes(marker);
}

/** The live pid recorded in pidFile for a process whose command line holds marker. */
export async function livePid(pidFile: string, marker: string): Promise<number | undefined> {
  const pid = await readPidFile(pidFile);
  if (pid === undefined) return undefined;
  return (await isOurProcess(pid, marker)) ? pid : undefined;
}

/**
 * Live JVMs (argv[0] is java) whose command line holds marker. The start
 * scripts carry the same arguments for a moment before the JVM takes over;
 * they are not the service, so only java itself counts.
 */
export async function javaPidsWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let raw: string;
    try {
      raw = await readFile(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // exited while we listed /proc
    }
    const args = raw.split('\0');
    const argv0 = args[0] ?? '';
    if (argv0 !== 'java' && !argv0.endsWith('/java')) continue;
    if (!args.some((a) => a.includes(marker))) continue;
    const state = await procState(Number(entry));
    if (state === 'running' || state === 'stopped') found.push(Number(entry));
  }
  return found;
}

/** Sends a signal; false when the process is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ESRCH') return false;
    throw err;
  }
}

export async function isDead(pid: number): Promise<boolean> {
  const state = await procState(pid);
  return state === 'gone' || state === 'zombie';
}

/** Polls until pid is dead or timeoutMs passed; true when it died. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isDead(pid)) return true;
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
}

export interface TerminateResult {
  pid: number;
  /** 'term': exited after SIGTERM; 'kill': needed SIGKILL; 'gone': was already dead. */
  how: 'term' | 'kill' | 'gone';
}

/**
 * SIGTERM, then SIGKILL once graceMs passed. SIGCONT first: a process a fault
 * test left stopped would hold SIGTERM pending forever.
 */
export async function terminate(pid: number, graceMs: number): Promise<TerminateResult> {
  if (await isDead(pid)) return { pid, how: 'gone' };
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return { pid, how: 'term' };
  signal(pid, 'SIGKILL');
  if (await waitForExit(pid, 10_000)) return { pid, how: 'kill' };
  throw new Error(`pid ${pid} survived SIGKILL for 10 s`);
}

/** Direct children of pid (e.g. the per-connection processes of an sshd). */
export async function childPids(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we listed /proc
    }
    if (parseProcStat(stat)?.ppid === pid) children.push(Number(entry));
  }
  return children;
}

/** Descendants of pid, depth-first, the deepest last. */
export async function descendantPids(pid: number): Promise<number[]> {
  const result: number[] = [];
  for (const child of await childPids(pid)) {
    result.push(child, ...(await descendantPids(child)));
  }
  return result;
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT';
}

function isNoSuchProcess(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ESRCH';
}
