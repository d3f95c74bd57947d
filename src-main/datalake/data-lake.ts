import { posix } from 'node:path';
import { fail } from '../common/errors';
import type { KafkaAdmin } from '../kafka/kafka-admin';
import type { Pipeline, Profile, Service } from '../profile/schemas';
import { flumeMetricsSchema } from '../pipelines/flume/metrics-schemas';
import { countLines, firstLines } from './line-reader';
import type { LakeCount, LakeEntry, LakeHead, LakeListing, LandedVsProduced, Landing } from './schemas';
import { WebHdfsClient } from './webhdfs-client';
import type { FileStatus } from './webhdfs-schemas';

export interface DataLakeDeps {
  profile: () => Promise<Profile>;
  /** fetch that reaches the cluster's hosts (direct, or through the SSH tunnel). */
  fetch: typeof fetch;
  admin: () => Promise<KafkaAdmin>;
}

type HdfsNamenode = Extract<Service, { kind: 'hdfs-namenode' }>;
type FlumeAgent = Extract<Service, { kind: 'flume-agent' }>;

/** A listing keeps this many entries: a landing path of years of hourly buckets is still one screen of work. */
export const MAX_ENTRIES = 5_000;
const MAX_DEPTH = 12;
const MAX_HEAD_BYTES = 256 * 1024;
/** A whole-landing count reads every byte once: allowed this long per file. */
const COUNT_FILE_TIMEOUT_MS = 10 * 60_000;
const COUNT_PARALLEL = 2;

// Flume's default in-use suffix; the seed also prefixes `_`, which hides the file from MapReduce and Hive.
const isInUseName = (name: string) => name.endsWith('.tmp');
// Flume's BucketWriter numbers its files from the agent's clock in ms: `_iot.1796268846128.jsonl.tmp`.
const flumeFileStamp = (name: string): number | undefined => {
  const m = /(?:^|\.)(\d{13})(?:\.|$)/.exec(name.replace(/^_/, ''));
  return m?.[1] ? Number(m[1]) : undefined;
};

interface WriterState {
  running: boolean;
  /** When the agent's sinks started (the agent's clock), ms. */
  sinkStart?: number;
  detail?: string;
}

/**
 * The pipelines that land in HDFS, read over WebHDFS: their files, the first lines of one, line counts, and the
 * lines landed against the records produced to the pipeline's topic. In-use files no running writer holds are
 * flagged as orphans: after a killed agent, such a file keeps its in-use name, and HDFS under-reports its length
 * until its lease is recovered (reading it still gives every line that was flushed).
 */
export class DataLake {
  constructor(private readonly deps: DataLakeDeps) {}

  async landings(): Promise<Landing[]> {
    const profile = await this.deps.profile();
    return profile.pipelines.flatMap((p) => {
      const resolved = this.resolveIn(profile, p);
      return resolved ? [resolved.landing] : [];
    });
  }

  async list(pipelineId: string): Promise<LakeListing> {
    const { landing, client, writer } = await this.landing(pipelineId);
    const [walk, writerState] = await Promise.all([this.walk(client, landing.path), writer ? this.writerState(writer) : undefined]);
    const entries = walk.entries.map((e) => classify(e, writer, writerState));
    const files = entries.filter((e) => e.type === 'file');
    return {
      landing,
      entries,
      files: files.length,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      orphans: entries.filter((e) => e.orphan).length,
      truncated: walk.truncated,
      ...(writerState
        ? {
            writerState: {
              running: writerState.running,
              ...(writerState.sinkStart ? { since: new Date(writerState.sinkStart).toISOString() } : {}),
              ...(writerState.detail ? { detail: writerState.detail } : {}),
            },
          }
        : {}),
      listedAt: new Date().toISOString(),
    };
  }

  async head(pipelineId: string, path: string, lines: number): Promise<LakeHead> {
    const { landing, client } = await this.landing(pipelineId);
    const file = resolveInLanding(landing.path, path);
    const status = await client.status(file);
    if (status.type !== 'FILE') fail('invalid_input', `${file} is a directory, not a file.`, { field: 'path' });
    const read = await firstLines(await client.open(file, { offset: 0, length: MAX_HEAD_BYTES }), lines);
    return { path: file, ...read };
  }

