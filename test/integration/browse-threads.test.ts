import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

const bootstrap = '127.0.0.3:9092';
const records = 240_000;

/**
 * A long scan runs on two threads, each with its share of the partitions: what it finds, counts and stops at must be
 * what one reader sees. kcat writes the records and reads them back as the oracle.
 */
describe('browse: long scans on two threads', () => {
  let app: AppHarness;
  const topic = `kcc-threads-${Date.now()}`;
  const markers: string[] = [];
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 6, replicationFactor: 1 });
    const lines: string[] = [];
    for (let i = 0; i < records; i++) {
      // A rare marker every 20,000 records, and "even"/"odd" everywhere (for a scan that stops at its limit).
      const marker = i % 20_000 === 7 ? `MARKER-${i}` : '';
      if (marker) markers.push(marker);
      lines.push(`reading ${i} ${i % 2 === 0 ? 'even' : 'odd'} ${marker}`);
    }
    execFileSync('kcat', ['-P', '-b', bootstrap, '-t', topic], {
      input: `${lines.join('\n')}\n`,
      timeout: 120_000,
      maxBuffer: 64 << 20,
    });
  }, 180_000);
  afterAll(() => app.dispose());

  it('finds every match kcat finds, in any partition, and counts every record once', async () => {
    const oracle = execFileSync('kcat', ['-C', '-b', bootstrap, '-t', topic, '-e', '-q', '-f', '%p %o %s\\n'], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 256 << 20,
    })
      .trim()
      .split('\n')
      .filter((l) => l.includes('MARKER-'))
      .map((l) => l.split(' ').slice(0, 2).join(':'))
      .sort();
    expect(oracle).toHaveLength(markers.length);
    const r = await app.call('messages.browse', { topic, contains: 'marker-', limit: 1000 });
    expect(r.stoppedBy).toBe('end');
    expect(r.scanned).toBe(records);
    expect(r.messages.map((m) => `${m.partition}:${m.offset}`).sort()).toEqual(oracle);
    expect(new Set(r.messages.map((m) => m.value.text?.split(' ').pop())).size).toBe(markers.length);
  }, 120_000);

  it('stops both threads at the limit, with only matching records', async () => {
    const r = await app.call('messages.browse', { topic, contains: ' even ', limit: 500 });
    expect(r.stoppedBy).toBe('limit');
    expect(r.messages).toHaveLength(500);
    expect(r.messages.every((m) => m.value.text?.includes(' even '))).toBe(true);
    expect(r.scanned).toBeLessThan(records);
  }, 120_000);

  it('pages: each page continues where the last stopped, on two threads and on one, until every match is seen once', async () => {
    const pageThrough = async (): Promise<string[]> => {
      const seen: string[] = [];
      let r = await app.call('messages.browse', { topic, contains: 'marker-', limit: 5 });
      for (let page = 0; page < 10; page++) {
        seen.push(...r.messages.map((m) => `${m.partition}:${m.offset}`));
        if (r.next.length === 0) break;
        expect(r.stoppedBy).toBe('limit');
        r = await app.call('messages.browse', { topic, contains: 'marker-', limit: 5, from: { positions: r.next } });
      }
      return seen;
    };
    const threaded = await pageThrough();
    process.env.KCC_PARALLEL_SCAN_RECORDS = String(Number.MAX_SAFE_INTEGER);
    try {
      const single = await pageThrough();
      expect(single.sort()).toEqual([...threaded].sort());
    } finally {
      delete process.env.KCC_PARALLEL_SCAN_RECORDS;
    }
    expect(threaded).toHaveLength(markers.length);
    expect(new Set(threaded).size).toBe(markers.length);
  }, 120_000);
});
