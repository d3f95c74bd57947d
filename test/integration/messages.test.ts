import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

const bootstrap = '127.0.0.3:9092';

describe('messages: browse and produce, with kcat as the independent client', () => {
  let app: AppHarness;
  const topic = `kcc-msg-${Date.now()}`;
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 3, replicationFactor: 3 });
  });
  afterAll(() => app.dispose());

  it('returns what kcat produced: partition, offset, key, value and headers', async () => {
    // kcat: keyed messages with headers into explicit partitions, one JSON value, one tombstone-like empty key.
    const produce = (partition: number, key: string, value: string, headers: string[]) =>
      execFileSync('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', String(partition), '-k', key, ...headers.flatMap((h) => ['-H', h])], {
        input: `${value}\n`,
        timeout: 30_000,
      });
    produce(0, 'sensor-1', 'plain text', ['source=kcat', 'unit=C']);
    produce(1, 'sensor-2', '{"temperature":21.5,"id":"s2"}', []);
    produce(2, 'sensor-3', 'third', ['h=1']);
    produce(0, 'sensor-1', 'second in p0', []);
    const oracle = execFileSync('kcat', ['-C', '-b', bootstrap, '-t', topic, '-e', '-q', '-f', '%p|%o|%k|%s|%h\\n'], {
      encoding: 'utf8',
      timeout: 30_000,
    })
      .trim()
      .split('\n')
      .map((l) => l.split('|'))
      .sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
    const r = await app.call('messages.browse', { topic });
    expect(r.stoppedBy).toBe('end');
    expect(r.messages).toHaveLength(4);
    expect(
      r.messages.map((m) => [
        String(m.partition),
        m.offset,
        m.key.text,
        m.value.encoding === 'json' ? JSON.stringify(JSON.parse(m.value.text ?? '')) : m.value.text,
        m.headers.map((h) => `${h.key}=${h.value}`).join(',') || '',
      ]),
    ).toEqual(oracle.map(([p, o, k, v, h]) => [p, o, k, v, h === '' ? '' : h]));
    expect(r.messages.find((m) => m.partition === 1)?.value.encoding).toBe('json');
  });

  it('bounds the scan, filters, and starts from latest-N, an offset or one partition', async () => {
    expect((await app.call('messages.browse', { topic, limit: 2 })).messages).toHaveLength(2);
    expect((await app.call('messages.browse', { topic, limit: 2 })).stoppedBy).toBe('limit');
    const filtered = await app.call('messages.browse', { topic, contains: 'UNIT=c' });
    expect(filtered.messages.map((m) => m.value.text)).toEqual(['plain text']);
    const p0 = await app.call('messages.browse', { topic, partition: 0, from: { offset: 1 } });
    expect(p0.messages.map((m) => m.value.text)).toEqual(['second in p0']);
    const latest = await app.call('messages.browse', { topic, partition: 0, from: { latest: 1 } });
    expect(latest.messages.map((m) => m.offset)).toEqual(['1']);
    expect(await app.callError('messages.browse', { topic, partition: 7 })).toMatchObject({ code: 'not_found', field: 'partition' });
  });

  it('produces a message that kcat reads back identically, and shows binary and null values', async () => {
    const sent = await app.call('messages.produce', {
      topic,
      key: 'k-app',
      value: 'from the app',
      headers: [{ key: 'origin', value: 'kcc' }],
      partition: 2,
    });
    expect(sent.partition).toBe(2);
    const back = execFileSync(
      'kcat',
      ['-C', '-b', bootstrap, '-t', topic, '-p', '2', '-o', sent.offset, '-c', '1', '-e', '-q', '-f', '%k|%s|%h'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(back).toBe('k-app|from the app|origin=kcc');
    const tomb = await app.call('messages.produce', { topic, key: 'gone', value: null, partition: 1 });
    execFileSync('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', '1', '-K', ':'], {
      input: Buffer.concat([Buffer.from('bin:'), Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\n')]),
      timeout: 30_000,
    });
    const r = await app.call('messages.browse', { topic, partition: 1, from: { offset: Number(tomb.offset) } });
    expect(r.messages[0]).toMatchObject({ key: { text: 'gone' }, value: { text: null, encoding: 'null' } });
    expect(r.messages[1]?.value).toMatchObject({ encoding: 'hex', text: '000102fffe', size: 5 });
  });
});

describe('messages that stress the browser', () => {
  it('shows 1,000 headers, a null key and a value larger than the display limit without failing', async () => {
    const app = new AppHarness(sandboxProfilePath());
    const topic = `kcc-stress-${Date.now()}`;
    try {
      await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 3 });
      const headers = Array.from({ length: 1000 }, (_, i) => ({ key: `h${i}`, value: `v${i}` }));
      await app.call('messages.produce', { topic, key: null, value: 'many headers', headers });
      await app.call('messages.produce', { topic, key: 'big', value: 'x'.repeat(200 * 1024) });
      const r = await app.call('messages.browse', { topic });
      expect(r.messages).toHaveLength(2);
      expect(r.messages[0]).toMatchObject({ key: { encoding: 'null', text: null }, value: { text: 'many headers' } });
      expect(r.messages[0]?.headers).toHaveLength(1000);
      expect(r.messages[0]?.headers[999]).toEqual({ key: 'h999', value: 'v999' });
      expect(r.messages[1]?.value).toMatchObject({ encoding: 'utf8', size: 200 * 1024, truncated: true });
      expect(r.messages[1]?.value.text).toHaveLength(64 * 1024);
      // The byte budget stops a scan before it holds everything.
      const small = await app.call('messages.browse', { topic, maxBytes: 1024 });
      expect(small.stoppedBy).toBe('bytes');
    } finally {
      await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
      await app.dispose();
    }
  });
});

