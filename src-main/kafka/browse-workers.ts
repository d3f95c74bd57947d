import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanJob } from './browse-scan';
import { fromBrowseWorkerSchema, type ScanInput, type ToBrowseWorker } from './browse-protocol';
import type { KafkaConnection } from './kafka-client';
import type { BrowseResult } from './schemas';
import { outsideAsar } from '../common/worker-script';

/** Where the worker's code is: the bundle beside main.cjs (or kcc.cjs), or TypeScript source through tsx. */
function workerUrl(): URL | string {
  const here = typeof import.meta.url === 'string' ? import.meta.url : undefined;
  return here ? new URL('./browse-worker-entry.mjs', here) : outsideAsar(join(__dirname, 'browse-worker.cjs'));
}

/** Splits the partitions into `n` jobs with about as many records each (largest first, onto the lightest job). */
export function splitJob(job: ScanJob, n: number): ScanJob[] {
  const shares = Array.from({ length: n }, () => ({ records: 0, partitions: [] as Array<ScanJob['partitions'][number]> }));
  for (const p of [...job.partitions].sort((a, b) => b.stop - b.start - (a.stop - a.start))) {
    const lightest = shares.reduce((min, s) => (s.records < min.records ? s : min));
    lightest.partitions.push(p);
    lightest.records += p.stop - p.start;
  }
  const used = shares.filter((s) => s.partitions.length > 0);
  // The byte budget is shared (what comes back must stay within it); the limit is not: a part cannot know how many
  // the others find, and the merge cuts to the limit and says where the cut partitions continue.
  return used.map((s) => ({ ...job, partitions: s.partitions, maxBytes: Math.max(1024, Math.floor(job.maxBytes / used.length)) }));
}

