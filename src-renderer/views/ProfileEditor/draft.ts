import { isMap, isSeq, parseDocument } from 'yaml';

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

/** What identifies a service whatever its id: its kind and broker id, agent name, file system or config file. */
export function serviceKey(service: unknown): string | undefined {
  if (!service || typeof service !== 'object') return undefined;
  const s = service as Record<string, unknown>;
  const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
  const kind = str('kind');
  if (kind === 'kafka-broker' && typeof s.brokerId === 'number') return `broker ${s.brokerId}`;
  if (kind === 'flume-agent' && str('agentName')) return `flume ${str('host') ?? ''} ${str('agentName') ?? ''}`;
  if (kind === 'hdfs-namenode' && str('fsUri')) return `hdfs ${str('fsUri') ?? ''}`;
  if (kind === 'streamsets' && str('baseUrl')) return `streamsets ${str('baseUrl') ?? ''}`;
  const config = str('config');
  const home = (str('installDir') ?? '').replace(/\/+$/, '');
  if (kind && config) return `${kind} ${config.startsWith('/') ? config : `${home}/${config.replace(/^\.\//, '')}`}`;
  return undefined;
}

/**
 * The draft with a discovery's proposal accepted. A service the draft already has (the same broker id, agent,
 * file system or config file) stays as the user wrote it: its id (which pipelines name), its comments, its command
 * overrides; a service found only now is added; one of the draft's that discovery did not find stays too (nothing
 * of the user's is dropped; `notFound` names them). `kafka.bootstrap` and `kafka.zookeeper` are set from the
 * proposal, other kafka keys (tunnelVia) kept. Everything else of the draft stays as the user wrote it.
 */
export function applyProposal(draft: string, proposal: string): string {
  return mergeProposal(draft, proposal).yaml;
}

export function mergeProposal(draft: string, proposal: string): { yaml: string; added: string[]; kept: string[]; notFound: string[] } {
  const doc = parseDocument(draft);
  const proposed = parseDocument(proposal);
  if (doc.errors.length > 0) throw new Error('The draft is not valid YAML: fix it before accepting a proposal.');
  if (proposed.errors.length > 0 || !isMap(proposed.contents)) throw new Error('The proposal is not valid YAML.');
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('The draft must be a YAML mapping (key: value lines).');
  for (const key of ['version', 'name', 'hosts']) if (!doc.has(key) && proposed.has(key)) doc.set(key, proposed.get(key, true));

  const added: string[] = [];
  const kept: string[] = [];
  /** Proposed service id → the id the draft already gives that service. */
  const renamed = new Map<string, string>();
  const draftServices = doc.get('services', true);
  const proposedServices = proposed.get('services', true);
  const proposedItems = isSeq(proposedServices) ? proposedServices.items : [];
  if (!isSeq(draftServices) || draftServices.items.length === 0) {
    if (proposed.has('services')) doc.set('services', proposedServices);
    for (const item of proposedItems) added.push(idOf(item));
  } else {
    const draftKeys = new Map(draftServices.items.map((item) => [serviceKey(toJs(item)), item] as const));
    for (const item of proposedItems) {
      const match = draftKeys.get(serviceKey(toJs(item)));
      if (match !== undefined && serviceKey(toJs(item)) !== undefined) {
        kept.push(idOf(match));
        renamed.set(idOf(item), idOf(match));
      } else {
        draftServices.items.push(item);
        added.push(idOf(item));
      }
    }
  }
  const proposedKeys = new Set(proposedItems.map((item) => serviceKey(toJs(item))));
  const notFound = isSeq(draftServices) ? draftServices.items.filter((item) => !proposedKeys.has(serviceKey(toJs(item)))).map(idOf) : [];
  // Proposed pipelines the draft lacks (same engine and name), naming the services by the draft's ids.
  const draftPipelines = toJs(doc.get('pipelines', true));
  const have = new Set(
    (Array.isArray(draftPipelines) ? draftPipelines : []).map((p: unknown) =>
      p && typeof p === 'object' ? `${String((p as Record<string, unknown>).engine)} ${String((p as Record<string, unknown>).name)}` : '',
    ),
  );
  const proposedPipelines = toJs(proposed.get('pipelines', true));
  for (const p of Array.isArray(proposedPipelines) ? (proposedPipelines as Array<Record<string, unknown>>) : []) {
    if (have.has(`${String(p.engine)} ${String(p.name)}`)) continue;
    const service = typeof p.service === 'string' ? (renamed.get(p.service) ?? p.service) : undefined;
    const landing = p.landing as Record<string, unknown> | undefined;
    const hdfs = typeof landing?.hdfs === 'string' ? (renamed.get(landing.hdfs) ?? landing.hdfs) : undefined;
    const pipeline = { ...p, ...(service ? { service } : {}), ...(landing && hdfs ? { landing: { ...landing, hdfs } } : {}) };
    const list = doc.get('pipelines', true);
    if (!isSeq(list)) doc.set('pipelines', doc.createNode([]));
    // An empty `pipelines: []` grows as a block list, like the rest of the file.
    else if (list.items.length === 0) list.flow = false;
    doc.addIn(['pipelines'], doc.createNode(pipeline));
  }
  for (const key of ['bootstrap', 'zookeeper'])
    if (proposed.hasIn(['kafka', key])) {
      if (!isMap(doc.get('kafka', true))) doc.set('kafka', doc.createNode({}));
      doc.setIn(['kafka', key], proposed.getIn(['kafka', key], true));
    }
  return { yaml: doc.toString(), added, kept, notFound };
}

function toJs(node: unknown): unknown {
  return node && typeof node === 'object' && 'toJSON' in node && typeof node.toJSON === 'function'
    ? (node.toJSON as () => unknown)()
    : node;
}

function idOf(node: unknown): string {
  const js = toJs(node);
  return js && typeof js === 'object' && 'id' in js ? String(js.id) : '?';
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
