import { z } from 'zod';

/**
 * Errors cross every boundary (IPC, HTTP, CLI) as plain values the UI can show:
 * a stable code, a sentence for a person, and a hint on what to do next.
 * Stack traces stay in the main process.
 */
export const errorCodes = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'invalid_profile',
  'no_profile',
  'host_unreachable',
  'auth_failed',
  'host_key_unknown',
  'host_key_changed',
  'timeout',
  'remote_command_failed',
  'zookeeper_unreachable',
  'kafka_unreachable',
  'unauthorized',
  'unavailable',
  'internal',
] as const;

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  hint: z.string().optional(),
  /** Dotted path of the offending input field or profile key, when there is one. */
  field: z.string().optional(),
  /** 1-based line in the offending file, when the error comes from a file. */
  line: z.number().int().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AppError = z.infer<typeof appErrorSchema>;
export type ErrorCode = AppError['code'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Thrown inside handlers; the router turns it into a Result. */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}

export function fail(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): never {
  throw new AppFailure({ code, message, ...extra });
}

/** Any thrown value as an AppError, without leaking a stack trace. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppFailure) return err.error;
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'internal',
    message: message || 'Unexpected error',
    hint: 'This is a bug in Kafka Control Center; the main process log has the details.',
  };
}

/** Dotted path as people read it: `hosts[0].port`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return acc === '' ? name : `${acc}.${name}`;
  }, '');
}

export function invalidInput(method: string, issues: ReadonlyArray<z.core.$ZodIssue>): AppError {
  const first = issues[0];
  const field = first ? formatPath(first.path) : '';
  const message = first ? `${method}: ${field === '' ? 'input' : `"${field}"`}: ${first.message}` : `${method}: invalid input`;
  return {
    code: 'invalid_input',
    message,
    ...(field === '' ? {} : { field }),
    hint: issues.length > 1 ? `${issues.length - 1} more problem(s) in the same input.` : undefined,
  };
}
