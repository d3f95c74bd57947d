/**
 * Benchmark (not a test): on the running sandbox, in one run, the app's producer
 * and consumer workloads against Kafka's own ProducerPerformance and
 * ConsumerPerformance, with the same topic settings (6 partitions, RF 3,
 * min.insync.replicas 2), record sizes of 100 B and 1 KiB, acks=all and no
 * throughput limit. Prints records/s and MB/s of each and the ratio app/Kafka.
 *
 * Env: BENCH_RECORDS_100 (default 300,000), BENCH_RECORDS_1K (default 100,000),
 * BENCH_BATCH_BYTES (the app's batch size, default the app's own).
 * Run: npm run bench:workloads (brings the sandbox up first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sandboxUp } from '../../sandbox/index';
import { createAppCore } from '../../src-main/core/app-core';
import { profileSchema } from '../../src-main/profile/schemas';
import { parsePerfLine } from '../../src-main/workloads/perf-output';
import type { MethodInput, MethodName, MethodOutput } from '../../src-main/api/contract';

const sizes = [
  { size: 100, records: Number(process.env.BENCH_RECORDS_100 ?? 300_000) },
  { size: 1024, records: Number(process.env.BENCH_RECORDS_1K ?? 100_000) },
];
const batchBytes = process.env.BENCH_BATCH_BYTES ? Number(process.env.BENCH_BATCH_BYTES) : undefined;

interface Figure {
  recordsPerSec: number;
  mbPerSec: number;
}

const fmt = (f: Figure) => `${Math.round(f.recordsPerSec).toLocaleString('en-US')} rec/s, ${f.mbPerSec.toFixed(2)} MB/s`;

async function main(): Promise<void> {
  const { profilePath } = await sandboxUp({ log: () => undefined });
  const profile = profileSchema.parse(parse(readFileSync(profilePath, 'utf8')));
  const home = profile.services.find((s) => s.kind === 'kafka-broker')?.installDir ?? '';
  const bootstrap = profile.kafka.bootstrap.join(',');
  const core = createAppCore({ mode: 'cli', profileFile: profilePath, profileDir: mkdtempSync(join(tmpdir(), 'kcc-bench-')) });
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const r = await core.router.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as MethodOutput<M>;
  };
  const kafkaTool = (script: string, args: string[]): string =>
    execFileSync(`${home}/bin/${script}`, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  const rows: string[] = [];

  for (const { size, records } of sizes) {
    const stamp = Date.now().toString(36);
    const kTopic = `bench-kafka-${size}-${stamp}`;
    const aTopic = `bench-app-${size}-${stamp}`;
    for (const t of [kTopic, aTopic])
      await call('topics.create', { name: t, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });

    // Producers, Kafka's first (its JVM start is outside its own timing, as the app's worker start is outside the app's).
    const kOut = kafkaTool('kafka-producer-perf-test.sh', [
      '--topic',
      kTopic,
      '--num-records',
      String(records),
      '--record-size',
      String(size),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      'acks=all',
    ]);
    const kFinal = kOut
      .split('\n')
      .map(parsePerfLine)
      .find((l) => l?.kind === 'producer-final');
    if (!kFinal) throw new Error(`ProducerPerformance printed no summary:\n${kOut}`);
    const run = await call('workloads.startProducer', {
      topic: aTopic,
      records,
      value: { kind: 'random', size },
      throughput: null,
      acks: 'all',
      stamp: false,
      ...(batchBytes ? { batchBytes } : {}),
    });
    const ended = await call('workloads.wait', { id: run.id, timeoutSec: 1800 });
    if (!ended.summary || ended.state !== 'completed') throw new Error(`app producer ${ended.state}: ${ended.error ?? ''}`);
    const kp: Figure = { recordsPerSec: kFinal.recordsPerSec, mbPerSec: kFinal.mbPerSec };
    const ap: Figure = ended.summary;
    process.stdout.write(
      `producer ${size} B x ${records}: Kafka ProducerPerformance ${fmt(kp)} | app ${fmt(ap)} | ratio app/Kafka ${(ap.recordsPerSec / kp.recordsPerSec).toFixed(2)}\n`,
    );
    process.stdout.write(`  Kafka: ${kOut.trim().split('\n').at(-1) ?? ''}\n  app:   ${ended.summary.text}\n`);
    rows.push(`| producer | ${size} B | ${records} | ${fmt(kp)} | ${fmt(ap)} | ${(ap.recordsPerSec / kp.recordsPerSec).toFixed(2)} |`);

    // Consumers, each over the records its own producer wrote (same count, same size).
    const cOut = kafkaTool('kafka-consumer-perf-test.sh', [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      kTopic,
      '--messages',
      String(records),
      '--timeout',
      '60000',
      '--group',
      `bench-cperf-${stamp}`,
    ]);
    const cFinal = cOut
      .split('\n')
      .map(parsePerfLine)
      .find((l) => l?.kind === 'consumer-final');
    if (!cFinal) throw new Error(`ConsumerPerformance printed no summary:\n${cOut}`);
    const crun = await call('workloads.startConsumer', { topics: [aTopic], from: 'earliest', records });
    const cended = await call('workloads.wait', { id: crun.id, timeoutSec: 1800 });
    if (!cended.summary || cended.state !== 'completed') throw new Error(`app consumer ${cended.state}: ${cended.error ?? ''}`);
    const kc: Figure = { recordsPerSec: cFinal.recordsPerSec, mbPerSec: cFinal.mbPerSec };
    const ac: Figure = cended.summary;
    process.stdout.write(
      `consumer ${size} B x ${records}: Kafka ConsumerPerformance ${fmt(kc)} | app ${fmt(ac)} | ratio app/Kafka ${(ac.recordsPerSec / kc.recordsPerSec).toFixed(2)}\n`,
    );
    rows.push(`| consumer | ${size} B | ${records} | ${fmt(kc)} | ${fmt(ac)} | ${(ac.recordsPerSec / kc.recordsPerSec).toFixed(2)} |`);
    for (const t of [kTopic, aTopic]) await call('topics.delete', { name: t, confirm: t }).catch(() => undefined);
  }
  process.stdout.write(
    `\n| workload | record | records | Kafka's tool | app | app/Kafka |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
  await core.dispose();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
