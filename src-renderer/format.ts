/**
 * Sizes, counts, dates and times as the user's locale writes them: every view formats through here, so a date reads
 * the same everywhere, in the order and hour cycle of the browser's (or the desktop's) language, never a fixed US
 * format. `locale` is for tests; the app passes none and gets the user's.
 */

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

// Making an Intl formatter costs far more than formatting with one, and a table formats thousands of cells as it
// scrolls (making them per cell was the largest part of a Topics scroll step): one per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as F;
}
const numberFormat = (locale: string | undefined, maximumFractionDigits?: number) =>
  cached(
    `n ${locale ?? ''} ${maximumFractionDigits ?? ''}`,
    () => new Intl.NumberFormat(locale, maximumFractionDigits === undefined ? {} : { maximumFractionDigits }),
  );

export function formatBytes(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${numberFormat(locale, unit === 0 ? 0 : 1).format(value)} ${units[unit] ?? 'B'}`;
}

export function formatCount(n: number, locale?: string): string {
  return numberFormat(locale).format(n);
}

type When = string | number | Date;
const toDate = (when: When): Date => (when instanceof Date ? when : new Date(when));

/** Date and time, to the second: "3 Dec 2026, 07:31:05" in en-GB, "Dec 3, 2026, 7:31:05 AM" in en-US. */
export function formatDateTime(when: When, locale?: string): string {
  return cached(`dt ${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })).format(
    toDate(when),
  );
}

/** Time of day only, for things of the last hours (a log line, a run started today). */
export function formatTime(when: When, locale?: string): string {
  return cached(`t ${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })).format(toDate(when));
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
  const rtf = cached(`rt ${locale ?? ''}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
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
