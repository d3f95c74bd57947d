import type { Level } from './log-line';
import type { LogEntry } from './merged-log';

export interface LogFilter {
  levels: ReadonlySet<Level>;
  /** Case-insensitive text; empty for none. */
  search: string;
  /** Show only the entries that match the search, rather than all with the matches marked. */
  onlyMatching: boolean;
}

/**
 * An entry's level for filtering: lines that name none (the JVM's GC log, a console's plain lines) are information,
 * as the JVM's unified logging writes them at `info` by default.
 */
export function levelForFilter(e: LogEntry): Level {
  return e.level ?? 'INFO';
}

export function entryMatches(e: LogEntry, needle: string): boolean {
  if (needle === '') return false;
  const n = needle.toLowerCase();
  return e.lines.some((l) => l.toLowerCase().includes(n));
}

/** The entries to show, and the positions among them of those that match the search. */
export function visibleEntries(entries: ReadonlyArray<LogEntry>, filter: LogFilter): { shown: LogEntry[]; matches: number[] } {
  const shown: LogEntry[] = [];
  const matches: number[] = [];
  const needle = filter.search.trim();
  for (const e of entries) {
    if (!filter.levels.has(levelForFilter(e))) continue;
    const hit = entryMatches(e, needle);
    if (needle !== '' && filter.onlyMatching && !hit) continue;
    if (hit) matches.push(shown.length);
    shown.push(e);
  }
  return { shown, matches };
}

/** The position of the first entry at or after `time` (entries in time order), or -1 when all are older. */
export function firstAtOrAfter(shown: ReadonlyArray<LogEntry>, time: number): number {
  let lo = 0;
  let hi = shown.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((shown[mid] as LogEntry).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo < shown.length ? lo : -1;
}

/** `text` cut into plain and matching parts, for marking the matches. */
export function splitMatches(text: string, needle: string): Array<{ text: string; match: boolean }> {
  const n = needle.trim().toLowerCase();
  if (n === '') return [{ text, match: false }];
  const lower = text.toLowerCase();
  const parts: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + n.length)) {
    if (i > at) parts.push({ text: text.slice(at, i), match: false });
    parts.push({ text: text.slice(i, i + n.length), match: true });
    at = i + n.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts;
}
