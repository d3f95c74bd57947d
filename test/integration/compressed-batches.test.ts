import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { brokerCount, kcat } from './kafka-tools';

const codecs = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
const perPartition = 40;

/**
 * Topics whose batches are compressed with each codec Kafka knows. The topic's `compression.type` makes the broker
 * store that codec whatever the producer sent, so two writers cover both framings: kcat (librdkafka, `-z codec`) and
 * the app's own uncompressed produce, which the broker's Java codec compresses (snappy then has the xerial framing).
 * kcat reads everything back as the oracle.
 */
describe('browsing compressed batches (kcat as the writer and the oracle)', () => {
  let app: AppHarness;
  const stamp = Date.now();
  const topicOf = (codec: string) => `kcc-codec-${codec}-${stamp}`;
  const replication = Math.min(3, brokerCount());

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    for (const codec of codecs) {
      const topic = topicOf(codec);
      await app.call('topics.create', {
        name: topic,
        partitions: 2,
        replicationFactor: replication,
        configs: { 'compression.type': codec },
      });
      for (const p of [0, 1]) {
        const lines = Array.from({ length: perPartition }, (_, i) => `${codec} p${p} #${i} ${'compressible text '.repeat(8)}`);
        kcat(['-P', '-t', topic, '-p', String(p), '-z', codec], `${lines.join('\n')}\n`);
      }
      await app.call('messages.produce', { topic, key: 'app', value: `${codec} from the app`, partition: 0 });
    }
  }, 180_000);

  afterAll(async () => {
    for (const codec of codecs) {
      const name = topicOf(codec);
      await app.call('topics.delete', { name, confirm: name }).catch(() => undefined);
    }
    await app.dispose();
  });

  const oracle = (topic: string) =>
    kcat(['-C', '-t', topic, '-e', '-q', '-f', '%p|%o|%s\\n'])
      .split('\n')
      .filter((l) => l !== '')
      .sort((a, b) => {
        const [pa, oa] = a.split('|').map(Number);
        const [pb, ob] = b.split('|').map(Number);
        return (pa ?? 0) - (pb ?? 0) || (oa ?? 0) - (ob ?? 0);
      });

  for (const codec of codecs) {
    it(`reads ${codec} batches as kcat does`, async () => {
      const topic = topicOf(codec);
      const started = Date.now();
      const r = await app.call('messages.browse', { topic, limit: 1000 });
      expect(r.stoppedBy).toBe('end');
      // A missing codec used to wait out the 15 s scan limit.
      expect(Date.now() - started).toBeLessThan(10_000);
      const expected = oracle(topic);
      expect(expected).toHaveLength(2 * perPartition + 1);
      expect(r.messages.map((m) => `${m.partition}|${m.offset}|${m.value.text}`)).toEqual(expected);
    });
  }

  it('reads them on the browse threads too (each thread registers the codecs in its own kafkajs)', async () => {
    const before = process.env.KCC_PARALLEL_SCAN_RECORDS;
    process.env.KCC_PARALLEL_SCAN_RECORDS = '1';
    try {
      for (const codec of ['snappy', 'lz4', 'zstd']) {
        const topic = topicOf(codec);
        const r = await app.call('messages.browse', { topic, limit: 1000 });
        expect(r.stoppedBy, codec).toBe('end');
        expect(
          r.messages.map((m) => `${m.partition}|${m.offset}|${m.value.text}`),
          codec,
        ).toEqual(oracle(topic));
      }
    } finally {
      if (before === undefined) delete process.env.KCC_PARALLEL_SCAN_RECORDS;
      else process.env.KCC_PARALLEL_SCAN_RECORDS = before;
    }
  });
});
