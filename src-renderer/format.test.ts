import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDateTime, formatDateTimeAgo, formatRelative, formatTime } from './format';

const at = Date.UTC(2026, 11, 3, 7, 31, 5);

describe('format', () => {
  it('writes a date and time in the order and hour cycle of the locale', () => {
    // Times are in the machine's zone; the test fixes the zone through the Date it builds.
    const local = new Date(2026, 11, 3, 19, 31, 5);
    expect(formatDateTime(local, 'en-GB')).toBe('3 Dec 2026, 19:31:05');
    expect(formatDateTime(local, 'de-DE')).toBe('03.12.2026, 19:31:05');
    expect(formatDateTime(local, 'en-US')).toMatch(/^Dec 3, 2026, 7:31:05\sPM$/);
    expect(formatTime(local, 'fr-FR')).toBe('19:31:05');
  });

  it('says how long ago in the largest unit that fits', () => {
    expect(formatRelative(at - 20_000, at, 'en')).toBe('20 sec. ago');
    expect(formatRelative(at - 3 * 60_000, at, 'en')).toBe('3 min. ago');
    expect(formatRelative(at - 90 * 60_000, at, 'en')).toBe('2 hr. ago');
    expect(formatRelative(at - 26 * 3600_000, at, 'en')).toBe('yesterday');
    expect(formatRelative(at + 5 * 60_000, at, 'en')).toBe('in 5 min.');
    expect(formatRelative(at, at, 'en')).toBe('now');
    expect(formatRelative(at - 3 * 60_000, at, 'de')).toBe('vor 3 Min.');
  });

  it('joins a date and time with its age', () => {
    expect(formatDateTimeAgo(new Date(2026, 11, 3, 7, 28, 5), new Date(2026, 11, 3, 7, 31, 5), 'en-GB')).toBe(
      '3 Dec 2026, 07:28:05 (3 min ago)',
    );
  });

  it('writes sizes in binary units and counts with the locale’s grouping', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3, 'de')).toBe('5 GiB');
    expect(formatBytes(1234567, 'de')).toBe('1,2 MiB');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCount(1234567, 'de')).toBe('1.234.567');
  });
});
