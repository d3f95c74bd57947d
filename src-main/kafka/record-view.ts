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

/** What a record costs the browse budget: key, value, and every header key and value (a record can be mostly headers). */
export function recordBytes(m: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): number {
  let n = (m.value?.length ?? 0) + (m.key?.length ?? 0);
  for (const [k, v] of Object.entries(m.headers ?? {}))
    for (const one of valuesOf(v)) n += Buffer.byteLength(k) + (one == null ? 0 : Buffer.byteLength(one));
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

const headerText = (v: HeaderValue): string => (v == null ? '' : typeof v === 'string' ? v : v.toString('utf8'));

export function headerList(m: KafkaMessage): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const [k, v] of Object.entries(m.headers ?? {})) for (const one of valuesOf(v)) out.push({ key: k, value: headerText(one) });
  return out;
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
export function recordContains(m: Pick<KafkaMessage, 'key' | 'value' | 'headers'>, needle: RegExp): boolean {
  if (needle.test(searchable(m.value))) return true;
  if (m.key && needle.test(searchable(m.key))) return true;
  for (const [k, v] of Object.entries(m.headers ?? {}))
    for (const one of valuesOf(v)) if (needle.test(`${k}=${headerText(one)}`)) return true;
  return false;
}
