/**
 * Benchmark (not a test): on the running sandbox, in one run, the app's producer
 * and consumer workloads against Kafka's own ProducerPerformance, tuned
 * (`batch.size=262144 linger.ms=5`, the Java client at its best) and with its
 * defaults, and against ConsumerPerformance; same topic settings (6 partitions,
 * RF 3, min.insync.replicas 2), acks=all, no throughput limit. Prints records/s
 * and MB/s of each and every ratio app/Kafka.
 *
 * Env: BENCH_RECORDS_100 (default 1,000,000), BENCH_RECORDS_1K (default 300,000),
 * BENCH_QUICK=1 (300,000 and 100,000), BENCH_BATCH_BYTES (the app's batch.size,
 * default the app's own), BENCH_ROUNDS (rounds, default 3: the producers, then the
 * consumers, take turns, and medians are compared, since brokers on the same two
 * cores make single runs swing by a factor of two).
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

const quick = process.env.BENCH_QUICK === '1';
const sizes = [
  { size: 100, records: Number(process.env.BENCH_RECORDS_100 ?? (quick ? 300_000 : 1_000_000)) },
  { size: 1024, records: Number(process.env.BENCH_RECORDS_1K ?? (quick ? 100_000 : 300_000)) },
];
const batchBytes = process.env.BENCH_BATCH_BYTES ? Number(process.env.BENCH_BATCH_BYTES) : undefined;
const tunedProps = ['batch.size=262144', 'linger.ms=5'];
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const median = (xs: Figure[]): Figure => {
  const sorted = [...xs].sort((a, b) => a.recordsPerSec - b.recordsPerSec);
  return sorted[Math.floor(sorted.length / 2)] ?? { recordsPerSec: 0, mbPerSec: 0 };
};

interface Figure {
  recordsPerSec: number;
  mbPerSec: number;
}

const fmt = (f: Figure) => `${Math.round(f.recordsPerSec).toLocaleString('en-US')} rec/s, ${f.mbPerSec.toFixed(2)} MB/s`;
const ratio = (a: Figure, k: Figure) => (a.recordsPerSec / k.recordsPerSec).toFixed(2);

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
  const producerPerf = (topic: string, records: number, size: number, extraProps: string[]): Figure => {
    const out = kafkaTool('kafka-producer-perf-test.sh', [
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--record-size',
      String(size),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      'acks=all',
      ...extraProps,
    ]);
    const final = out
      .split('\n')
      .map(parsePerfLine)
      .find((l) => l?.kind === 'producer-final');
    if (!final) throw new Error(`ProducerPerformance printed no summary:\n${out}`);
    return { recordsPerSec: final.recordsPerSec, mbPerSec: final.mbPerSec };
  };
  const rows: string[] = [];
  const say = (line: string) => process.stdout.write(`${line}\n`);

  for (const { size, records } of sizes) {
    const stamp = Date.now().toString(36);
    const kTopic = `bench-kafka-${size}-${stamp}`;
    const dTopic = `bench-kafka-defaults-${size}-${stamp}`;
    const aTopic = `bench-app-${size}-${stamp}`;
    const topics = [kTopic, dTopic, aTopic];
    try {
      for (const t of topics)
        await call('topics.create', { name: t, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });

      // Kafka's first in each round (its JVM start is outside its own timing, as the app's worker start is outside the app's).
      const runs: { tuned: Figure[]; defaults: Figure[]; app: Figure[] } = { tuned: [], defaults: [], app: [] };
      let appText = '';
      for (let round = 1; round <= rounds; round++) {
        runs.tuned.push(producerPerf(kTopic, records, size, tunedProps));
        runs.defaults.push(producerPerf(dTopic, records, size, []));
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
        runs.app.push(ended.summary);
        appText = ended.summary.text;
        say(
          `  round ${round}: tuned ${fmt(runs.tuned.at(-1) ?? ended.summary)} | defaults ${fmt(runs.defaults.at(-1) ?? ended.summary)} | app ${fmt(ended.summary)}`,
        );
      }
      const tuned = median(runs.tuned);
      const defaults = median(runs.defaults);
      const app = median(runs.app);
      say(`producer ${size} B x ${records}, acks=all, median of ${rounds}:`);
      say(`  ProducerPerformance tuned (${tunedProps.join(' ')}): ${fmt(tuned)}`);
      say(`  ProducerPerformance defaults:                        ${fmt(defaults)}`);
      say(`  app:                                                 ${fmt(app)}  (last: ${appText})`);
      say(`  ratio app/tuned ${ratio(app, tuned)}, app/defaults ${ratio(app, defaults)}`);
      rows.push(
        `| producer | ${size} B | ${records.toLocaleString('en-US')} | ${fmt(tuned)} | ${fmt(defaults)} | ${fmt(app)} | **${ratio(app, tuned)}** / ${ratio(app, defaults)} |`,
      );

      // Consumers, each over the first records its own side's producers wrote (same count, same size), in turns.
      const cRuns: { kafka: Figure[]; app: Figure[] } = { kafka: [], app: [] };
      for (let round = 1; round <= rounds; round++) {
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
          `bench-cperf-${stamp}-${round}`,
        ]);
        const cFinal = cOut
          .split('\n')
          .map(parsePerfLine)
          .find((l) => l?.kind === 'consumer-final');
        if (!cFinal) throw new Error(`ConsumerPerformance printed no summary:\n${cOut}`);
        cRuns.kafka.push({ recordsPerSec: cFinal.recordsPerSec, mbPerSec: cFinal.mbPerSec });
        const crun = await call('workloads.startConsumer', { topics: [aTopic], from: 'earliest', records });
        const cended = await call('workloads.wait', { id: crun.id, timeoutSec: 1800 });
        if (!cended.summary || cended.state !== 'completed') throw new Error(`app consumer ${cended.state}: ${cended.error ?? ''}`);
        cRuns.app.push(cended.summary);
        say(`  round ${round}: ConsumerPerformance ${fmt(cRuns.kafka.at(-1) ?? cended.summary)} | app ${fmt(cended.summary)}`);
      }
      const kc = median(cRuns.kafka);
      const ac = median(cRuns.app);
      say(
        `consumer ${size} B x ${records}, median of ${rounds}: ConsumerPerformance ${fmt(kc)} | app ${fmt(ac)} | ratio app/Kafka ${ratio(ac, kc)}`,
      );
      rows.push(
        `| consumer | ${size} B | ${records.toLocaleString('en-US')} | ConsumerPerformance ${fmt(kc)} | | ${fmt(ac)} | **${ratio(ac, kc)}** |`,
      );
    } finally {
      for (const t of topics) await call('topics.delete', { name: t, confirm: t }).catch(() => undefined);
    }
  }
  say(
    `\n| workload | record | records | Kafka tuned | Kafka defaults | app | app/tuned / app/defaults |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}`,
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
