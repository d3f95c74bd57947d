import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Caller } from '../common/caller';
import type { AppEventHub } from '../events/schemas';
import { AppFailure, fail } from '../common/errors';
import type { KafkaAdmin } from '../kafka/kafka-admin';
import { compressionAvailable } from '../kafka/load-client/load-client';
import type { KafkaEndpoints } from '../net/cluster-access';
import type { Profile } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { planRemotePerf, RemotePerfRun } from './remote-perf';
import { fromWorkerSchema, type WorkerInput } from './worker-protocol';
import type { ConsumerSpec, ProducerSpec, RemotePerfSpec, VerifyResult, WorkloadRun, WorkloadSample, WorkloadSummary } from './schemas';
import { nominalValueBytes } from './schemas';
import { outsideAsar } from '../common/worker-script';

export interface WorkloadDeps {
  events: AppEventHub;
  admin: () => Promise<KafkaAdmin>;
  profile: () => Promise<Profile>;
  pool: SshPool;
  /** Bootstrap brokers, and the local forward per advertised broker when tunnelling. */
  kafka: () => KafkaEndpoints;
}

interface Entry {
  run: WorkloadRun;
  stop: () => void;
  acked?: Uint8Array;
  done: Promise<void>;
}

/** Ten minutes of once-a-second samples. */
const HISTORY = 600;
const KEEP_RUNS = 50;

/** Where the worker's code is: the bundle beside main.cjs, or TypeScript source through tsx. */
function workerUrl(): URL | string {
  const here = typeof import.meta.url === 'string' ? import.meta.url : undefined;
  return here ? new URL('./worker-entry.mjs', here) : outsideAsar(join(__dirname, 'workload-worker.cjs'));
}

/**
 * Starts, tracks and stops workloads: the app's producer and consumer (each
 * in its own worker thread), and Kafka's perf tools on cluster hosts. Keeps
 * recent runs with their summaries for the "past runs" table.
 */
export class WorkloadManager {
  private readonly runs = new Map<string, Entry>();

  constructor(private readonly deps: WorkloadDeps) {}

  list(): WorkloadRun[] {
    return [...this.runs.values()].map((e) => e.run).reverse();
  }

  get(id: string): WorkloadRun {
    const e = this.entry(id);
    return e.run;
  }

