import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { brokerCount, kafkaTool, kafkaToolClass, kcat } from './kafka-tools';

interface LogDirsJson {
  brokers: Array<{
    broker: number;
    logDirs: Array<{ logDir: string; error: string | null; partitions: Array<{ partition: string; size: number; isFuture: boolean }> }>;
  }>;
}

/** `kafka-log-dirs.sh --describe`: its JSON line, after the two lines of progress it prints first. */
function logDirs(topics: string[]): LogDirsJson {
  const out = kafkaToolClass('org.apache.kafka.tools.LogDirsCommand', ['--describe', '--topic-list', topics.join(',')]);
  const json = out.split('\n').find((l) => l.startsWith('{'));
  if (!json) throw new Error(`kafka-log-dirs.sh printed no JSON:\n${out}`);
  return JSON.parse(json) as LogDirsJson;
}

/** `kafka-get-offsets.sh` (GetOffsetShell) at -2 (earliest) or -1 (latest): partition → offset. */
function offsets(topic: string, time: '-1' | '-2'): Map<number, number> {
  const out = kafkaTool('kafka-get-offsets.sh', ['--topic', topic, '--time', time]);
  return new Map(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(':'))
      .map((f) => [Number(f[1]), Number(f[2])]),
  );
}

/**
 * Message counts and sizes on disk with Kafka's tools as the oracle: GetOffsetShell for the log start and end of
 * every partition, kafka-log-dirs.sh (the DescribeLogDirs request) for the replicas' sizes.
 */
describe('topic storage: message counts and sizes on disk (Kafka’s tools as the oracle)', () => {
  let app: AppHarness;
  const topic = `kcc-storage-${Date.now()}`;
  const replication = Math.min(2, brokerCount());

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 3, replicationFactor: replication });
    const lines = Array.from({ length: 600 }, (_, i) => `key-${i % 7}:{"n":${i},"pad":"${'x'.repeat(i % 50)}"}`).join('\n');
    kcat(['-P', '-t', topic, '-K', ':'], `${lines}\n`);
    // Moves partition 0's log start past its first records: the count is end minus start, not the end offset.
    const end0 = offsets(topic, '-1').get(0) ?? 0;
    const file = join(mkdtempSync(join(tmpdir(), 'kcc-delrec-')), 'delete.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, offset: Math.floor(end0 / 2) }] }));
    kafkaToolClass('org.apache.kafka.tools.DeleteRecordsCommand', ['--offset-json-file', file]);
  }, 120_000);

  afterAll(async () => {
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  it('counts log-end minus log-start offsets of every partition, as GetOffsetShell reads them', async () => {
    const earliest = offsets(topic, '-2');
    const latest = offsets(topic, '-1');
    expect(earliest.get(0)).toBeGreaterThan(0);
    const expected = [...latest].reduce((n, [p, end]) => n + end - (earliest.get(p) ?? 0), 0);
    expect(expected).toBeLessThan(600);

    const storage = await app.call('topics.storage', {});
    expect(storage.unreachable).toEqual([]);
    expect(storage.topics.find((t) => t.topic === topic)?.messages).toBe(expected);
  });

  it('sizes a topic as the sum of its replicas, and each log directory as kafka-log-dirs.sh lists them', async () => {
    const oracle = logDirs([topic]);
    const replicas = oracle.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions.filter((p) => !p.isFuture)));
    expect(replicas).toHaveLength(3 * replication);
    const expected = replicas.reduce((n, p) => n + p.size, 0);
    expect(expected).toBeGreaterThan(0);

    const storage = await app.call('topics.storage', {});
    expect(storage.topics.find((t) => t.topic === topic)?.bytes).toBe(expected);
    // The same brokers and directories; their totals move with other tests' traffic, so only their presence is compared.
    const dirs = (list: Array<{ broker: number; dir: string }>) => list.map((d) => `${d.broker}:${d.dir}`).sort();
    expect(dirs(storage.logDirs)).toEqual(dirs(oracle.brokers.flatMap((b) => b.logDirs.map((d) => ({ broker: b.broker, dir: d.logDir })))));
    for (const d of storage.logDirs) expect(d.bytes).toBeGreaterThan(0);
  });
});
