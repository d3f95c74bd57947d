import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../common/errors';
import type { KafkaAdmin } from '../kafka/kafka-admin';
import { profileSchema, type ProfileInput } from '../profile/schemas';
import { DataLake, resolveInLanding } from './data-lake';
import { countLines, firstLines } from './line-reader';
import { WebHdfsClient } from './webhdfs-client';

// WebHDFS answers recorded from a Hadoop 3.4.1 NameNode with a Flume 1.11 HDFS sink writing into /datalake/iot.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const json = (body: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'application/json' } });
const day = '/datalake/iot/2026-12-03';
const closedFile = `${day}/iot.1796268814740.jsonl`;
const orphanFile = `${day}/_iot.1796268846128.jsonl.tmp`;
const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `{"seq":${from + i}}\n`).join('');

/** A NameNode at nn:9870 and a DataNode at 127.0.0.1:45329, as the minicluster redirects reads. */
function fakeHdfs(options: { down?: boolean } = {}) {
  const calls: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    calls.push(`${url.host}${url.pathname}?${url.searchParams.get('op') ?? ''}`);
    if (options.down) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const path = decodeURIComponent(url.pathname.replace('/webhdfs/v1', '')) || '/';
    const op = url.searchParams.get('op');
    if (url.host === '127.0.0.1:45329') {
      const text = path === closedFile ? lines(3000) : lines(2000, 3001);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const length = url.searchParams.has('length') ? Number(url.searchParams.get('length')) : undefined;
      const bytes = Buffer.from(text).subarray(offset, length === undefined ? undefined : offset + length);
      return new Response(bytes);
    }
    if (op === 'OPEN') {
      // WebHDFS's 307: fetch must not follow it by itself (it would go around an SSH tunnel).
      expect(init?.redirect).toBe('manual');
      return new Response(null, {
        status: 307,
        headers: { location: `http://127.0.0.1:45329/webhdfs/v1${path}?op=OPEN&${url.searchParams.toString()}` },
      });
    }
    if (op === 'LISTSTATUS' && path === '/datalake/iot') return json(fixture('liststatus-root.json'));
    if (op === 'LISTSTATUS' && path === day) return json(fixture('liststatus-orphan.json'));
    if (op === 'GETFILESTATUS' && (path === '/datalake/iot' || path === day)) return json(fixture('getfilestatus-root.json'));
    if (op === 'GETFILESTATUS' && (path === closedFile || path === orphanFile)) return json(fixture('getfilestatus-file.json'));
    if (path === '/private') return json(fixture('error-permission.json'), 403);
    return json(fixture('error-not-found.json').replace('/nope', path), 404);
  };
  return { fetchImpl, calls };
}

const profileWith = (monitoring = 'http://agent:41414/metrics'): ProfileInput => ({
  version: 1,
  name: 't',
  hosts: [{ id: 'h', address: '10.0.0.1', user: 'u' }],
  services: [
    { id: 'nn', kind: 'hdfs-namenode', host: 'h', installDir: '/opt/hadoop', fsUri: 'hdfs://nn:8020', webhdfsUrl: 'http://nn:9870' },
    { id: 'lake-agent', kind: 'flume-agent', host: 'h', installDir: '/opt/flume', agentName: 'lake', monitoringUrl: monitoring },
  ],
  pipelines: [
    {
      id: 'iot-lake',
      engine: 'flume',
      service: 'lake-agent',
      name: 'lake',
      source: 'topic iot-sensors',
      sink: 'HDFS',
      topic: 'iot-sensors',
      landing: { hdfs: 'nn', path: '/datalake/iot/' },
    },
  ],
  kafka: { bootstrap: ['k:9092'], zookeeper: 'z:2181' },
});

function lake(hdfs: ReturnType<typeof fakeHdfs>, agent: 'running' | 'down' | 'restarted-after', endOffsets = 5000) {
  const profile = profileSchema.parse(profileWith());
  const fetchImpl: typeof fetch = async (input, init) => {
    if (String(input).startsWith('http://agent:')) {
      if (agent === 'down') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      // The sink started after the orphan's file was opened (1796268846128), or before it.
      const start = agent === 'restarted-after' ? '1796268855855' : '1796268800000';
      return json(JSON.stringify({ 'SINK.hdfs': { Type: 'SINK', StartTime: start } }));
    }
    return hdfs.fetchImpl(input, init);
  };
  const admin = { topicEndOffset: async () => endOffsets } as unknown as KafkaAdmin;
  return new DataLake({ profile: async () => profile, fetch: fetchImpl, admin: async () => admin });
}

