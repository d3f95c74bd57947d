import { describe, expect, it } from 'vitest';
import type { Service } from '../profile/schemas';
import { filesOf, LIST_SCRIPT, MAX_ROTATED_PER_NAME, parseListing, writersOf } from './log-files';
import { isLogFileOf, logFileFor, logLocationsOf } from './log-locations';
import { wholeLines } from './log-range';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const broker = (id: string, brokerId: number, logDir?: string): Service =>
  ({
    id,
    kind: 'kafka-broker',
    host: 'h1',
    installDir: '/opt/kafka',
    config: `config/server-${brokerId}.properties`,
    brokerId,
    advertisedAddress: '127.0.0.1:9092',
    ...(logDir ? { logDir } : {}),
  }) as Service;
const zk = {
  id: 'zk-1',
  kind: 'zookeeper',
  host: 'h1',
  installDir: '/opt/kafka',
  config: 'config/zookeeper.properties',
  clientAddress: 'h1:2181',
} as Service;

describe('log locations', () => {
  it('puts each broker of one KAFKA_HOME in its own LOG_DIR, relative to the install or absolute', () => {
    expect(logLocationsOf(broker('b0', 0, 'logs/b0')).map((l) => l.dir)).toEqual(['/opt/kafka/logs/b0']);
    expect(logLocationsOf(broker('b1', 1, '/var/log/kafka/b1/')).map((l) => l.dir)).toEqual(['/var/log/kafka/b1']);
    // No LOG_DIR: kafka-run-class.sh's default, <KAFKA_HOME>/logs.
    expect(logLocationsOf(broker('b2', 2)).map((l) => l.dir)).toEqual(['/opt/kafka/logs']);
  });

  it('finds a stock NameNode’s .out beside its .log', () => {
    const nn = {
      id: 'nn',
      kind: 'hdfs-namenode',
      host: 'h2',
      installDir: '/opt/hadoop',
      fsUri: 'hdfs://h2:8020',
      webhdfsUrl: 'http://h2:9870',
      user: 'hdfs',
      mainClass: 'org.apache.hadoop.hdfs.server.namenode.NameNode',
      logFile: 'logs/hadoop-hdfs-namenode-h2.log',
    } as Service;
    expect(logLocationsOf(nn)).toEqual([
      {
        dir: '/opt/hadoop/logs',
        names: [
          { name: 'hadoop-hdfs-namenode-h2.log', role: 'log', primary: true },
          { name: 'hadoop-hdfs-namenode-h2.out', role: 'console' },
        ],
      },
    ]);
  });

  it('accepts only the service’s own files, current or rolled, by a plain absolute path', () => {
    const b0 = broker('b0', 0, 'logs/b0');
    expect(isLogFileOf(b0, '/opt/kafka/logs/b0/server.log')).toBe(true);
    expect(isLogFileOf(b0, '/opt/kafka/logs/b0/server.log.2026-12-03-05')).toBe(true);
    expect(isLogFileOf(b0, '/opt/kafka/logs/b0/kafkaServer-gc.log.3')).toBe(true);
    expect(isLogFileOf(b0, '/opt/kafka/logs/b1/server.log')).toBe(false);
    expect(isLogFileOf(b0, '/opt/kafka/logs/b0/../b1/server.log')).toBe(false);
    expect(isLogFileOf(b0, '/opt/kafka/logs/b0/server.log.gz')).toBe(false);
    expect(isLogFileOf(b0, 'logs/b0/server.log')).toBe(false);
    expect(() => logFileFor(b0, '/etc/shadow')).toThrow(/not a log file of b0/);
    expect(logFileFor(b0, undefined)).toBe('/opt/kafka/logs/b0/kafkaServer.out');
  });
});

describe('log files from a listing', () => {
  const entry = (name: string, size = 10, mtimeMs = 1_700_000_000_000) => ({ name, size, mtimeMs });

  it('parses the listing script’s output per directory, missing directories apart, names with | kept', () => {
    const out = [
      '@@kcc-dir@@',
      '12|1700000000|regular file|server.log',
      '0|1700000000|regular empty file|a|b.log',
      '4096|1700000000|directory|sub',
      '@@kcc-dir@@',
      '@@kcc-missing@@',
      '',
    ].join('\n');
    expect(parseListing(out, 2)).toEqual([[entry('server.log', 12), entry('a|b.log', 0)], undefined]);
  });

  it('the listing script lists a real directory with sizes and times, and says when one is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcc-list-'));
    writeFileSync(join(dir, 'server.log'), 'hello\n');
    writeFileSync(join(dir, 'name with spaces.log'), '');
    mkdirSync(join(dir, 'sub'));
    const out = execFileSync('sh', ['-c', LIST_SCRIPT, 'test', dir, join(dir, 'nope')], { encoding: 'utf8' });
    const [first, second] = parseListing(out, 2);
    expect(first?.map((e) => [e.name, e.size]).sort()).toEqual([
      ['name with spaces.log', 0],
      ['server.log', 6],
    ]);
    expect(second).toBeUndefined();
  });

  it('keeps a service’s files only, its log first, the newest rolled copies, and who else writes them', () => {
    const b0 = broker('b0', 0);
    const b1 = broker('b1', 1);
    const [location] = logLocationsOf(b0);
    if (!location) throw new Error('no location');
    const rolled = Array.from({ length: MAX_ROTATED_PER_NAME + 5 }, (_, i) =>
      entry(`server.log.2026-12-0${1 + Math.floor(i / 24)}-${String(i % 24).padStart(2, '0')}`, 1, 1_700_000_000_000 + i * 3_600_000),
    );
    const files = filesOf(
      { service: b0, location },
      [entry('kafkaServer.out'), entry('unrelated.txt'), entry('server.log'), ...rolled],
      writersOf([b0, b1, zk]),
    );
    expect(files[0]).toMatchObject({ name: 'server.log', primary: true, rotated: false, sharedWith: ['b1', 'zk-1'] });
    expect(files.find((f) => f.name === 'kafkaServer.out')).toMatchObject({ role: 'console', sharedWith: ['b1'] });
    expect(files.some((f) => f.name === 'unrelated.txt')).toBe(false);
    const kept = files.filter((f) => f.rotated);
    expect(kept).toHaveLength(MAX_ROTATED_PER_NAME);
    expect(kept[0]?.name).toBe(rolled.at(-1)?.name);
  });
});

describe('wholeLines', () => {
  const b = (s: string) => Buffer.from(s, 'utf8');
  it('drops the head of a line cut at the range’s start, and a line still being written at the file’s end', () => {
    // File "aa\nbbb\ncc" (9 bytes); the range [1, 9).
    expect(wholeLines(b('a\nbbb\ncc'), 1, 9)).toEqual({ start: 3, end: 7, lines: ['bbb'] });
    expect(wholeLines(b('aa\nbbb\n'), 0, 7)).toEqual({ start: 0, end: 7, lines: ['aa', 'bbb'] });
  });

  it('keeps byte offsets exact across multi-byte characters cut at the range’s start', () => {
    const file = b('é\nü line\n');
    const range = file.subarray(1);
    expect(wholeLines(range, 1, file.length)).toEqual({ start: 3, end: file.length, lines: ['ü line'] });
  });

  it('returns a range without a line break as one piece, so paging back still moves', () => {
    const r = wholeLines(b('xxxxxxxx'), 100, 1000);
    expect(r.start).toBe(100);
    expect(r.lines).toHaveLength(1);
  });
});
