import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxUp } from '../../sandbox/index';
import { killService, sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import { dumpLogSegments, groupCoordinator, kcat } from './kafka-tools';
import type { AppEvent } from '../../src-main/events/schemas';
import { joinKafkajsGroup } from '../../src-main/kafka/load-client/kafkajs-group';
import { SEQ_HEADER } from '../../src-main/workloads/producer-run';

const bootstrap = '127.0.0.3:9092';
const codecs = ['gzip', 'snappy', 'lz4'] as const;

/** The first segment of every replica of `topic`-0 under the sandbox's hosts, wherever their log.dirs are. */
function segmentFiles(topic: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const path = join(dir, e.name);
      if (e.name === `${topic}-0`) found.push(join(path, '00000000000000000000.log'));
      else if (depth < 6 && !e.name.endsWith('-0') && e.name !== 'libs') walk(path, depth + 1);
    }
  };
  walk(join(dirname(sandboxProfilePath()), 'hosts'), 0);
  return found;
}

/** Records in a topic, counted by kcat (an independent client). */
function kcatCount(topic: string): number {
  const out = execFileSync('kcat', ['-C', '-b', bootstrap, '-t', topic, '-e', '-q', '-f', 'x\\n'], { encoding: 'utf8', timeout: 60_000 });
  return out.split('\n').filter((l) => l === 'x').length;
}

