/** What a log line says about itself: when it was written and at which level, when it starts an entry. */

export const levels = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
export type Level = (typeof levels)[number];

export interface LineHead {
  /** The time written at the start of the line, as wall-clock milliseconds (see wallClock). */
  time: number;
  level?: Level;
  /** Where the text after the timestamp starts, for finding the level. */
  rest: number;
}

const months: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/**
 * A time as the log wrote it, with no time zone: log4j writes the JVM's local time without an offset, and the host's
 * zone is not known here. Counting every log's wall clock as if it were UTC keeps the logs of one host comparable
 * with each other and with a time the user types, without guessing zones.
 */
export function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

function millis(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
}

/**
 * The timestamps of the logs the cluster's services write:
 * Kafka, ZooKeeper and Connect log4j (`[2026-12-02 15:44:15,123] INFO …`) and the JVM's GC log
 * (`[2026-12-03T06:55:51.943+0000][gc] …`); Hadoop and log4j2's ISO 8601 (`2026-12-03 06:55:55,330 INFO …`);
 * Flume's log4j (`03 Dec 2026 06:37:11,003 INFO  […]`).
 */
const isoBracketed = /^\[(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,9}))?[^\]]*\]/;
const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,9}))?/;
const dayMonthYear = /^(\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,9}))?/;

/** The first level word after the timestamp (log4j's %p comes right after it, perhaps after a thread name). */
const levelWord = /\b(FATAL|ERROR|SEVERE|WARN|WARNING|INFO|DEBUG|TRACE|FINE)\b|\[(error|warning|info|debug|trace)\s*\]/;

const levelOf: Record<string, Level> = {
  FATAL: 'ERROR',
  ERROR: 'ERROR',
  SEVERE: 'ERROR',
  WARN: 'WARN',
  WARNING: 'WARN',
  INFO: 'INFO',
  DEBUG: 'DEBUG',
  FINE: 'DEBUG',
  TRACE: 'TRACE',
};

/** The head of a line that starts an entry, or undefined for a line without a timestamp (a stack trace line). */
export function parseHead(line: string): LineHead | undefined {
  let time: number | undefined;
  let rest = 0;
  const m = isoBracketed.exec(line) ?? iso.exec(line);
  if (m) {
    time = wallClock(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), millis(m[7]));
    rest = m[0].length;
  } else {
    const f = dayMonthYear.exec(line);
    if (!f) return undefined;
    time = wallClock(Number(f[3]), months[f[2] ?? ''] ?? 1, Number(f[1]), Number(f[4]), Number(f[5]), Number(f[6]), millis(f[7]));
    rest = f[0].length;
  }
  if (Number.isNaN(time)) return undefined;
  // Only near the start: a message that mentions "ERROR" later on is not an error entry.
  const w = levelWord.exec(line.slice(rest, rest + 48));
  const word = w?.[1] ?? w?.[2]?.toUpperCase();
  const level = word ? levelOf[word] : undefined;
  return { time, rest, ...(level ? { level } : {}) };
}

/** `YYYY-MM-DD HH:mm[:ss[.SSS]]` as the user typed or picked it, on the same wall clock as parseHead's times. */
export function parseWallClock(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  return wallClock(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), millis(m[7]));
}

export function formatWallClock(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