  /** Resolves when the run has ended (tests and the CLI wait on it), or after `timeoutMs` with the run as it is then. */
  async wait(id: string, timeoutMs?: number): Promise<WorkloadRun> {
    const e = this.entry(id);
    if (timeoutMs === undefined) await e.done;
    else {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([e.done, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    return e.run;
  }

  /** `owner`: a connection whose end stops the run (a terminal's Ctrl-C); without one the run lasts until it ends or is stopped. */
  async startProducer(spec: ProducerSpec, owner?: Caller): Promise<WorkloadRun> {
    await this.checkTopics([spec.topic]);
    if (!compressionAvailable(spec.compression))
      fail(
        'invalid_input',
        `${spec.compression} compression needs Node.js 22.15 or later; this app runs on Node.js ${process.versions.node}.`,
        {
          field: 'compression',
          hint: 'Pick lz4, snappy or gzip, which this runtime has.',
        },
      );
    await this.checkRecordSize(spec);
    const size = spec.value.kind === 'random' ? `${spec.value.size} B random` : spec.value.kind === 'text' ? 'text' : 'IoT JSON';
    const extent = spec.records !== undefined ? `${spec.records} records` : `${spec.durationSec} s`;
    const rate = spec.throughput === null ? 'unlimited' : `${spec.throughput}/s`;
    return this.startWorker(
      'producer',
      `${spec.topic} · ${extent} · ${size} · ${rate} · acks=${spec.acks}`,
      [spec.topic],
      spec,
      { kind: 'producer', spec },
      owner,
    );
  }

  async startConsumer(spec: ConsumerSpec, owner?: Caller): Promise<WorkloadRun> {
    await this.checkTopics(spec.topics);
    const extent =
      spec.records !== undefined ? `${spec.records} records` : spec.durationSec !== undefined ? `${spec.durationSec} s` : 'until stopped';
    const label = `${spec.topics.join(', ')} · ${spec.groupId ?? 'ephemeral group'} · ${spec.members} member(s) · from ${spec.from} · ${extent}`;
    return this.startWorker('consumer', label, spec.topics, spec, { kind: 'consumer', spec }, owner);
  }

  async startRemote(spec: RemotePerfSpec, owner?: Caller): Promise<WorkloadRun> {
    const id = newId();
    const plans = planRemotePerf(await this.deps.profile(), id, spec);
    await this.checkTopics([spec.topic]);
    const run = this.newRun(id, spec.tool === 'producer' ? 'remote-producer' : 'remote-consumer', [spec.topic], spec);
    run.label = `${spec.topic} · Kafka ${spec.tool} perf tool on ${spec.hosts.join(', ')} · ${spec.records} records · ${spec.recordSize} B`;
    const perf = new RemotePerfRun(this.deps.pool, spec, plans, (s) => this.onSample(run, s));
    const done = perf.run().then(
      (summary) => this.finish(run, summary),
      (err: unknown) => this.failRun(run, err),
    );
    this.add(
      {
        run,
        stop: () => {
          run.state = 'stopping';
          void perf.stop();
        },
        done,
      },
      owner,
    );
    return run;
  }

  stop(id: string): WorkloadRun {
    const e = this.entry(id);
    if (e.run.state === 'running') e.stop();
    this.changed(e.run);
    return e.run;
  }

  /** Reads the run's topic back and checks every acknowledged record is there. */
  async verify(id: string): Promise<VerifyResult> {
    const e = this.entry(id);
    if (e.run.kind !== 'producer')
      fail('invalid_input', "Only runs of the app's producer can be verified: they record which records were acknowledged.");
    if (e.run.state === 'running' || e.run.state === 'stopping') fail('conflict', 'The run is still going; verify it once it has ended.');
    if (!e.acked || !e.run.summary?.ackedChecksum) fail('conflict', 'This run has no acknowledged records to verify.');
    if (e.run.spec.stamp === false)
      fail('invalid_input', 'This run did not stamp its records, so they cannot be told apart from others in the topic.');
    const topic = e.run.topics[0] ?? '';
    const conn = this.deps.kafka();
    return new Promise<VerifyResult>((resolve, reject) => {
      const worker = this.spawn(
        {
          runId: id,
          brokers: [...conn.brokers],
          tunnelled: conn.localPort !== undefined,
          job: { kind: 'verify', topic, acked: e.acked ?? new Uint8Array(), ackedChecksum: e.run.summary?.ackedChecksum ?? '' },
        },
        (m) => {
          if (m.type === 'verified') resolve(m.result);
          if (m.type === 'failed')
            reject(new AppFailure({ code: 'kafka_unreachable', message: `Reading the topic back failed: ${m.error}` }));
          return m.type === 'verified' || m.type === 'failed';
        },
      );
      worker.on('error', (err) => reject(err));
    });
  }

  async dispose(): Promise<void> {
    for (const e of this.runs.values()) if (e.run.state === 'running') e.stop();
    await Promise.race([Promise.all([...this.runs.values()].map((e) => e.done)), new Promise((r) => setTimeout(r, 10_000))]);
  }

  private async startWorker(
    kind: 'producer' | 'consumer',
    label: string,
    topics: string[],
    spec: ProducerSpec | ConsumerSpec,
    job: WorkerInput['job'],
    owner: Caller | undefined,
  ): Promise<WorkloadRun> {
    const id = newId();
    const conn = this.deps.kafka();
    const run = this.newRun(id, kind, topics, spec);
    run.label = label;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolveDone = r));
    const entry: Entry = { run, stop: () => undefined, done };
    const worker = this.spawn({ runId: id, brokers: [...conn.brokers], tunnelled: conn.localPort !== undefined, job }, (m) => {
      if (m.type === 'sample') this.onSample(run, m.sample);
      else if (m.type === 'done') {
        if (m.acked) entry.acked = m.acked;
        this.finish(run, m.summary);
        resolveDone();
        return true;
      } else if (m.type === 'failed') {
        this.failRun(run, new Error(m.error));
        resolveDone();
        return true;
      }
      return false;
    });
    worker.on('error', (err) => {
      this.failRun(run, err);
      resolveDone();
    });
    entry.stop = () => {
      run.state = 'stopping';
      worker.postMessage({ type: 'stop' });
    };
    this.add(entry, owner);
    return run;
  }

  /** Starts a worker thread; `onMessage` returns true for its last message, after which the thread is ended. */
  private spawn(input: WorkerInput, onMessage: (m: ReturnType<typeof fromWorkerSchema.parse>) => boolean): Worker {
    const worker = new Worker(workerUrl(), { workerData: input });
    worker.on('message', (raw: unknown) => {
      const m = fromWorkerSchema.parse(raw);
      if (m.type === 'port-request') {
        const localPort = this.deps.kafka().localPort;
        (localPort ? localPort(m.host, m.port) : Promise.reject(new Error('this cluster is not tunnelled'))).then(
          (port) => worker.postMessage({ type: 'port', requestId: m.requestId, port }),
          (err: unknown) => worker.postMessage({ type: 'port', requestId: m.requestId, error: String(err) }),
        );
        return;
      }
      if (onMessage(m)) void worker.terminate();
    });
    return worker;
  }

  private entry(id: string): Entry {
    const e = this.runs.get(id);
    if (!e) fail('not_found', `No workload "${id}".`);
    return e;
  }

  private newRun(id: string, kind: WorkloadRun['kind'], topics: string[], spec: object): WorkloadRun {
    return { id, kind, label: '', topics, state: 'running', startedAt: new Date().toISOString(), spec: { ...spec }, history: [] };
  }

  private add(entry: Entry, owner: Caller | undefined): void {
    this.runs.set(entry.run.id, entry);
    if (owner) {
      // After the run is registered, so an owner already gone stops it through the same path as a live one.
      const disown = owner.onClose(() => {
        if (entry.run.state === 'running') this.stop(entry.run.id);
      });
      void entry.done.then(disown);
    }
    for (const [id, e] of this.runs) {
      if (this.runs.size <= KEEP_RUNS) break;
      if (e.run.state !== 'running' && e.run.state !== 'stopping') this.runs.delete(id);
    }
    this.changed(entry.run);
  }

  private onSample(run: WorkloadRun, sample: WorkloadSample): void {
    run.latest = sample;
    run.history.push(sample);
    if (run.history.length > HISTORY) run.history.shift();
    this.deps.events.emit('workload.sample', { workloadId: run.id, sample });
  }

  private finish(run: WorkloadRun, summary: WorkloadSummary): void {
    run.summary = summary;
    run.state = run.state === 'stopping' ? 'stopped' : 'completed';
    run.endedAt = new Date().toISOString();
    this.changed(run);
  }

  private failRun(run: WorkloadRun, err: unknown): void {
    if (run.endedAt) return;
    run.state = 'failed';
    run.error = err instanceof AppFailure ? err.error.message : err instanceof Error ? err.message : String(err);
    run.endedAt = new Date().toISOString();
    this.changed(run);
  }

  private changed(run: WorkloadRun): void {
    this.deps.events.emit('workload.changed', { workloadId: run.id, state: run.state });
  }

  private async checkTopics(topics: string[]): Promise<void> {
    const admin = await this.deps.admin();
    let missing: string[] = [];
    // A topic created a moment ago may not be in every broker's metadata yet.
    for (let attempt = 0; attempt < 4; attempt++) {
      const existing = new Set(await admin.listTopics());
      missing = topics.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (missing.length > 0)
      fail('not_found', `Topic ${missing.map((t) => `"${t}"`).join(', ')} does not exist.`, {
        field: 'topic',
        hint: 'Create it first (the form offers to), or pick an existing topic.',
        details: { missingTopics: missing },
      });
  }

  /** A record or a batch larger than the topic's max.message.bytes would fail every send; say so before starting. */
  private async checkRecordSize(spec: ProducerSpec): Promise<void> {
    const size = nominalValueBytes(spec.value);
    const admin = await this.deps.admin();
    const entry = (await admin.topicConfigs(spec.topic)).find((c) => c.name === 'max.message.bytes');
    const limit = Number(entry?.value ?? NaN);
    // A batch of one record carries ~70 bytes of framing besides key and value.
    if (Number.isFinite(limit) && size + 100 > limit)
      fail('invalid_input', `Records of ${size} bytes exceed the topic's max.message.bytes (${limit}); every send would be refused.`, {
        field: 'value.size',
        hint: `Use at most ${limit - 100} bytes, or raise max.message.bytes on topic "${spec.topic}".`,
      });
    // A partition's batch goes as one record batch, which the broker refuses whole when it is over the limit.
    if (Number.isFinite(limit) && spec.batchBytes + 1024 > limit)
      fail(
        'invalid_input',
        `A batch of ${Math.round(spec.batchBytes / 1024)} KiB exceeds the topic's max.message.bytes (${limit}); the brokers would refuse every batch.`,
        {
          field: 'batchBytes',
          hint: `Use batches of at most ${Math.floor((limit - 1024) / 1024)} KiB.`,
        },
      );
  }
}

function newId(): string {
  return `w${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}
