import type { z } from 'zod';
import { AppFailure, fail, formatPath } from '../common/errors';
import { classifyFetchFailure } from '../net/fetch-failure';

/** One HTTP answer, read whole, before anyone interprets it. */
export interface RestReply {
  status: number;
  body: string;
  contentType: string;
}

export type RestMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface RestClientOptions {
  baseUrl: string;
  /** Replaces the global fetch, e.g. to go through an SSH tunnel. */
  fetch?: typeof fetch | undefined;
  /** Per request, answer body included. Default 10 s. */
  timeoutMs?: number | undefined;
  /** How the engine is named in messages: "Kafka Connect", "SDC". */
  label: string;
  /** What a person should check, per kind of failure. */
  hints: { timeout: string; unreachable: string; notJson: string; unexpected: string };
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function looksLikeHtml(reply: RestReply): boolean {
  return /html/i.test(reply.contentType) || /^\s*</.test(reply.body);
}

export function htmlTitle(body: string): string | undefined {
  return /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The part every engine's REST client shares: a request with a timeout whose
 * network failures become errors a person can act on, and answers parsed with
 * zod, naming the field the app did not understand. What an HTTP status means
 * stays with each engine: Connect and SDC disagree on nearly all of them.
 */
export class RestClient {
  readonly base: string;
  readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: RestClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(
    method: RestMethod,
    path: string,
    what: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<RestReply> {
    try {
      const res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: init.headers ?? {},
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
    } catch (err) {
      throw this.networkFailure(err, what);
    }
  }

  parse<T>(reply: RestReply, what: string, schema: z.ZodType<T>): T {
    const { label } = this.options;
    const data = parseJsonText(reply.body);
    if (data === undefined) {
      const html = looksLikeHtml(reply) ? `an HTML page (${htmlTitle(reply.body) ?? 'untitled'}), not JSON` : 'something that is not JSON';
      fail('remote_command_failed', `${label} at ${this.base} answered "${what}" with ${html}.`, {
        hint: this.options.hints.notJson,
        details: { url: this.base, httpStatus: reply.status, contentType: reply.contentType },
      });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? formatPath(issue.path) || 'the answer' : 'the answer';
      fail(
        'remote_command_failed',
        `${label} at ${this.base} answered "${what}" with data this app does not understand (${where}: ${issue?.message ?? 'invalid'}).`,
        { hint: this.options.hints.unexpected, details: { url: this.base, httpStatus: reply.status } },
      );
    }
    return parsed.data;
  }

  private networkFailure(err: unknown, what: string): AppFailure {
    if (err instanceof AppFailure) return err;
    const { label, hints } = this.options;
    const failure = classifyFetchFailure(err);
    if (failure.kind === 'timeout') {
      return new AppFailure({
        code: 'timeout',
        message: `${label} at ${this.base} did not answer within ${this.timeoutMs / 1000} s (${what}).`,
        hint: hints.timeout,
        details: { url: this.base, timeoutMs: this.timeoutMs },
      });
    }
    const { reason, code } = failure;
    // fetch refuses some ports outright (the Fetch standard's "bad ports": 1, 22, 25, 6000…) without connecting.
    if (reason === 'bad port') {
      const port = URL.canParse(this.base) ? new URL(this.base).port : '';
      return new AppFailure({
        code: 'host_unreachable',
        message: `Cannot reach ${label} at ${this.base}: fetch refuses to connect to port ${port || '(default)'}, a "bad port" in the Fetch standard.`,
        hint: 'Run the REST listener on another port, or go through a tunnel on an allowed port.',
        details: { url: this.base, cause: 'bad port' },
      });
    }
    return new AppFailure({
      code: 'host_unreachable',
      message: `${label} at ${this.base} is not answering (${reason}).`,
      hint: hints.unreachable,
      details: { url: this.base, ...(code ? { cause: code } : {}) },
    });
  }
}
