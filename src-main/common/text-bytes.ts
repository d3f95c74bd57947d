import { isUtf8 } from 'node:buffer';

/**
 * Whether bytes read as text: valid UTF-8 and no control characters other than tab, newline and carriage return.
 * Runs once per record of a browse scan, so it looks at bytes (control characters are single bytes in UTF-8) and
 * leaves the UTF-8 check to Node's native one instead of decoding to a string first.
 */
export function isText(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return isUtf8(b);
}