async function failure(p: Promise<unknown>): Promise<AppFailure['error']> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppFailure) return err.error;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('data lake over WebHDFS', () => {
  it('lists the landing path recursively with sizes and times', async () => {
    const listing = await lake(fakeHdfs(), 'running').list('iot-lake');
    expect(listing.entries.map((e) => [e.relative, e.type, e.bytes])).toEqual([
      ['2026-12-03', 'directory', 0],
      ['2026-12-03/_iot.1796268846128.jsonl.tmp', 'file', 29403],
      ['2026-12-03/iot.1796268814740.jsonl', 'file', 177125],
    ]);
    expect(listing.entries[2]?.modified).toBe(new Date(1796268821262).toISOString());
    expect(listing).toMatchObject({ files: 2, bytes: 206528, truncated: false });
  });

  it('flags an in-use file as orphan when its agent is down or was restarted since, not while the agent writes it', async () => {
    const orphanOf = async (agent: 'running' | 'down' | 'restarted-after') =>
      (await lake(fakeHdfs(), agent).list('iot-lake')).entries.find((e) => e.inUse);
    expect(await orphanOf('running')).toMatchObject({ orphan: false, note: expect.stringContaining('being written') });
    expect(await orphanOf('down')).toMatchObject({ orphan: true, note: expect.stringContaining('not running') });
    expect(await orphanOf('restarted-after')).toMatchObject({ orphan: true, note: expect.stringContaining('last started') });
  });

  it('reads the first lines through the DataNode redirect, asking for a bounded length', async () => {
    const hdfs = fakeHdfs();
    const head = await lake(hdfs, 'running').head('iot-lake', '2026-12-03/iot.1796268814740.jsonl', 3);
    expect(head.lines).toEqual(['{"seq":1}', '{"seq":2}', '{"seq":3}']);
    expect(hdfs.calls).toContain(`127.0.0.1:45329/webhdfs/v1${closedFile}?OPEN`);
  });

  it('counts the lines of every file, the orphan’s too (its reported length is short)', async () => {
    const count = await lake(fakeHdfs(), 'down').count('iot-lake');
    expect(count.files.map((f) => [f.path, f.lines])).toEqual([
      [orphanFile, 2000],
      [closedFile, 3000],
    ]);
    expect(count.totalLines).toBe(5000);
  });

  it('compares landed lines with the topic’s end offsets', async () => {
    const r = await lake(fakeHdfs(), 'running', 5100).landedVsProduced('iot-lake');
    expect(r).toMatchObject({ produced: 5100, landed: 5000, difference: 100, files: 2 });
  });

  it('says in words that HDFS is down, a path is missing, or permission is refused', async () => {
    const down = await failure(lake(fakeHdfs({ down: true }), 'running').list('iot-lake'));
    expect(down.code).toBe('host_unreachable');
    expect(down.message).toContain('HDFS is not answering at http://nn:9870 (connection refused)');
    const client = new WebHdfsClient({ baseUrl: 'http://nn:9870', user: 'hdfs', fetch: fakeHdfs().fetchImpl });
    const missing = await failure(client.list('/nope'));
    expect(missing).toMatchObject({ code: 'not_found', message: '/nope does not exist in HDFS.' });
    const denied = await failure(client.list('/private'));
    expect(denied.code).toBe('unauthorized');
    expect(denied.message).toBe('HDFS does not let user "hdfs" list /private.');
    expect(denied.hint).toContain('Permission denied: user=hdfs');
  });

  it('keeps every path inside the landing path', async () => {
    expect(resolveInLanding('/datalake/iot', '2026-12-03/a.jsonl')).toBe('/datalake/iot/2026-12-03/a.jsonl');
    expect(resolveInLanding('/datalake/iot/', '/datalake/iot/x')).toBe('/datalake/iot/x');
    expect(() => resolveInLanding('/datalake/iot', '../../etc/passwd')).toThrow(/outside the landing path/);
    expect(() => resolveInLanding('/datalake/iot', '/datalake/iot2/x')).toThrow(/outside/);
  });
});

describe('line reader', () => {
  const stream = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    });

  it('counts newlines across chunks and a last line without one', async () => {
    expect(await countLines(stream('a\nb', '\nc\n'))).toEqual({ lines: 3, bytes: 6, partialLastLine: false });
    expect(await countLines(stream('a\nb'))).toEqual({ lines: 2, bytes: 3, partialLastLine: true });
    expect(await countLines(stream())).toEqual({ lines: 0, bytes: 0, partialLastLine: false });
  });

  it('stops at the lines asked for and leaves out a cut last line', async () => {
    expect((await firstLines(stream('a\nb\nc\n'), 2)).lines).toEqual(['a', 'b']);
    expect((await firstLines(stream('a\nb\nc'), 5)).lines).toEqual(['a', 'b']);
    expect((await firstLines(stream('é', 'à\nx\n'), 5)).lines).toEqual(['éà', 'x']);
  });
});
