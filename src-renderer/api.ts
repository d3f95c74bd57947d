import type { MethodInput, MethodName, MethodOutput } from '../src-main/api/contract';
import type { AppError, Result } from '../src-main/common/errors';
import type { AppEvent } from '../src-main/events/schemas';

/**
 * Typed client of the contract. In the desktop app it talks to the preload's
 * `window.kcc`; in a browser (web mode) to the local HTTP/WebSocket server.
 * Only types come from src-main: no main-process code reaches the bundle.
 */
export class ApiError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.error = error;
  }
}

interface CallOptions {
  /** Ends the wait for the answer: a view that went away does not receive (or parse) what it asked for. */
  signal?: AbortSignal;
}

interface Transport {
  call(method: string, input: unknown, options?: CallOptions): Promise<Result<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export interface PreloadApi {
  call(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}

declare global {
  interface Window {
    kcc?: PreloadApi;
  }
}

/** Exported for its unit test; the app picks its transport below. */
export function electronTransport(bridge: PreloadApi): Transport {
  return {
    call: (method, input, options) => {
      const answer = bridge.call(method, input) as Promise<Result<unknown>>;
      const signal = options?.signal;
      if (!signal) return answer;
      signal.throwIfAborted();
      // The listener goes with the answer: a long-lived signal must not gather one per call.
      let onAbort = (): void => undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      return Promise.race([answer, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
    },
    onEvent: (listener) => bridge.onEvent((e) => listener(e as AppEvent)),
  };
}

function webTransport(): Transport {
  const listeners = new Set<(event: AppEvent) => void>();
  // Names this page's event socket on every call: what a call starts (a log follow) ends when the page goes.
  const connection = crypto.randomUUID();
  let socket: WebSocket | undefined;
  let retry = 500;
  function connect() {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events?connection=${connection}`);
    socket = ws;
    ws.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as AppEvent;
      for (const l of listeners) l(event);
    };
    ws.onopen = () => {
      retry = 500;
    };
    ws.onclose = () => {
      socket = undefined;
      if (listeners.size > 0) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  }
  return {
    async call(method, input, options) {
      let response: Response;
      try {
        response = await fetch(`/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-KCC-Connection': connection },
          credentials: 'same-origin',
          body: JSON.stringify(input ?? {}),
          ...(options?.signal ? { signal: options.signal } : {}),
        });
      } catch (err) {
        if (options?.signal?.aborted) throw err;
        return {
          ok: false,
          error: {
            code: 'host_unreachable',
            message: 'The Kafka Control Center server does not answer.',
            hint: 'Is `npm run web` still running?',
          },
        };
      }
      return (await response.json()) as Result<unknown>;
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}

const transport: Transport = typeof window !== 'undefined' && window.kcc ? electronTransport(window.kcc) : webTransport();

export async function call<M extends MethodName>(method: M, input: MethodInput<M>, options?: CallOptions): Promise<MethodOutput<M>> {
  const result = await transport.call(method, input, options);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as MethodOutput<M>;
}

export function onEvent(listener: (event: AppEvent) => void): () => void {
  return transport.onEvent(listener);
}

function isAppError(v: unknown): v is AppError {
  return typeof v === 'object' && v !== null && typeof (v as AppError).code === 'string' && typeof (v as AppError).message === 'string';
}

/** An ApiError, an AppError value (e.g. an operation's result) or anything thrown, as an AppError. */
export function asAppError(err: unknown): AppError {
  if (err instanceof ApiError) return err.error;
  if (isAppError(err)) return err;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