  /** Lines of one file, or of every file under a directory (the whole landing path when `path` is absent). */
  async count(pipelineId: string, path?: string): Promise<LakeCount> {
    const { landing, client } = await this.landing(pipelineId);
    return this.countUnder(client, path === undefined ? landing.path : resolveInLanding(landing.path, path));
  }

  async landedVsProduced(pipelineId: string): Promise<LandedVsProduced> {
    const { landing, client, pipeline } = await this.landing(pipelineId);
    if (!pipeline.topic)
      fail('invalid_input', `Pipeline ${pipeline.id} names no topic to compare its landed lines with.`, { field: 'pipeline' });
    const started = Date.now();
    // The end offsets first: records produced after this read may land during the count, never the other way.
    const produced = await (await this.deps.admin()).topicEndOffset(pipeline.topic);
    const counted = await this.countUnder(client, landing.path);
    const listing = await this.list(pipelineId);
    return {
      pipeline: pipeline.id,
      topic: pipeline.topic,
      produced,
      landed: counted.totalLines,
      difference: produced - counted.totalLines,
      files: counted.files.length,
      orphans: listing.orphans,
      countedAt: new Date().toISOString(),
      elapsedMs: Date.now() - started,
    };
  }

  private async countUnder(client: WebHdfsClient, path: string): Promise<LakeCount> {
    const started = Date.now();
    const status = await client.status(path);
    const files =
      status.type === 'FILE'
        ? [path]
        : (await this.walk(client, path, Number.POSITIVE_INFINITY)).entries.filter((e) => e.type === 'FILE').map((e) => e.path);
    const counts: LakeCount['files'] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(COUNT_PARALLEL, files.length) }, async () => {
        while (next < files.length) {
          const file = files[next++] ?? '';
          const c = await countLines(await client.open(file, {}, AbortSignal.timeout(COUNT_FILE_TIMEOUT_MS)));
          counts.push({ path: file, ...c });
        }
      }),
    );
    counts.sort((a, b) => a.path.localeCompare(b.path));
    return {
      path,
      files: counts,
      totalLines: counts.reduce((n, c) => n + c.lines, 0),
      totalBytes: counts.reduce((n, c) => n + c.bytes, 0),
      elapsedMs: Date.now() - started,
      countedAt: new Date().toISOString(),
    };
  }

  /** Breadth-first under `root`, directories listed one LISTSTATUS each. */
  private async walk(client: WebHdfsClient, root: string, limit = MAX_ENTRIES): Promise<{ entries: Array<RawEntry>; truncated: boolean }> {
    const rootStatus = await client.status(root);
    if (rootStatus.type !== 'DIRECTORY') return { entries: [toRaw(root, root, rootStatus, 0)], truncated: false };
    const entries: RawEntry[] = [];
    let level: string[] = [root];
    for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth++) {
      const nextLevel: string[] = [];
      for (const dir of level) {
        for (const st of await client.list(dir)) {
          if (entries.length >= limit) return { entries: sortEntries(entries), truncated: true };
          const path = posix.join(dir, st.pathSuffix);
          entries.push(toRaw(root, path, st, depth));
          if (st.type === 'DIRECTORY') nextLevel.push(path);
        }
      }
      level = nextLevel;
    }
    return { entries: sortEntries(entries), truncated: level.length > 0 };
  }

  private async writerState(agent: FlumeAgent): Promise<WriterState> {
    try {
      const res = await this.deps.fetch(agent.monitoringUrl, { signal: AbortSignal.timeout(4_000) });
      if (!res.ok) return { running: false, detail: `agent ${agent.agentName}: monitoring answered HTTP ${res.status}` };
      const metrics = flumeMetricsSchema.parse(await res.json());
      const starts = Object.values(metrics)
        .filter((c) => c.Type === 'SINK')
        .map((c) => Number(c.StartTime ?? '0'))
        .filter((n) => n > 0);
      return { running: true, ...(starts.length > 0 ? { sinkStart: Math.min(...starts) } : {}) };
    } catch {
      return { running: false, detail: `agent ${agent.agentName} is not answering at ${agent.monitoringUrl}` };
    }
  }

  private async landing(pipelineId: string): Promise<{ landing: Landing; client: WebHdfsClient; pipeline: Pipeline; writer?: FlumeAgent }> {
    const profile = await this.deps.profile();
    const pipeline = profile.pipelines.find((p) => p.id === pipelineId);
    if (!pipeline) fail('not_found', `The profile has no pipeline "${pipelineId}".`, { field: 'pipeline' });
    const resolved = this.resolveIn(profile, pipeline);
    if (!resolved) fail('invalid_input', `Pipeline ${pipelineId} does not land in HDFS.`, { field: 'pipeline' });
    const { namenode, writer, landing } = resolved;
    const client = new WebHdfsClient({ baseUrl: namenode.webhdfsUrl, user: namenode.user, fetch: this.deps.fetch });
    return { landing, client, pipeline, ...(writer ? { writer } : {}) };
  }

  private resolveIn(profile: Profile, p: Pipeline): { landing: Landing; namenode: HdfsNamenode; writer?: FlumeAgent } | undefined {
    const l = p.landing;
    if (!l || !('hdfs' in l)) return undefined;
    const namenode = profile.services.find((s): s is HdfsNamenode => s.id === l.hdfs && s.kind === 'hdfs-namenode');
    if (!namenode) return undefined;
    const writer =
      p.engine === 'flume' ? profile.services.find((s): s is FlumeAgent => s.id === p.service && s.kind === 'flume-agent') : undefined;
    const landing: Landing = {
      pipeline: p.id,
      hdfs: namenode.id,
      webhdfsUrl: namenode.webhdfsUrl,
      path: normalizeHdfsPath(l.path),
      ...(p.topic ? { topic: p.topic } : {}),
      ...(writer ? { writer: writer.agentName } : {}),
    };
    return { landing, namenode, ...(writer ? { writer } : {}) };
  }
}

