/** Whether bytes read as text: valid UTF-8 and no control characters other than tab, newline and carriage return. */
export function isText(b: Buffer): boolean {
  const s = b.toString('utf8');
  if (s.includes('\uFFFD')) return false;
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) return false;
  }
  return true;
}
