import { contract, type MethodName } from '../api/contract';
import type { AppError } from '../common/errors';
import type { AppEvent, EventName, EventPayload } from '../events/schemas';
import { operationKinds } from '../core/handlers/services';
import { workloadRunSchema, type WorkloadSample } from '../workloads/schemas';
import type { Backend } from './backend';

/**
 * Methods whose output comes as events, and how kcc shows them in a terminal. stdout carries the result (the log
 * lines of a follow; the final run or operation as JSON), stderr the progress, so `| jq` and `| grep` keep working.
 *
 * - `logs.follow`: `log.line` events of the returned stream, until Ctrl-C.
 * - `workloads.start*`: `workload.sample` once a second, until `workload.changed` says the run ended; Ctrl-C stops it.
 * - lifecycle operations (`services.start`, `cluster.stopAll`, …): `operation.progress` while the call runs.
 */
export type Out = Pick<NodeJS.WritableStream, 'write'>;

export interface StreamIo {
  out: Out;
  err: Out;
  /** Subscribes to the user's interrupt (Ctrl-C); returns the unsubscribe. */
  onInterrupt(listener: () => void): () => void;
}

type Streamer = (backend: Backend, method: MethodName, input: unknown, io: StreamIo) => Promise<number>;

const workloadStarts = new Set<string>(['workloads.startProducer', 'workloads.startConsumer', 'workloads.startRemote']);
const ENDED = new Set(['completed', 'stopped', 'failed']);
/** Exit code after a second Ctrl-C, as a shell reports a process ended by SIGINT. */
const LEFT = 130;

export function streamerFor(method: string): Streamer | undefined {
  if (method === 'logs.follow') return followLog;
  if (workloadStarts.has(method)) return followWorkload;
  if (Object.prototype.hasOwnProperty.call(operationKinds, method)) return watchOperation;
  return undefined;
}

export function printError(out: Out, error: AppError): number {
  out.write(`${JSON.stringify(error, null, 2)}\n`);
  return 1;
}

/**
 * The app's events for one call: listening starts before the call (nothing is missed), and what arrives before the
 * call's answer says which events are ours is held until then.
 */
class Feed {
  private early: AppEvent[] | undefined = [];
  private handler: ((event: AppEvent) => void) | undefined;
  private lost: AppError | undefined;
  private onLost: ((error: AppError) => void) | undefined;

  readonly push = (event: AppEvent): void => {
    if (this.handler) this.handler(event);
    else this.early?.push(event);
  };

  readonly lose = (error: AppError): void => {
    this.lost ??= error;
    this.onLost?.(error);
  };

  handle(handler: (event: AppEvent) => void): void {
    this.handler = handler;
    const early = this.early ?? [];
    this.early = undefined;
    for (const e of early) handler(e);
  }

  whenLost(listener: (error: AppError) => void): void {
    this.onLost = listener;
    if (this.lost) listener(this.lost);
  }
}

async function listen(backend: Backend, io: StreamIo, names: EventName[]): Promise<Feed | number> {
  const feed = new Feed();
  const listening = await backend.listen(new Set(names), feed.push, feed.lose);
  return listening.ok ? feed : printError(io.out, listening.error);
}

/** The exit code of a stream, settled once; Ctrl-C presses go to `onInterrupt` until then. */
class Ending {
  readonly done: Promise<number>;
  private resolve: (code: number) => void = () => undefined;
  private finished = false;
  private count = 0;
  private readonly unsubscribe: () => void;
  onInterrupt: (count: number) => void = () => this.finish(LEFT);

  constructor(io: StreamIo) {
    this.done = new Promise<number>((r) => (this.resolve = r));
    this.unsubscribe = io.onInterrupt(() => this.onInterrupt(++this.count));
  }

  finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.unsubscribe();
    this.resolve(code);
  }

  get over(): boolean {
    return this.finished;
  }
}

const followLog: Streamer = async (backend, method, input, io) => {
  const feed = await listen(backend, io, ['log.line']);
  if (typeof feed === 'number') return feed;
  const r = await backend.call(method, input);
  if (!r.ok) return printError(io.out, r.error);
  const follow = contract['logs.follow'].output.parse(r.value);
  io.err.write(`Following ${follow.file} on ${follow.host} (stream ${follow.streamId}; Ctrl-C to stop)\n`);
  // Ctrl-C only leaves: closing the connection (kcc's exit) is what ends the follow in the app.
  const end = new Ending(io);
  end.onInterrupt = () => end.finish(0);
  feed.whenLost((error) => end.finish(printError(io.out, error)));
  feed.handle((e) => {
    if (end.over || e.name !== 'log.line' || e.payload.streamId !== follow.streamId) return;
    io.out.write(`${e.payload.line}\n`);
    if (e.payload.line.startsWith('[stream ended:')) end.finish(1);
  });
  return end.done;
};

