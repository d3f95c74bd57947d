/**
 * `--jsonl`: a method's result as JSON Lines, one record a line, for `jq -c`, `grep`, `wc -l` or a file to load
 * elsewhere. The records are the result's elements when it is an array, else the elements of the field the contract
 * names as the method's records (`messages` for `messages.browse`); any other result is one line of its own.
 */
export function jsonLines(value: unknown, recordsField?: string): string[] {
  const list = Array.isArray(value) ? value : recordsField !== undefined ? fieldList(value, recordsField) : undefined;
  return (list ?? [value]).map((v) => JSON.stringify(v));
}

function fieldList(value: unknown, field: string): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const list: unknown = (value as Record<string, unknown>)[field];
  return Array.isArray(list) ? list : undefined;
}
