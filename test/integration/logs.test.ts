import { appendFileSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { runKcc } from '../support/kcc-process';
import { AppHarness } from './app-harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ProfileService {
  id: string;
  host: string;
  installDir: string;
  logDir?: string;
}

function profileServices(): ProfileService[] {
  return (parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: ProfileService[] }).services;
}

/** The bytes [start, end) of a file, read directly on this machine (the sandbox hosts' files are local). */
function bytesOf(file: string, start: number, end: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** A log4j line with the current time, as the brokers write theirs (the sandbox's JVMs run on UTC). */
function log4jLine(level: string, text: string): string {
  const ts = new Date().toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  return `[${ts}] ${level} ${text} (kcc.test.LogsTest)`;
}

describe('logs over SSH against the sandbox', () => {
  let app: AppHarness;
  const services = profileServices();
  const b0 = services.find((s) => s.id === 'broker-0');
  const b1 = services.find((s) => s.id === 'broker-1');
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
  });
  afterAll(() => app.dispose());

  it('lists each broker of one KAFKA_HOME with its own LOG_DIR and its own server.log, as the directories hold them', async () => {
    // The premise: the two brokers share a KAFKA_HOME on one host, with a LOG_DIR each.
    expect(b0?.installDir).toBe(b1?.installDir);
    expect(b0?.host).toBe(b1?.host);
    expect(b0?.logDir).not.toBe(b1?.logDir);
    const listed = await app.call('logs.files', { services: ['broker-0', 'broker-1'] });
    expect(listed.problems).toEqual([]);
    expect(new Set(listed.files.map((f) => f.service))).toEqual(new Set(['broker-0', 'broker-1']));
    for (const broker of [b0, b1]) {
      const dir = broker?.logDir ?? '';
      const mine = listed.files.filter((f) => f.service === broker?.id);
      expect(mine.every((f) => f.path.startsWith(`${dir}/`) && f.host === 'kafka-1')).toBe(true);
      const server = mine.find((f) => f.name === 'server.log');
      expect(server).toMatchObject({ path: `${dir}/server.log`, primary: true, rotated: false, role: 'log', sharedWith: [] });
      // The oracle: the directory itself. Each file Kafka wrote there under a known name is listed, with its size.
      const onDisk = readdirSync(dir).filter((n) =>
        /^(server\.log|controller\.log|state-change\.log|kafkaServer\.out|kafkaServer-gc\.log)(\.[0-9][0-9-]*)?$/.test(n),
      );
      const current = onDisk.filter((n) => !/\.[0-9][0-9-]*$/.test(n));
      expect(current).toContain('server.log');
      for (const name of current) expect(mine.map((f) => f.name)).toContain(name);
      expect(mine.filter((f) => !f.rotated).map((f) => f.name)).toEqual(
        expect.arrayContaining(['server.log', 'controller.log', 'state-change.log', 'kafkaServer.out', 'kafkaServer-gc.log']),
      );
      for (const f of mine.filter((x) => x.rotated)) {
        const st = statSync(f.path);
        expect(f.size, f.name).toBe(st.size);
        expect(Date.parse(f.mtime)).toBe(Math.floor(st.mtimeMs / 1000) * 1000);
      }
      // A growing file may have grown since: never smaller than listed, never listed larger than it is.
      expect(statSync(`${dir}/server.log`).size).toBeGreaterThanOrEqual(server?.size ?? Infinity);
    }
    const paths = listed.files.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('lists ZooKeeper, Connect, Flume and HDFS logs too', async () => {
    const listed = await app.call('logs.files', {});
    const primary = (id: string) => listed.files.find((f) => f.service === id && f.primary)?.name;
    expect(primary('zk-1')).toBe('server.log');
    expect(primary('connect')).toBe('connect.log');
    expect(primary('flume-ingest')).toBe('flume.log');
    expect(primary('hdfs')).toBe('hdfs.out');
    expect(listed.files.some((f) => f.service === 'zk-1' && f.name === 'zookeeper.out')).toBe(true);
  });

  it('reads whole lines of a byte range, exactly the bytes of the file, and pages back without gap', async () => {
    const file = `${b1?.logDir}/server.log`;
    const last = await app.call('logs.read', { service: 'broker-1', file, bytes: 4096 });
    expect(last.lines.length).toBeGreaterThan(0);
    expect(bytesOf(file, last.start, last.end).toString('utf8')).toBe(`${last.lines.join('\n')}\n`);
    if (last.start > 0) expect(bytesOf(file, last.start - 1, last.start).toString()).toBe('\n');
    const before = await app.call('logs.read', { service: 'broker-1', file, end: last.start, bytes: 4096 });
    expect(before.end).toBe(last.start);
    expect(bytesOf(file, before.start, last.end).toString('utf8')).toBe(`${[...before.lines, ...last.lines].join('\n')}\n`);
  });

  it('refuses a file that is not one of the service’s logs', async () => {
    const other = await app.callError('logs.read', { service: 'broker-0', file: `${b1?.logDir}/server.log` });
    expect(other).toMatchObject({ code: 'invalid_input', field: 'file' });
    const escape = await app.callError('logs.tail', { service: 'broker-0', file: `${b0?.logDir}/../broker-1/server.log` });
    expect(escape.code).toBe('invalid_input');
  });

  it('follows broker-1’s server.log from where a read ended: an appended entry and its stack trace arrive', async () => {
    const file = `${b1?.logDir}/server.log`;
    const lines: string[] = [];
    let streamId = '';
    const unsubscribe = app.core.events.subscribe((e) => {
      if (e.name === 'log.line' && e.payload.streamId === streamId) lines.push(e.payload.line);
    });
    try {
      const read = await app.call('logs.read', { service: 'broker-1', file, bytes: 1024 });
      const started = await app.call('logs.follow', { service: 'broker-1', file, fromByte: read.end });
      streamId = started.streamId;
      expect(started.file).toBe(file);
      const marker = `kcc-logs-follow-${Date.now()}`;
      appendFileSync(file, `${log4jLine('ERROR', marker)}\njava.lang.IllegalStateException: ${marker}\n\tat kcc.Test.run(Test.java:1)\n`);
      const deadline = Date.now() + 15_000;
      while (!lines.some((l) => l.startsWith('\tat kcc.Test.run')) && Date.now() < deadline) await sleep(200);
      const at = lines.findIndex((l) => l.includes(`ERROR ${marker}`));
      expect(at, lines.join('\n')).toBeGreaterThanOrEqual(0);
      expect(lines.slice(at, at + 3)).toEqual([
        expect.stringContaining(marker),
        `java.lang.IllegalStateException: ${marker}`,
        '\tat kcc.Test.run(Test.java:1)',
      ]);
      // Nothing the read already returned comes again: the follow began at its end.
      for (const l of read.lines) if (l.length > 30) expect(lines).not.toContain(l);
      expect(await app.call('logs.unfollow', { streamId })).toEqual({ stopped: true });
    } finally {
      unsubscribe();
    }
  });

  it('kcc reaches logs.files through the contract', async () => {
    const r = await runKcc(['logs.files', JSON.stringify({ services: ['broker-1'] }), '--jsonl', '--profile', sandboxProfilePath()], {
      KCC_PROFILE_DIR: mkdtempSync(join(tmpdir(), 'kcc-logs-')),
    });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const files = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { service: string; path: string });
    expect(files.every((f) => f.service === 'broker-1')).toBe(true);
    expect(files.map((f) => f.path)).toContain(`${b1?.logDir}/server.log`);
  });
});
