import type { KafkaMessage } from 'kafkajs';
import { textOf } from '../common/text-bytes';
import type { Rendered } from './schemas';

/** How a record looks in the UI and what a search looks at: rendering, byte cost and matching. */

const SHOW = 64 * 1024;

/** Text, pretty JSON, or hex for binary; null stays null (a tombstone value, a keyless record). */
export function renderBytes(b: Buffer | null | undefined): Rendered {
  if (b === null || b === undefined) return { text: null, encoding: 'null', size: 0, truncated: false };
  const shown = b.subarray(0, SHOW);
  const truncated = b.length > SHOW;
  const text = textOf(shown);
  if (text === undefined) return { text: shown.toString('hex'), encoding: 'hex', size: b.length, truncated };
  if (!truncated && /^\s*[[{]/.test(text)) {
    try {
      return { text: JSON.stringify(JSON.parse(text), null, 2), encoding: 'json', size: b.length, truncated };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { text, encoding: 'utf8', size: b.length, truncated };
}

/** A record's key, value and headers as bytes, headers in the order they were written (a key may repeat). */
export interface RecordParts {
  key: Buffer | null;
  value: Buffer | null;
  headers: ReadonlyArray<{ key: string; value: Buffer | null }>;
}

/** What a record costs the browse budget: key, value, and every header key and value (a record can be mostly headers). */
export function recordBytes(m: RecordParts): number {
  let n = (m.value?.length ?? 0) + (m.key?.length ?? 0);
  for (const h of m.headers) n += Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return n;
}

type HeaderValue = Buffer | string | null | undefined;

function isHeaderValue(v: unknown): v is HeaderValue {
  return v === null || v === undefined || typeof v === 'string' || Buffer.isBuffer(v);
}

/**
 * The values of one header key. kafkajs decodes headers into a plain object, merging repeated keys into an array: a key
 * named like an Object.prototype member (`valueOf`, `constructor`, `__proto__`) finds the inherited member there and
 * starts its array with it. A header value on the wire is bytes or null, so anything else is that member and is skipped.
 */
function valuesOf(v: unknown): HeaderValue[] {
  if (!Array.isArray(v)) return isHeaderValue(v) ? [v] : [];
  return (v as unknown[]).filter(isHeaderValue);
}

/** A kafkajs message's headers as a list (repeated keys one after another). */
export function headersOf(m: Pick<KafkaMessage, 'headers'>): RecordParts['headers'] {
  const out: Array<{ key: string; value: Buffer | null }> = [];
  for (const [k, v] of Object.entries(m.headers ?? {}))
    for (const one of valuesOf(v)) out.push({ key: k, value: one == null ? null : typeof one === 'string' ? Buffer.from(one) : one });
  return out;
}

const headerText = (v: Buffer | null): string => (v == null ? '' : v.toString('utf8'));

export function headerList(m: RecordParts): Array<{ key: string; value: string }> {
  return m.headers.map((h) => ({ key: h.key, value: headerText(h.value) }));
}

/** The text a search looks in: text as it was sent (JSON unformatted), binary as the hex the UI shows. */
function searchable(b: Buffer | null | undefined): string {
  if (b === null || b === undefined) return '';
  const shown = b.length > SHOW ? b.subarray(0, SHOW) : b;
  return textOf(shown) ?? shown.toString('hex');
}

/** A case-insensitive search for `needle`, compiled once per scan: testing a regular expression allocates nothing. */
export function containsMatcher(needle: string): RegExp {
  return new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/**
 * Case-insensitive substring of the key, the value or a header (`key=value`). Runs for every scanned record, so it
 * renders nothing: only records that match are rendered for the UI.
 */
export function recordContains(m: RecordParts, needle: RegExp): boolean {
  if (needle.test(searchable(m.value))) return true;
  if (m.key && needle.test(searchable(m.key))) return true;
  for (const h of m.headers) if (needle.test(`${h.key}=${headerText(h.value)}`)) return true;
  return false;
}