describe('workloads: the app producer and consumer, and Kafka perf tools on the hosts', () => {
  let app: AppHarness;
  const topic = `kcc-load-${Date.now()}`;
  const samples: AppEvent[] = [];
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    app.core.events.subscribe((e) => {
      if (e.name === 'workload.sample') samples.push(e);
    });
    await app.call('topics.create', { name: topic, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
  });
  afterAll(async () => {
    // Leave no load topics behind for the suites that list topics.
    for (const t of [
      topic,
      `${topic}-group`,
      `${topic}-perf`,
      `${topic}-fault`,
      ...codecs.flatMap((c) => [`${topic}-${c}-idempotent`, `${topic}-${c}-plain`]),
    ])
      await app.call('topics.delete', { name: t, confirm: t }).catch(() => undefined);
    await app.dispose();
  });

  it("paces the seed's command exactly: 50 records at 10/s take about 5 s", async () => {
    const run = await app.call('workloads.startProducer', { topic, records: 50, value: { kind: 'random', size: 1 }, throughput: 10 });
    expect(run.state).toBe('running');
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 60 });
    expect(ended.state).toBe('completed');
    expect(ended.summary?.records).toBe(50);
    expect(ended.summary?.acked).toBe(50);
    expect(ended.summary?.durationMs).toBeGreaterThan(4_500);
    expect(ended.summary?.durationMs).toBeLessThan(8_000);
    expect(ended.summary?.text).toMatch(/^50 records sent, \d+\.\d records\/sec/);
    // Once-a-second reports while it ran, with latency percentiles.
    const mine = samples.filter((e) => e.name === 'workload.sample' && e.payload.workloadId === run.id);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(ended.history.at(-1)?.records).toBe(50);
    expect(ended.summary?.latencyMs?.p99).toBeGreaterThan(0);
    expect(kcatCount(topic)).toBe(50);
  });

  it('a consumer group of three members shares six partitions and times stamped records end to end', async () => {
    const groupTopic = `${topic}-group`;
    await app.call('topics.create', { name: groupTopic, partitions: 6, replicationFactor: 3 });
    const consumer = await app.call('workloads.startConsumer', { topics: [groupTopic], from: 'earliest', records: 2_000, members: 3 });
    const spread = (run: { latest?: { assignments?: Record<string, string[]> } } | undefined) => {
      const held = Object.values(run?.latest?.assignments ?? {});
      return { members: held.filter((parts) => parts.length > 0).length, partitions: held.flat().sort() };
    };
    // The three members settle on two partitions each before any data flows.
    await expect
      .poll(async () => spread((await app.call('workloads.list', {})).find((r) => r.id === consumer.id)), {
        timeout: 30_000,
        interval: 500,
      })
      .toEqual({ members: 3, partitions: [0, 1, 2, 3, 4, 5].map((p) => `${groupTopic}-${p}`).sort() });
    const producer = await app.call('workloads.startProducer', {
      topic: groupTopic,
      records: 2_000,
      value: { kind: 'iot-json', sensors: 10 },
      key: { kind: 'random', count: 50 },
    });
    expect((await app.call('workloads.wait', { id: producer.id, timeoutSec: 60 })).summary?.records).toBe(2_000);
    const ended = await app.call('workloads.wait', { id: consumer.id, timeoutSec: 60 });
    expect(ended.state).toBe('completed');
    expect(ended.summary?.records).toBe(2_000);
    expect(ended.summary?.latencyMs?.max).toBeGreaterThan(0);
    expect(spread(ended)).toEqual({ members: 3, partitions: [0, 1, 2, 3, 4, 5].map((p) => `${groupTopic}-${p}`).sort() });
  });

  it('a consumer run counts every record once: the same records and bytes as kcat, over plain, lz4 and zstd batches', async () => {
    const counted = `${topic}-counted`;
    await app.call('topics.create', { name: counted, partitions: 6, replicationFactor: 3 });
    // Batches of both kinds in one topic: plain ones (walked in place) and lz4 ones (a compressed batch comes back whole).
    for (const compression of ['none', 'lz4'] as const) {
      const run = await app.call('workloads.startProducer', {
        topic: counted,
        records: 40_000,
        value: { kind: 'random', size: 120 },
        key: { kind: 'random', count: 1_000 },
        throughput: null,
        compression,
        batchBytes: 16_384,
      });
      expect((await app.call('workloads.wait', { id: run.id, timeoutSec: 120 })).summary?.acked).toBe(40_000);
    }
    // And zstd batches written by librdkafka, which this Node.js may not decompress by itself.
    kcat(['-P', '-t', counted, '-z', 'zstd', '-K', ':'], Array.from({ length: 5_000 }, (_, i) => `k${i}:zstd reading ${i}`).join('\n'));
    // kcat's view: records, and key plus value bytes (%K is -1 for a null key).
    const lines = kcat(['-C', '-t', counted, '-e', '-q', '-f', '%K %S\\n']).split('\n').filter(Boolean);
    const kcatBytes = lines.reduce((sum, l) => sum + l.split(' ').reduce((a, n) => a + Math.max(0, Number(n)), 0), 0);
    expect(lines.length).toBe(85_000);
    // Unbounded by count, so a record read twice would show; two members, so partitions change hands as the second joins.
    const consumer = await app.call('workloads.startConsumer', { topics: [counted], from: 'earliest', durationSec: 12, members: 2 });
    const ended = await app.call('workloads.wait', { id: consumer.id, timeoutSec: 60 });
    expect(ended.state, ended.error).toBe('completed');
    expect(ended.summary).toMatchObject({ records: 85_000, bytes: kcatBytes, errors: 0 });
    // Brokers older than Kafka 2.7 get the kafkajs member instead: the same count, from a group of its own.
    const totals = { records: 0, bytes: 0 };
    const member = await joinKafkajsGroup(
      { brokers: [bootstrap] },
      { clientId: 'kcc-test', groupId: `${counted}-kafkajs`, topics: [counted], fromBeginning: true, stampHeader: SEQ_HEADER },
      {
        onRecord: (bytes) => {
          totals.records++;
          totals.bytes += bytes;
        },
        onBatchEnd: () => undefined,
        onAssigned: () => undefined,
        onCrash: (message) => {
          throw new Error(message);
        },
      },
    );
    await expect.poll(() => totals.records, { timeout: 30_000 }).toBe(85_000);
    await new Promise((r) => setTimeout(r, 1_000));
    await member.leave();
    expect(totals).toEqual({ records: 85_000, bytes: kcatBytes });
    await app.call('topics.delete', { name: counted, confirm: counted });
  }, 120_000);

  it('stops an unbounded run on request, with a summary', async () => {
    const run = await app.call('workloads.startProducer', { topic, durationSec: 600, throughput: 500 });
    // Stopped 2.5 s after it first reports records (its thread loads the client first, a second or two).
    const reporting = () =>
      samples.some((e) => e.name === 'workload.sample' && e.payload.workloadId === run.id && e.payload.sample.records > 0);
    await expect.poll(reporting, { timeout: 30_000, interval: 100 }).toBe(true);
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await app.call('workloads.stop', { id: run.id })).state).toBe('stopping');
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 30 });
    expect(ended.state).toBe('stopped');
    expect(ended.summary?.records).toBeGreaterThan(500);
    expect(ended.summary?.records).toBeLessThan(2_500);
  });

  it('refuses bad input before starting: missing topic, zero throughput, oversized records, unknown host', async () => {
    const missing = await app.callError('workloads.startProducer', { topic: 'no-such-topic-here', records: 10 });
    expect(missing).toMatchObject({ code: 'not_found', details: { missingTopics: ['no-such-topic-here'] } });
    expect(missing.message).toContain('does not exist');
    const zero = await app.callError('workloads.startProducer', { topic, records: 10, throughput: 0 });
    expect(zero).toMatchObject({ code: 'invalid_input', field: 'throughput' });
    expect(zero.message).toContain('more than 0');
    const huge = await app.callError('workloads.startProducer', { topic, records: 1, value: { kind: 'random', size: 2_000_000 } });
    expect(huge).toMatchObject({ code: 'invalid_input' });
    expect(huge.message).toContain('max.message.bytes');
    const batch = await app.callError('workloads.startProducer', { topic, records: 10, batchBytes: 2 * 1024 * 1024 });
    expect(batch).toMatchObject({ code: 'invalid_input', field: 'batchBytes' });
    const host = await app.callError('workloads.startRemote', { tool: 'producer', hosts: ['kafka-9'], topic, records: 10 });
    expect(host).toMatchObject({ code: 'invalid_input', field: 'hosts.0' });
    expect(host.message).toContain('Unknown host "kafka-9"');
  });

  it("runs Kafka's own producer and consumer perf tools on two hosts over SSH and adds up their figures", async () => {
    const perfTopic = `${topic}-perf`;
    await app.call('topics.create', { name: perfTopic, partitions: 6, replicationFactor: 3 });
    const run = await app.call('workloads.startRemote', {
      tool: 'producer',
      hosts: ['kafka-1', 'kafka-2'],
      topic: perfTopic,
      records: 20_000,
      recordSize: 100,
    });
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 120 });
    expect(ended.state, ended.error).toBe('completed');
    expect(ended.summary?.records).toBe(20_000);
    expect(ended.summary?.recordsPerSec).toBeGreaterThan(0);
    expect(Object.keys(ended.latest?.perHost ?? {})).toEqual(['kafka-1', 'kafka-2']);
    expect(ended.latest?.perHost?.['kafka-1']?.records).toBe(10_000);
    expect(kcatCount(perfTopic)).toBe(20_000);
    expect(ended.summary?.text).toContain('summed over hosts');
    const consume = await app.call('workloads.startRemote', { tool: 'consumer', hosts: ['kafka-2'], topic: perfTopic, records: 20_000 });
    const consumed = await app.call('workloads.wait', { id: consume.id, timeoutSec: 120 });
    expect(consumed.state, consumed.error).toBe('completed');
    expect(consumed.summary?.records).toBe(20_000);
  });

  // The idempotent producer goes through the client library's send; the others through the app's own record batches.
  it.each([
    { codec: 'gzip', idempotent: true },
    { codec: 'snappy', idempotent: false },
    { codec: 'lz4', idempotent: false },
    { codec: 'lz4', idempotent: true },
  ] as const)(
    'compresses with $codec (idempotent: $idempotent) as the brokers store it, and kcat reads every record back',
    async ({ codec, idempotent }) => {
      const t = `${topic}-${codec}-${idempotent ? 'idempotent' : 'plain'}`;
      await app.call('topics.create', { name: t, partitions: 1, replicationFactor: 3 });
      const run = await app.call('workloads.startProducer', {
        topic: t,
        records: 3_000,
        value: { kind: 'random', size: 200 },
        throughput: null,
        compression: codec,
        idempotent,
        batchBytes: 16_384,
      });
      const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 120 });
      expect(ended.state, ended.error).toBe('completed');
      expect(ended.summary).toMatchObject({ records: 3_000, acked: 3_000, errors: 0 });
      const verified = await app.call('workloads.verify', { id: run.id });
      expect(verified).toMatchObject({ acked: 3_000, found: 3_000, missing: 0, duplicates: 0, ok: true });
      // kcat (librdkafka) decompresses every batch: each stamped value once, in order.
      const seqs = kcat(['-C', '-t', t, '-e', '-q', '-f', '%s\\n'])
        .split('\n')
        .filter(Boolean)
        .map((v) => Number(v.split(':')[0]));
      expect(seqs).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
      // The stored batches carry the codec, and the idempotent producer's id or none (Kafka's own dump of the segment).
      const dump = dumpLogSegments(segmentFiles(t).slice(0, 1));
      expect(dump).toMatch(new RegExp(`compresscodec: ${codec}`, 'i'));
      if (idempotent) expect(dump).not.toMatch(/producerId: -1\b/);
      else expect(dump).toMatch(/producerId: -1\b/);
      expect(dump.match(/baseOffset: /g)?.length ?? 0).toBeGreaterThan(3_000 / 80);
    },
  );

  it('refuses zstd where this runtime cannot compress with it, naming the Node.js it needs', async () => {
    const info = await app.call('app.info', {});
    if (info.compressions.includes('zstd')) {
      const run = await app.call('workloads.startProducer', { topic, records: 100, compression: 'zstd' });
      const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 60 });
      expect(ended.state, ended.error).toBe('completed');
      return;
    }
    const failure = await app.callError('workloads.startProducer', { topic, records: 100, compression: 'zstd' });
    expect(failure).toMatchObject({ code: 'invalid_input', field: 'compression' });
    expect(failure.message).toContain('Node.js 22.15');
  });

  it('keeps producing and consuming through a SIGKILLed broker that coordinates the group (acks=all, RF 3, min.insync.replicas=2): every acknowledged record is there, and read once', async () => {
    const faultTopic = `${topic}-fault`;
    const group = `${faultTopic}-group`;
    await app.call('topics.create', { name: faultTopic, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    // A consumer run alongside: its fetches from the killed leader fail until the controller moves the partitions,
    // and its group loses its coordinator until another broker takes the group over.
    const consumer = await app.call('workloads.startConsumer', { topics: [faultTopic], groupId: group, from: 'earliest', durationSec: 60 });
    const run = await app.call('workloads.startProducer', { topic: faultTopic, durationSec: 20, throughput: 2_000, acks: 'all' });
    try {
      await new Promise((r) => setTimeout(r, 5_000));
      const coordinator = groupCoordinator(group);
      expect(coordinator, 'the group has a coordinator').toBeTypeOf('number');
      await killService(`broker-${String(coordinator)}`, 'SIGKILL');
      const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 120 });
      expect(ended.state, ended.error).toBe('completed');
      const acked = ended.summary?.acked ?? 0;
      // The run went on after the kill: most of 20 s × 2,000/s were acknowledged.
      expect(acked).toBeGreaterThan(20_000);
      const verified = await app.call('workloads.verify', { id: run.id });
      expect(verified).toMatchObject({ acked, found: acked, missing: 0, ok: true });
      expect(verified.foundChecksum).toBe(verified.ackedChecksum);
      const consumed = await app.call('workloads.wait', { id: consumer.id, timeoutSec: 120 });
      expect(consumed.state, consumed.error).toBe('completed');
      // Consumers read below the high watermark only, so what the run counted is what the brokers keep: kcat's count.
      await sandboxUp();
      expect(consumed.summary?.records).toBe(kcatCount(faultTopic));
    } finally {
      // The suites after this one share the sandbox: the killed broker comes back whatever happened here.
      await sandboxUp();
    }
  }, 300_000);
});
