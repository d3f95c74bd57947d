import { randomUUID } from 'node:crypto';
import { AppFailure, fail, toAppError } from '../common/errors';
import type { AppEventHub } from '../events/schemas';
import { type Operation } from './schemas';

export interface OperationContext {
  readonly id: string;
  /** Starts a new step; the previous one is marked succeeded. */
  step(name: string, extra?: { host?: string; command?: string[] }): void;
  line(text: string): void;
  /** A long operation says how many units (services, brokers, partitions) it will go through… */
  plan(total: number): void;
  /**
   * …and which one it is on: those before it are done. The one point where a cancel takes effect: between units,
   * never inside one, whose steps belong together (a broker stopped and not started again is worse than either).
   */
  begin(unit: string): void;
  /** Units done so far, for operations whose units finish out of order (partitions of a reassignment). */
  done(count: number, current?: string): void;
  /** Whether a cancel was asked for: for loops that wait (polls), to stop waiting and undo what they can. */
  readonly cancelRequested: boolean;
}

const MAX_LINES_PER_STEP = 200;
const MAX_KEPT = 100;

/** Thrown at a step boundary once a cancel was asked for; the operation ends as `cancelled`, not `failed`. */
export class OperationCancelled extends AppFailure {
  constructor(operationId: string, message = `Operation ${operationId} was cancelled; the steps before this point stay done.`) {
    super({ code: 'conflict', message });
  }
}

/**
 * Every remote effect is an operation: an id, progress events, a result.
 * Two operations touching the same service at once are refused.
 */
export class Operations {
  private readonly history: Operation[] = [];
  private readonly locked = new Map<string, string>();
  private readonly emitters = new Map<string, () => void>();

  constructor(private readonly events: AppEventHub) {}

  list(): Operation[] {
    return [...this.history].reverse();
  }

  /** Asks a running operation to stop at its next step. */
  cancel(id: string): Operation {
    const op = this.history.find((o) => o.id === id);
    if (!op) fail('not_found', `No operation ${id} in this session.`);
    if (op.state !== 'running') fail('conflict', `Operation ${id} has already ${op.state === 'cancelled' ? 'been cancelled' : op.state}.`);
    op.cancelRequested = true;
    this.emitters.get(id)?.();
    return op;
  }

  async run(kind: string, targets: string[], body: (ctx: OperationContext) => Promise<void>): Promise<Operation> {
    for (const t of targets) {
      const holder = this.locked.get(t);
      if (holder) fail('conflict', `${t} is busy with operation ${holder}; wait for it to finish.`, { details: { operationId: holder } });
    }
    const op: Operation = { id: randomUUID().slice(0, 8), kind, targets, state: 'running', startedAt: new Date().toISOString(), steps: [] };
    for (const t of targets) this.locked.set(t, op.id);
    this.history.push(op);
    if (this.history.length > MAX_KEPT) this.history.shift();
    const current = () => op.steps[op.steps.length - 1];
    const emit = (line?: string) => {
      const s = current();
      this.events.emit('operation.progress', {
        operationId: op.id,
        kind,
        targets,
        step: s?.step ?? kind,
        ...(s?.host ? { host: s.host } : {}),
        ...(s?.command ? { command: s.command } : {}),
        ...(line !== undefined ? { line } : {}),
        state: s?.state ?? op.state,
        operationState: op.state,
        ...(op.progress ? { progress: { ...op.progress } } : {}),
        ...(op.cancelRequested ? { cancelRequested: true } : {}),
      });
    };
    this.emitters.set(op.id, () => emit());
    const checkpoint = () => {
      if (op.cancelRequested) throw new OperationCancelled(op.id);
    };
    let begun = 0;
    const ctx: OperationContext = {
      id: op.id,
      get cancelRequested() {
        return op.cancelRequested === true;
      },
      step(name, extra = {}) {
        const prev = current();
        if (prev && prev.state === 'running') {
          prev.state = 'succeeded';
          emit();
        }
        op.steps.push({ step: name, ...extra, state: 'running', lines: [] });
        emit();
      },
      line(text) {
        const s = current();
        if (!s) return;
        for (const l of text.split('\n')) {
          if (l === '') continue;
          s.lines.push(l);
          if (s.lines.length > MAX_LINES_PER_STEP) s.lines.shift();
          emit(l);
        }
      },
      plan(total) {
        op.progress = { done: 0, total };
        emit();
      },
      begin(unit) {
        // A new unit means the last one's steps are over.
        const prev = current();
        if (prev && prev.state === 'running') {
          prev.state = 'succeeded';
          emit();
        }
        checkpoint();
        op.progress = { done: begun, total: Math.max(op.progress?.total ?? 0, begun + 1), current: unit };
        begun++;
        emit();
      },
      done(count, unit) {
        op.progress = { done: count, total: Math.max(op.progress?.total ?? 0, count), ...(unit ? { current: unit } : {}) };
        emit();
      },
    };
    try {
      await body(ctx);
      const last = current();
      if (last && last.state === 'running') last.state = 'succeeded';
      if (op.progress) op.progress = { done: op.progress.total, total: op.progress.total };
      op.state = 'succeeded';
    } catch (err) {
      const last = current();
      const cancelled = err instanceof OperationCancelled;
      if (last && last.state === 'running') last.state = cancelled ? 'cancelled' : 'failed';
      op.state = cancelled ? 'cancelled' : 'failed';
      op.error = toAppError(err);
    } finally {
      op.endedAt = new Date().toISOString();
      for (const t of targets) this.locked.delete(t);
      this.emitters.delete(op.id);
      emit();
    }
    return op;
  }
}
