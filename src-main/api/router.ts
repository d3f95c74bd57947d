import { contract, isMethodName, type Contract, type HandlersFor, type MethodName, type MethodOutput } from './contract';
import { invalidInput, toAppError, type Result } from '../common/errors';
import type { Caller } from '../common/caller';

export type Handlers = HandlersFor<Contract>;

export interface Router {
  /** `caller`: the connection the call came over, when the binding knows one (the CLI has none). */
  call(method: string, rawInput: unknown, caller?: Caller): Promise<Result<unknown>>;
}

/**
 * Validates input against the contract, runs the handler, and returns a Result:
 * the only place where a method call turns into a value or an error. Both
 * bindings and the CLI go through here, so they behave the same.
 */
export function createRouter(handlers: Handlers): Router {
  return {
    async call(method, rawInput, caller) {
      if (!isMethodName(method)) {
        return {
          ok: false,
          error: { code: 'unknown_method', message: `Unknown method "${method}"`, hint: 'Run `kcc --help` for the list.' },
        };
      }
      return dispatch(method, rawInput, caller);
    },
  };

  async function dispatch<M extends MethodName>(method: M, rawInput: unknown, caller: Caller | undefined): Promise<Result<unknown>> {
    const parsed = contract[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(method, parsed.error.issues) };
    try {
      const handler = handlers[method] as (input: unknown, caller?: Caller) => Promise<MethodOutput<M>>;
      return { ok: true, value: await handler(parsed.data, caller) };
    } catch (err) {
      return { ok: false, error: toAppError(err) };
    }
  }
}
