/**
 * Sizes, counts, dates and times as the user's locale writes them: every view formats through here, so a date reads
 * the same everywhere, in the order and hour cycle of the browser's (or the desktop's) language, never a fixed US
 * format. `locale` is for tests; the app passes none and gets the user's.
 */

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit] ?? 'B'}`;
}

export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

type When = string | number | Date;
const toDate = (when: When): Date => (when instanceof Date ? when : new Date(when));

/** Date and time, to the second: "3 Dec 2026, 07:31:05" in en-GB, "Dec 3, 2026, 7:31:05 AM" in en-US. */
export function formatDateTime(when: When, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(toDate(when));
}

/** Time of day only, for things of the last hours (a log line, a run started today). */
export function formatTime(when: When, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(toDate(when));
}

// Half away from zero, so 90 minutes is "2 hr. ago" as it is "in 2 hr." (Math.round takes -1.5 to -1).
const round = (v: number) => Math.sign(v) * Math.round(Math.abs(v));

const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 min ago", "in 2 h", "now": the largest unit that keeps the figure under its next step. */
export function formatRelative(when: When, now: When = Date.now(), locale?: string): string {
  let value = (toDate(when).getTime() - toDate(now).getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size || unit === 'year') return rtf.format(round(value), unit);
    value /= size;
  }
  return rtf.format(round(value), 'year');
}

/** Date and time with how long ago: "3 Dec 2026, 07:31:05 (3 min ago)". */
export function formatDateTimeAgo(when: When, now: When = Date.now(), locale?: string): string {
  return `${formatDateTime(when, locale)} (${formatRelative(when, now, locale)})`;
}
