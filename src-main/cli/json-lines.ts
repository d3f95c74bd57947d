/**
 * `--jsonl`: a method's result as JSON Lines, one record a line, for `jq -c`, `grep`, `wc -l` or a file to load
 * elsewhere. The records are the result's own list: the result when it is an array, else its one array field (the
 * `messages` of `messages.browse`). A result with no list, or with several,
 * is one line of its own.
 */
export function jsonLines(value: unknown): string[] {
  const list = Array.isArray(value) ? value : onlyArrayField(value);
  return (list ?? [value]).map((v) => JSON.stringify(v));
}

function onlyArrayField(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const arrays = Object.values(value).filter((v): v is unknown[] => Array.isArray(v));
  return arrays.length === 1 ? arrays[0] : undefined;
}