/** A failure a worker reported, shaped like the kafkajs error it was, so the caller maps it as an in-process one. */
class WorkerScanError extends Error {
  constructor(
    override readonly name: string,
    readonly type: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Merges the parts: every record kept (cut to the limit, in partition order), scans added up, the first reason to
 * stop, and where a next page starts (a record cut here is where its partition continues).
 */
export function mergeScans(parts: ReadonlyArray<BrowseResult>, limit: number): BrowseResult {
  const all = parts.flatMap((p) => p.messages).sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  const messages = all.slice(0, limit);
  const next = new Map(parts.flatMap((p) => p.next).map((n) => [n.partition, n.offset]));
  for (const cut of all.slice(limit)) {
    const at = next.get(cut.partition);
    if (at === undefined || Number(cut.offset) < at) next.set(cut.partition, Number(cut.offset));
  }
  const scanned = parts.reduce((n, p) => n + p.scanned, 0);
  const reasons = parts.map((p) => p.stoppedBy);
  const stoppedBy: BrowseResult['stoppedBy'] =
    all.length > limit
      ? 'limit'
      : reasons.every((r) => r === 'end')
        ? 'end'
        : reasons.includes('bytes')
          ? 'bytes'
          : reasons.includes('limit')
            ? 'limit'
            : 'time';
  return {
    messages,
    scanned,
    stoppedBy,
    next: [...next].sort(([a], [b]) => a - b).map(([partition, offset]) => ({ partition, offset })),
  };
}

interface PendingScan {
  conn: KafkaConnection;
  resolve: (r: BrowseResult) => void;
  reject: (e: Error) => void;
  /** Tells the other parts of the same browse to stop. */
  stopSiblings: () => void;
}

/** Threads are kept this long after their last scan: starting one (loading the client) costs more than a short scan. */
const IDLE_MS = 60_000;

/**
 * Browse threads, started on first use and ended after a minute without scans. They do not keep the process
 * alive, and one that dies fails only the scans it was running.
 */
class BrowseThreads {
  private workers: Worker[] = [];
  private readonly pending = new Map<number, { worker: Worker; scan: PendingScan }>();
  private nextScan = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  private worker(i: number): Worker {
    const known = this.workers[i];
    if (known) return known;
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.on('message', (raw: unknown) => this.onMessage(worker, raw));
    const gone = (why: string) => {
      this.workers = this.workers.map((w) => (w === worker ? undefined : w)).filter((w): w is Worker => w !== undefined);
      for (const [id, p] of this.pending)
        if (p.worker === worker) {
          this.pending.delete(id);
          p.scan.stopSiblings();
          p.scan.reject(new Error(`A browse thread ended (${why}) before it had scanned its partitions.`));
        }
    };
    worker.on('error', (err) => gone(err.message));
    worker.on('exit', (code) => gone(`exit code ${code}`));
    this.workers[i] = worker;
    return worker;
  }

  private onMessage(worker: Worker, raw: unknown): void {
    const parsed = fromBrowseWorkerSchema.safeParse(raw);
    // A message of another shape would be a bug in the worker: never an uncaught exception in main.
    if (!parsed.success) return;
    const m = parsed.data;
    const entry = this.pending.get(m.scanId);
    if (!entry) {
      // A scan already settled (its sibling failed): answer, so that the worker's consumer does not wait for a port.
      if (m.type === 'port-request')
        worker.postMessage({ type: 'port', requestId: m.requestId, error: 'scan ended' } satisfies ToBrowseWorker);
      return;
    }
    const { scan } = entry;
    if (m.type === 'port-request') {
      const localPort = scan.conn.localPort;
      (localPort ? localPort(m.host, m.port) : Promise.reject(new Error('this cluster is not tunnelled'))).then(
        (port) => worker.postMessage({ type: 'port', requestId: m.requestId, port } satisfies ToBrowseWorker),
        (err: unknown) => worker.postMessage({ type: 'port', requestId: m.requestId, error: String(err) } satisfies ToBrowseWorker),
      );
      return;
    }
    this.pending.delete(m.scanId);
    this.armIdle();
    if (m.type === 'done') {
      if (m.result.stoppedBy === 'limit' || m.result.stoppedBy === 'bytes') scan.stopSiblings();
      scan.resolve(m.result);
    } else {
      scan.stopSiblings();
      scan.reject(new WorkerScanError(m.name, m.errorType, m.message));
    }
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.pending.size > 0) return;
    // Idle threads must not keep the process alive; busy ones must (a pending promise does not).
    for (const w of this.workers) w.unref();
    this.idleTimer = setTimeout(() => {
      if (this.pending.size > 0) return;
      const workers = this.workers;
      this.workers = [];
      for (const w of workers) void w.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  /** Runs each job on a thread of its own and merges what they kept. */
  async scan(conn: KafkaConnection, jobs: ReadonlyArray<ScanJob>, timeoutMs: number, limit: number): Promise<BrowseResult> {
    clearTimeout(this.idleTimer);
    const ids = jobs.map(() => this.nextScan++);
    const stopSiblings = () => {
      for (const id of ids) this.pending.get(id)?.worker.postMessage({ type: 'stop', scanId: id } satisfies ToBrowseWorker);
    };
    const parts = await Promise.all(
      jobs.map(
        (job, i) =>
          new Promise<BrowseResult>((resolve, reject) => {
            const scanId = ids[i] ?? 0;
            const worker = this.worker(i);
            worker.ref();
            this.pending.set(scanId, { worker, scan: { conn, resolve, reject, stopSiblings } });
            const input: ScanInput = { brokers: [...conn.brokers], tunnelled: Boolean(conn.localPort), job, timeoutMs };
            worker.postMessage({ type: 'scan', scanId, input } satisfies ToBrowseWorker);
          }),
      ),
    ).finally(() => {
      for (const id of ids) this.pending.delete(id);
      this.armIdle();
    });
    return mergeScans(parts, limit);
  }
}

const threads = new BrowseThreads();

/**
 * Runs a scan on `n` threads, each reading its share of the partitions with a consumer of its own. When one stops
 * at the limit or the byte budget, the others are told to stop too.
 */
export function scanInWorkers(conn: KafkaConnection, job: ScanJob, timeoutMs: number, n: number): Promise<BrowseResult> {
  return threads.scan(conn, splitJob(job, n), timeoutMs, job.limit);
}
