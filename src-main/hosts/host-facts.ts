import { parseProperties } from '../common/properties';
import { type HostFacts } from './schemas';

const MARK = '@@kcc@@';

/** argv for the facts command; `dirs` are the log.dirs to report free space for. */
export function hostFactsCommand(dirs: ReadonlyArray<string>): string[] {
  const script = [
    `echo ${MARK}os; (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")`,
    `echo ${MARK}kernel; uname -sr`,
    `echo ${MARK}uptime; cat /proc/uptime`,
    `echo ${MARK}load; cat /proc/loadavg`,
    `echo ${MARK}mem; cat /proc/meminfo`,
    `echo ${MARK}java; (java -version 2>&1 | head -n 1)`,
    `echo ${MARK}df; for d in "$@"; do printf '%s ' "$d"; df -Pk "$d" 2>/dev/null | tail -n 1; done`,
    'true',
  ].join('; ');
  return ['sh', '-c', script, 'facts', ...dirs];
}

export function parseHostFacts(output: string): HostFacts {
  const sections = new Map<string, string>();
  for (const chunk of output.split(MARK).slice(1)) {
    const nl = chunk.indexOf('\n');
    sections.set(chunk.slice(0, nl === -1 ? undefined : nl).trim(), nl === -1 ? '' : chunk.slice(nl + 1).trim());
  }
  const facts: HostFacts = { disks: [] };
  const os = sections.get('os');
  if (os) facts.os = os;
  const kernel = sections.get('kernel');
  if (kernel) facts.kernel = kernel;
  const up = Number(sections.get('uptime')?.split(/\s+/)[0]);
  if (Number.isFinite(up) && up > 0) facts.uptimeSeconds = up;
  const load = sections.get('load')?.split(/\s+/).slice(0, 3).map(Number);
  if (load && load.length === 3 && load.every(Number.isFinite)) facts.load = [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0];
  const mem = sections.get('mem') ?? '';
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(mem);
    return m?.[1] ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal');
  const avail = kb('MemAvailable');
  if (total !== undefined) facts.memTotalBytes = total;
  if (avail !== undefined) facts.memAvailableBytes = avail;
  const java = sections.get('java');
  if (java && !/not found/i.test(java)) facts.java = java;
  for (const line of (sections.get('df') ?? '').split('\n')) {
    // "<dir> <fs> <1k-blocks> <used> <available> <capacity> <mount>"
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const [path, , size, , available] = f;
    const mount = f[f.length - 1];
    if (!path || !mount || !Number.isFinite(Number(size))) continue;
    facts.disks.push({ path, mount, sizeBytes: Number(size) * 1024, availableBytes: Number(available) * 1024 });
  }
  return facts;
}

/** log.dirs (or log.dir) from a broker's server.properties text, read as Java reads properties (the last value wins). */
export function logDirsOf(properties: string): string[] {
  const props = parseProperties(properties);
  const dirs = props.get('log.dirs') ?? props.get('log.dir') ?? '/tmp/kafka-logs';
  return dirs
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
}
