/**
 * The subset of JSONPath a message filter needs: `$.a.b`, `$.items[0].id`,
 * `$['key with space']`. (jsonpath-plus, the usual library, needs Node 22.)
 * Returns undefined when the path does not exist or the text is not JSON.
 */
export function parseJsonPath(path: string): Array<string | number> | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: Array<string | number> = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] ?? m[4] ?? '');
  }
  return out;
}

export function evalJsonPath(text: string | null, path: ReadonlyArray<string | number>): unknown {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Whether the JSON value at `path` exists and, when `equals` is given, equals it (compared as text). */
export function matchesJsonPath(text: string | null, path: ReadonlyArray<string | number>, equals?: string): boolean {
  const v = evalJsonPath(text, path);
  if (v === undefined) return false;
  if (equals === undefined) return true;
  return (typeof v === 'string' ? v : JSON.stringify(v)) === equals;
}
