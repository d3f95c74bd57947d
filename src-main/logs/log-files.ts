import { posix } from 'node:path';
import type { z } from 'zod';
import { toAppError } from '../common/errors';
import type { Service } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { logLocationsOf, matchLogName, type LogLocation } from './log-locations';
import type { logFileSchema, logFilesSchema } from './schemas';

type LogFile = z.infer<typeof logFileSchema>;
type LogFiles = z.infer<typeof logFilesSchema>;

const DIR_MARK = '@@kcc-dir@@';
const MISSING_MARK = '@@kcc-missing@@';
/** A broker that ran for months keeps thousands of hourly server.log.* files: the newest of each are enough here. */
export const MAX_ROTATED_PER_NAME = 48;

/**
 * Lists directories: per directory a mark line, then `size|mtime|type|name` per entry (the name last, so a `|` in it
 * is kept). Constant text: the directories arrive as arguments. One stat for a whole directory, not one per file.
 */
export const LIST_SCRIPT = [
  'for d in "$@"; do',
  `  echo ${DIR_MARK}`,
  `  if [ ! -d "$d" ]; then echo ${MISSING_MARK}; continue; fi`,
  '  cd "$d" 2>/dev/null || continue',
  "  stat -L -c '%s|%Y|%F|%n' -- * 2>/dev/null",
  'done',
  'true',
].join('\n');

export interface DirEntry {
  name: string;
  size: number;
  mtimeMs: number;
}

/** LIST_SCRIPT's output: per directory given, its regular files, or undefined when the directory does not exist. */
export function parseListing(stdout: string, dirCount: number): Array<DirEntry[] | undefined> {
  const sections = stdout.split(`${DIR_MARK}\n`).slice(1);
  return Array.from({ length: dirCount }, (_, i) => {
    const section = sections[i];
    if (section === undefined || section.startsWith(MISSING_MARK)) return undefined;
    const entries: DirEntry[] = [];
    for (const line of section.split('\n')) {
      const m = /^(\d+)\|(\d+)\|([^|]*)\|(.+)$/.exec(line);
      if (!m || !m[3]?.startsWith('regular')) continue;
      entries.push({ size: Number(m[1]), mtimeMs: Number(m[2]) * 1000, name: m[4] ?? '' });
    }
    return entries;
  });
}

/** Who writes each file, by host and path. */
type Writers = Map<string, Set<string>>;

function writerKey(host: string, path: string): string {
  return `${host}\0${path}`;
}

export function writersOf(services: ReadonlyArray<Service>): Writers {
  const writers: Writers = new Map();
  for (const s of services) {
    for (const l of logLocationsOf(s)) {
      for (const n of l.names) {
        const key = writerKey(s.host, posix.join(l.dir, n.name));
        writers.set(key, (writers.get(key) ?? new Set()).add(s.id));
      }
    }
  }
  return writers;
}

interface Placed {
  service: Service;
  location: LogLocation;
}

/** The service's files among a directory's entries: current ones, and the newest rolled copies of each. */
export function filesOf(placed: Placed, entries: DirEntry[], writers: Writers = new Map()): LogFile[] {
  const { service, location } = placed;
  const found: LogFile[] = [];
  for (const e of entries) {
    const match = matchLogName(location, e.name);
    if (!match) continue;
    found.push({
      service: service.id,
      host: service.host,
      kind: service.kind,
      path: posix.join(location.dir, e.name),
      name: e.name,
      role: match.name.role,
      primary: !match.rotated && match.name.primary === true,
      rotated: match.rotated,
      size: e.size,
      mtime: new Date(e.mtimeMs).toISOString(),
      sharedWith: [...(writers.get(writerKey(service.host, posix.join(location.dir, match.name.name))) ?? [])]
        .filter((id) => id !== service.id)
        .sort(),
    });
  }
  const order = (f: LogFile) => location.names.findIndex((n) => f.name === n.name || f.name.startsWith(`${n.name}.`));
  found.sort((a, b) => order(a) - order(b) || Number(a.rotated) - Number(b.rotated) || b.mtime.localeCompare(a.mtime));
  const perName = new Map<number, number>();
  return found.filter((f) => {
    if (!f.rotated) return true;
    const n = (perName.get(order(f)) ?? 0) + 1;
    perName.set(order(f), n);
    return n <= MAX_ROTATED_PER_NAME;
  });
}

/**
 * The log files of `services`, found with one command per host. Sharing is judged against every service of the
 * profile (`all`): a broker and ZooKeeper of one KAFKA_HOME without a LOG_DIR each write the same server.log.
 */
export async function listLogFiles(pool: SshPool, services: ReadonlyArray<Service>, all: ReadonlyArray<Service>): Promise<LogFiles> {
  const byHost = new Map<string, Placed[]>();
  for (const service of services) {
    for (const location of logLocationsOf(service)) {
      const list = byHost.get(service.host) ?? [];
      list.push({ service, location });
      byHost.set(service.host, list);
    }
  }
  const writers = writersOf(all);
  const result: LogFiles = { files: [], missing: [], problems: [] };
  await Promise.all(
    [...byHost].map(async ([host, placed]) => {
      const dirs = [...new Set(placed.map((p) => p.location.dir))];
      try {
        const r = await pool.exec(host, ['sh', '-c', LIST_SCRIPT, 'kcc-list-logs', ...dirs], { timeoutMs: 15_000 });
        const listing = parseListing(r.stdout, dirs.length);
        for (const p of placed) {
          const entries = listing[dirs.indexOf(p.location.dir)];
          if (entries === undefined) result.missing.push({ service: p.service.id, host, dir: p.location.dir });
          else result.files.push(...filesOf(p, entries, writers));
        }
      } catch (err) {
        result.problems.push({ host, services: [...new Set(placed.map((p) => p.service.id))], error: toAppError(err) });
      }
    }),
  );
  const serviceOrder = new Map(services.map((s, i) => [s.id, i]));
  result.files.sort((a, b) => (serviceOrder.get(a.service) ?? 0) - (serviceOrder.get(b.service) ?? 0));
  return result;
}
