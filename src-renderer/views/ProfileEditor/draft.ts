import { isMap, parseDocument } from 'yaml';

/**
 * The profile editor's draft is YAML text the user owns: these helpers read it and change it through the yaml
 * package's Document API, so the user's comments and layout survive every step (adding hosts, accepting a
 * discovery). Pure, so they are unit-tested.
 */

export const NEW_PROFILE_TEMPLATE = `# A cluster profile. Add your hosts (or import them from ~/.ssh/config), then
# "Discover services" proposes the services, brokers and ZooKeeper ensemble that run on them.
version: 1
name: my-cluster
hosts: []
`;

/** The draft's hosts as the API takes them (objects with an id), or [] when the text does not parse yet. */
export function draftHosts(yaml: string): Array<Record<string, unknown> & { id: string }> {
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0) return [];
  const js: unknown = doc.toJS();
  if (!js || typeof js !== 'object' || !('hosts' in js) || !Array.isArray(js.hosts)) return [];
  return js.hosts.filter(
    (h): h is Record<string, unknown> & { id: string } => !!h && typeof h === 'object' && typeof (h as { id?: unknown }).id === 'string',
  );
}

/** The draft's `name`, when it has one. */
export function draftName(yaml: string): string | undefined {
  const doc = parseDocument(yaml);
  const name: unknown = doc.errors.length === 0 ? doc.get('name') : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The draft with a discovery's proposal accepted: its services and kafka sections replace the draft's (the
 * discovery read them from the hosts), everything else of the draft stays as the user wrote it, comments included.
 */
export function applyProposal(draft: string, proposal: string): string {
  const doc = parseDocument(draft);
  const proposed = parseDocument(proposal);
  if (doc.errors.length > 0) throw new Error('The draft is not valid YAML: fix it before accepting a proposal.');
  if (proposed.errors.length > 0 || !isMap(proposed.contents)) throw new Error('The proposal is not valid YAML.');
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('The draft must be a YAML mapping (key: value lines).');
  for (const key of ['version', 'name', 'hosts']) if (!doc.has(key) && proposed.has(key)) doc.set(key, proposed.get(key, true));
  for (const key of ['services', 'kafka']) if (proposed.has(key)) doc.set(key, proposed.get(key, true));
  return doc.toString();
}

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A line diff (longest common subsequence): profiles are a few hundred lines at most. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++]! });
  while (j < m) out.push({ kind: 'added', text: b[j++]! });
  return out;
}