const followWorkload: Streamer = async (backend, method, input, io) => {
  const feed = await listen(backend, io, ['workload.sample', 'workload.changed']);
  if (typeof feed === 'number') return feed;
  const r = await backend.call(method, input);
  if (!r.ok) return printError(io.out, r.error);
  const run = workloadRunSchema.parse(r.value);
  io.err.write(`Started ${run.kind} run ${run.id}: ${run.label}\nCtrl-C stops it and prints its summary.\n`);
  const end = new Ending(io);
  end.onInterrupt = (count) => {
    if (count > 1) return end.finish(LEFT);
    // Stopped in the app, so the run ends with its summary; a second Ctrl-C leaves, and closing the connection stops
    // the run all the same.
    io.err.write(`Stopping ${run.id}… (Ctrl-C again to leave at once)\n`);
    void backend.call('workloads.stop', { id: run.id }).then((s) => {
      if (!s.ok) end.finish(printError(io.out, s.error));
    });
  };
  feed.whenLost((error) => end.finish(printError(io.out, error)));
  let ended = false;
  feed.handle((e) => {
    if (end.over) return;
    if (e.name === 'workload.sample' && e.payload.workloadId === run.id) io.err.write(formatSample(e.payload.sample));
    if (e.name !== 'workload.changed' || e.payload.workloadId !== run.id || !ENDED.has(e.payload.state) || ended) return;
    ended = true;
    void backend.call('workloads.wait', { id: run.id, timeoutSec: 10 }).then((w) => {
      if (end.over) return;
      if (!w.ok) return end.finish(printError(io.out, w.error));
      const final = workloadRunSchema.parse(w.value);
      if (final.summary) io.err.write(`${final.summary.text}\n`);
      if (final.error) io.err.write(`Failed: ${final.error}\n`);
      io.out.write(`${JSON.stringify(w.value, null, 2)}\n`);
      end.finish(final.state === 'failed' ? 1 : 0);
    });
  });
  return end.done;
};

const watchOperation: Streamer = async (backend, method, input, io) => {
  const kind = operationKinds[method as keyof typeof operationKinds];
  const service =
    typeof input === 'object' && input !== null && 'service' in input && typeof input.service === 'string' ? input.service : undefined;
  const feed = await listen(backend, io, ['operation.progress']);
  if (typeof feed === 'number') return feed;
  // Two operations never hold the same service at once, so while this call runs, the running operation of this kind
  // on this service is this call's.
  let mine: string | undefined;
  feed.handle((e) => {
    if (e.name !== 'operation.progress') return;
    const p = e.payload;
    if (mine === undefined) {
      if (p.kind !== kind || p.state !== 'running' || (service !== undefined && !p.targets.includes(service))) return;
      mine = p.operationId;
    }
    if (p.operationId === mine) io.err.write(formatProgress(p));
  });
  const end = new Ending(io);
  end.onInterrupt = (count) => {
    if (count > 1) return end.finish(LEFT);
    io.err.write(
      backend.where === 'in-process'
        ? 'A start or stop is not broken off halfway; kcc waits for its end (Ctrl-C again to leave now, leaving it halfway).\n'
        : 'A start or stop is not broken off halfway; it goes on in the app (Ctrl-C again to stop watching it).\n',
    );
  };
  void backend.call(method, input).then((r) => {
    if (end.over) return;
    if (!r.ok) return end.finish(printError(io.out, r.error));
    io.out.write(`${JSON.stringify(r.value, null, 2)}\n`);
    end.finish(0);
  });
  return end.done;
};

/** One line per report, in the words of Kafka's perf tools. */
export function formatSample(s: WorkloadSample): string {
  const seconds = `${(s.elapsedMs / 1000).toFixed(1)} s`.padStart(8);
  const latency = s.latencyMs ? `, ${s.latencyMs.avg.toFixed(1)} ms avg latency, ${s.latencyMs.p99.toFixed(1)} ms p99` : '';
  const errors = s.errors > 0 ? `, ${s.errors} errors${s.lastError ? ` (last: ${s.lastError})` : ''}` : '';
  return `${seconds}  ${s.records} records, ${s.recordsPerSec.toFixed(1)} records/sec (${s.mbPerSec.toFixed(2)} MB/sec)${latency}${errors}\n`;
}

export function formatProgress(p: EventPayload<'operation.progress'>): string {
  if (p.line !== undefined) return `    ${p.line}\n`;
  const where = p.host ? ` on ${p.host}` : '';
  const command = p.state === 'running' && p.command ? `: ${p.command.join(' ')}` : '';
  return `[${p.state}] ${p.step}${where}${command}\n`;
}
