import { CallerConnection } from '../common/caller';
import type { AppError, Result } from '../common/errors';
import type { AppEvent, EventName } from '../events/schemas';
import { createAppCore, type AppCoreOptions } from '../core/app-core';

/**
 * What kcc calls: an app core of its own (in-process), or a running app it attached to. Both behave as one
 * terminal connection: what its calls start ends when it is closed.
 */
export interface Backend {
  /** For messages: `in-process` or the app's URL (never with its token). */
  readonly where: string;
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /**
   * Starts delivering the app's events named in `names`, before a call whose output comes as events (so none is
   * missed). `onLost` runs once if the event stream ends without `close` (the app stopped).
   */
  listen(names: ReadonlySet<EventName>, onEvent: (event: AppEvent) => void, onLost: (error: AppError) => void): Promise<Result<void>>;
  /** Ends the connection and with it what its calls started (log follows, load runs). */
  close(): Promise<void>;
}

export function inProcessBackend(options: Omit<AppCoreOptions, 'mode'>): Backend {
  const core = createAppCore({ mode: 'cli', ...options });
  const caller = new CallerConnection('kcc', { terminal: true });
  let unsubscribe: (() => void) | undefined;
  return {
    where: 'in-process',
    call: (method, input) => core.router.call(method, input, caller),
    listen(names, onEvent) {
      unsubscribe = core.events.subscribe((event) => {
        if (names.has(event.name)) onEvent(event);
      });
      return Promise.resolve({ ok: true, value: undefined });
    },
    async close() {
      unsubscribe?.();
      caller.close();
      await core.dispose();
    },
  };
}
