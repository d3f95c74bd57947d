import { isUtf8 } from 'node:buffer';

/** Control characters other than tab, newline and carriage return: their presence makes bytes binary. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/**
 * Whether bytes read as text: valid UTF-8 and no control characters other than tab, newline and carriage return.
 * Runs for every record of a browse scan, so both checks are native scans (control characters are single bytes in
 * UTF-8, so the Latin-1 view of the bytes shows them where they are).
 */
export function isText(b: Buffer): boolean {
  return isUtf8(b) && !CONTROL.test(b.toString('latin1'));
}

/** The text of bytes that read as text (see isText), or undefined: one decode for both the check and the text. */
export function textOf(b: Buffer): string | undefined {
  if (!isUtf8(b)) return undefined;
  const s = b.toString('utf8');
  return CONTROL.test(s) ? undefined : s;
}