interface RawEntry {
  path: string;
  relative: string;
  name: string;
  type: FileStatus['type'];
  depth: number;
  bytes: number;
  modifiedMs: number;
}

function toRaw(root: string, path: string, st: FileStatus, depth: number): RawEntry {
  return {
    path,
    relative: posix.relative(root, path) || posix.basename(path),
    name: posix.basename(path),
    type: st.type,
    depth,
    bytes: st.length,
    modifiedMs: st.modificationTime,
  };
}

function sortEntries(entries: RawEntry[]): RawEntry[] {
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

function classify(e: RawEntry, writer: FlumeAgent | undefined, state: WriterState | undefined): LakeEntry {
  const inUse = e.type === 'FILE' && isInUseName(e.name);
  let orphan = false;
  let note: string | undefined;
  if (inUse) {
    if (!writer || !state) note = 'in use by a writer this app does not know: cannot tell whether it still has the file open';
    else if (!state.running) {
      orphan = true;
      note = `left open by agent ${writer.agentName}, which is not running; HDFS reports its length short until the lease is recovered`;
    } else if (state.sinkStart !== undefined && (flumeFileStamp(e.name) ?? e.modifiedMs) < state.sinkStart) {
      orphan = true;
      note = `opened before agent ${writer.agentName} last started: the agent that wrote it was stopped or killed; it stays under its in-use name until its lease is recovered and it is renamed`;
    } else note = `being written by agent ${writer.agentName}`;
  }
  return {
    path: e.path,
    relative: e.relative,
    name: e.name,
    type: e.type === 'DIRECTORY' ? 'directory' : 'file',
    depth: e.depth,
    bytes: e.bytes,
    modified: new Date(e.modifiedMs).toISOString(),
    inUse,
    orphan,
    ...(note ? { note } : {}),
  };
}

export function normalizeHdfsPath(path: string): string {
  const n = posix.normalize(path);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** A path given by the caller, taken relative to the landing path and kept inside it. */
export function resolveInLanding(landingPath: string, path: string): string {
  const root = normalizeHdfsPath(landingPath);
  const full = normalizeHdfsPath(path.startsWith('/') ? path : posix.join(root, path));
  if (full !== root && !full.startsWith(root === '/' ? '/' : `${root}/`))
    fail('invalid_input', `${path} is outside the landing path ${root}.`, { field: 'path' });
  return full;
}
