import { randomUUID } from 'node:crypto';
import { fail, toAppError } from '../common/errors';
import type { AppEventHub } from '../events/schemas';
import { type Operation } from './schemas';

export interface OperationContext {
  readonly id: string;
  /** Starts a new step; the previous one is marked succeeded. */
  step(name: string, extra?: { host?: string; command?: string[] }): void;
  line(text: string): void;
}

const MAX_LINES_PER_STEP = 200;
const MAX_KEPT = 100;

/**
 * Every remote effect is an operation: an id, progress events, a result.
 * Two operations touching the same service at once are refused.
 */
export class Operations {
  private readonly history: Operation[] = [];
  private readonly locked = new Map<string, string>();

  constructor(private readonly events: AppEventHub) {}

  list(): Operation[] {
    return [...this.history].reverse();
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
      if (!s) return;
      this.events.emit('operation.progress', {
        operationId: op.id,
        kind,
        targets,
        step: s.step,
        ...(s.host ? { host: s.host } : {}),
        ...(s.command ? { command: s.command } : {}),
        ...(line !== undefined ? { line } : {}),
        state: s.state,
      });
    };
    const ctx: OperationContext = {
      id: op.id,
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
    };
    try {
      await body(ctx);
      const last = current();
      if (last && last.state === 'running') last.state = 'succeeded';
      op.state = 'succeeded';
    } catch (err) {
      const last = current();
      if (last) last.state = 'failed';
      op.state = 'failed';
      op.error = toAppError(err);
    } finally {
      op.endedAt = new Date().toISOString();
      for (const t of targets) this.locked.delete(t);
      emit();
    }
    return op;
  }
}