describe('JSON path filter', () => {
  it('keeps only messages whose JSON value has the path (and the value)', async () => {
    const app = new AppHarness(sandboxProfilePath());
    const topic = `kcc-json-${Date.now()}`;
    try {
      await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 3 });
      for (const v of ['{"sensor":"s-1","reading":{"t":21}}', '{"sensor":"s-2","reading":{"t":35}}', '{"sensor":"s-3"}', 'not json']) {
        await app.call('messages.produce', { topic, value: v });
      }
      const withReading = await app.call('messages.browse', { topic, jsonPath: '$.reading.t' });
      expect(withReading.messages.map((m) => JSON.parse(m.value.text ?? '{}').sensor)).toEqual(['s-1', 's-2']);
      const hot = await app.call('messages.browse', { topic, jsonPath: '$.reading.t', jsonEquals: '35' });
      expect(hot.messages.map((m) => JSON.parse(m.value.text ?? '{}').sensor)).toEqual(['s-2']);
      expect(await app.callError('messages.browse', { topic, jsonPath: 'reading.t' })).toMatchObject({
        code: 'invalid_input',
        field: 'jsonPath',
      });
    } finally {
      await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
      await app.dispose();
    }
  });
});

describe('messages written in transactions (kafkajs as the transactional producer)', () => {
  let app: AppHarness;
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
  });
  afterAll(() => app.dispose());

  it("shows committed records only, and an open transaction's once it commits", async () => {
    const topic = `kcc-txn-${Date.now()}`;
    await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 3 });
    const kafka = new Kafka({ clientId: 'kcc-txn-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: topic, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const write = async (values: string[], end: 'commit' | 'abort' | 'open') => {
        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: values.map((value) => ({ value })) });
        if (end === 'commit') await transaction.commit();
        if (end === 'abort') await transaction.abort();
        return transaction;
      };
      await write(['committed-1', 'committed-2'], 'commit');
      await write(['aborted-1', 'aborted-2'], 'abort');
      await write(['committed-3'], 'commit');
      const open = await write(['pending-1'], 'open');
      const started = Date.now();
      const r = await app.call('messages.browse', { topic });
      expect(r.messages.map((m) => m.value.text)).toEqual(['committed-1', 'committed-2', 'committed-3']);
      // The end of a partition is its last stable offset (8: the open transaction's first record), and the scan ends
      // there rather than waiting for the transaction until the time limit.
      expect(r.stoppedBy).toBe('end');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.next).toEqual([]);
      await open.commit();
      // The coordinator writes the commit marker after answering the commit: the record is readable once it is there.
      let rest = await app.call('messages.browse', { topic, from: { offset: 8 } });
      for (const until = Date.now() + 15_000; rest.messages.length === 0 && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 200));
        rest = await app.call('messages.browse', { topic, from: { offset: 8 } });
      }
      expect(rest.messages.map((m) => m.value.text)).toEqual(['pending-1']);
    } finally {
      await producer.disconnect();
    }
  }, 120_000);
});
