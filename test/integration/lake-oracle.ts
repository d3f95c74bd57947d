import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseProfile } from '../../src-main/profile/parse-profile';
import type { Pipeline, Profile, Service } from '../../src-main/profile/schemas';
import { sandboxProfilePath } from '../setup/sandbox-fixture';

/**
 * What the Flume and data-lake tests know of the cluster, read from the profile only (services by kind,
 * pipelines by engine: no id or address is hard-coded), and oracles independent of the app: WebHDFS with plain
 * fetch, kcat for Kafka, ps for processes.
 */
export type FlumeAgent = Extract<Service, { kind: 'flume-agent' }>;
export type HdfsNamenode = Extract<Service, { kind: 'hdfs-namenode' }>;

export interface LakeSetup {
  profile: Profile;
  namenode: HdfsNamenode;
  /** The flume pipeline that lands in HDFS, its agent, and its landing path. */
  lake: Pipeline & { landing: { hdfs: string; path: string } };
  lakeAgent: FlumeAgent;
  /** The other flume pipeline (the one writing the topic), when there is one. */
  ingest?: Pipeline;
  topic: string;
}

export function lakeSetup(): LakeSetup {
  const parsed = parseProfile(readFileSync(sandboxProfilePath(), 'utf8'));
  if (!parsed.ok) throw new Error(`sandbox profile invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const profile = parsed.profile;
  const flume = profile.pipelines.filter((p) => p.engine === 'flume');
  const lake = flume.find((p) => p.landing !== undefined && 'hdfs' in p.landing);
  if (!lake?.landing || !('hdfs' in lake.landing)) throw new Error('the sandbox profile has no flume pipeline landing in HDFS');
  const landing = lake.landing;
  const namenode = profile.services.find((s): s is HdfsNamenode => s.kind === 'hdfs-namenode' && s.id === landing.hdfs);
  const lakeAgent = profile.services.find((s): s is FlumeAgent => s.kind === 'flume-agent' && s.id === lake.service);
  if (!namenode || !lakeAgent || !lake.topic) throw new Error('the HDFS pipeline lacks its NameNode, agent or topic');
  const ingest = flume.find((p) => p.id !== lake.id);
  return { profile, namenode, lake: { ...lake, landing }, lakeAgent, ...(ingest ? { ingest } : {}), topic: lake.topic };
}

const webhdfs = (nn: HdfsNamenode, path: string, op: string) =>
  `${nn.webhdfsUrl.replace(/\/+$/, '')}/webhdfs/v1${path}?op=${op}&user.name=${encodeURIComponent(nn.user)}`;

interface OracleStatus {
  pathSuffix: string;
  type: string;
  length: number;
}

export async function oracleList(nn: HdfsNamenode, root: string): Promise<Array<{ path: string; type: string; length: number }>> {
  const out: Array<{ path: string; type: string; length: number }> = [];
  const res = await fetch(webhdfs(nn, root, 'LISTSTATUS'));
  if (res.status === 404) return out;
  const body = (await res.json()) as { FileStatuses: { FileStatus: OracleStatus[] } };
  for (const st of body.FileStatuses.FileStatus) {
    const path = `${root}/${st.pathSuffix}`;
    out.push({ path, type: st.type, length: st.length });
    if (st.type === 'DIRECTORY') out.push(...(await oracleList(nn, path)));
  }
  return out;
}

/** The whole file, redirect to the DataNode followed by fetch itself. */
export async function oracleRead(nn: HdfsNamenode, path: string): Promise<string> {
  const res = await fetch(webhdfs(nn, path, 'OPEN'), { redirect: 'follow' });
  if (!res.ok) throw new Error(`OPEN ${path}: HTTP ${res.status}`);
  return res.text();
}

/** Every line under the landing path, files in name order. */
export async function oracleLines(nn: HdfsNamenode, root: string): Promise<string[]> {
  const files = (await oracleList(nn, root)).filter((e) => e.type === 'FILE').sort((a, b) => a.path.localeCompare(b.path));
  const lines: string[] = [];
  for (const f of files) lines.push(...(await oracleRead(nn, f.path)).split('\n').filter((l) => l !== ''));
  return lines;
}

export function kcatCount(profile: Profile, topic: string): number {
  const out = execFileSync('kcat', ['-C', '-b', profile.kafka.bootstrap.join(','), '-t', topic, '-e', '-q', '-f', '%o\n'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  return out.split('\n').filter(Boolean).length;
}

/** Produces the lines to the topic with kcat (acks=all), one record each. */
export function kcatProduce(profile: Profile, topic: string, lines: string[]): void {
  const r = spawnSync('kcat', ['-P', '-b', profile.kafka.bootstrap.join(','), '-t', topic, '-X', 'acks=all'], {
    input: lines.join('\n') + '\n',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`kcat -P failed: ${r.stderr.toString()}`);
}

/** Tagged JSON lines, unique per run, in the shape of the IoT readings. */
export function readings(run: string, from: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ sensor: `t-${(from + i) % 7}`, seq: from + i, run, temp: 20.5 }));
}

/** The command line of a pid, as ps shows it ('' when gone). */
export function commandLine(pid: number): string {
  const r = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** Whether the agent's monitoring answers (an oracle of "running" independent of pgrep). */
export async function monitoringAnswers(agent: FlumeAgent): Promise<boolean> {
  try {
    const res = await fetch(agent.monitoringUrl, { signal: AbortSignal.timeout(3_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Counts of the run's lines among all lines: distinct and duplicated. */
export function tally(lines: string[], run: string): { distinct: number; total: number; duplicates: number } {
  const mine = lines.filter((l) => l.includes(`"run":"${run}"`));
  const distinct = new Set(mine).size;
  return { distinct, total: mine.length, duplicates: mine.length - distinct };
}
