import type { z } from 'zod';
import { AppFailure, type AppError } from '../../common/errors';
import {
  htmlTitle,
  looksLikeHtml,
  parseJsonText,
  RestClient,
  sleep,
  type RestMethod as Method,
  type RestReply as ConnectReply,
} from '../rest-client';
import { connectErrorSchema } from './rest-schemas';
import { firstLine } from './status';

// HTTP: every answer is classified (network, Connect error) before parsing.

function shortText(text: string): string {
  const line = firstLine(text);
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Connect's own `{error_code, message}`, or the first line of whatever else it sent. */
function connectMessageOf(reply: ConnectReply): { message: string; connectShaped: boolean } {
  const parsed = connectErrorSchema.safeParse(parseJsonText(reply.body));
  if (parsed.success) return { message: parsed.data.message?.trim() || `HTTP ${reply.status}`, connectShaped: true };
  if (looksLikeHtml(reply)) {
    const title = htmlTitle(reply.body);
    return { message: title ? `an HTML page (${title})` : 'an HTML page', connectShaped: false };
  }
  return { message: shortText(reply.body) || `HTTP ${reply.status}`, connectShaped: false };
}

/**
 * A request refused because the group is (about to be) rebalancing: 409 from
 * requests the worker forwards to the leader, 500 RebalanceNeededException from
 * reads it answers itself (Connect's exception mapper has no status for it).
 */
function isRebalance(reply: ConnectReply): boolean {
  if (reply.status === 409) return true;
  return reply.status === 500 && /rebalance is expected|rebalance in progress|stale configuration/i.test(connectMessageOf(reply).message);
}

export interface KafkaConnectEngineOptions {
  /** e.g. `http://connect-host:8083` (Connect's default REST port). */
  restUrl: string;
  /** Replaces the global fetch, e.g. to go through an SSH tunnel. */
  fetch?: typeof fetch;
  /** Per request, answer body included. Default 10 s. */
  timeoutMs?: number;
  /** How long an action waits for the states to show its result. Default 10 s. */
  settleTimeoutMs?: number;
  /** How often an action polls while it waits. Default 250 ms. */
  pollIntervalMs?: number;
  /** Waits before each retry of a request refused for a rebalance (409, or 500 "rebalance is expected"). Default 250, 500, 1000, 2000 ms. */
  conflictRetryDelaysMs?: ReadonlyArray<number>;
}

interface RequestOptions {
  body?: unknown;
  /** Non-2xx statuses handed back instead of thrown. */
  accept?: ReadonlyArray<number>;
}

export class ConnectHttp {
  readonly base: string;
  private readonly rest: RestClient;
  private readonly retryDelays: ReadonlyArray<number>;

  constructor(options: KafkaConnectEngineOptions) {
    this.rest = new RestClient({
      baseUrl: options.restUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      label: 'Kafka Connect',
      hints: {
        timeout: 'The worker may be starting, rebalancing or unable to reach Kafka; its log is connect.log / connectDistributed.out.',
        unreachable:
          'Is the Connect worker running, and is the REST URL right (its default port is 8083; see `listeners` in connect-distributed.properties)?',
        notJson: `Check that ${options.restUrl} is the Connect worker's REST listener and not a proxy or another service.`,
        unexpected: 'This adapter speaks the REST API of Kafka Connect 3.x; other versions may answer differently.',
      },
    });
    this.base = this.rest.base;
    this.retryDelays = options.conflictRetryDelaysMs ?? [250, 500, 1000, 2000];
  }

  /** A 2xx answer (or one listed in `accept`); anything else is thrown as an AppFailure. A rebalance is retried first. */
  async request(method: Method, path: string, what: string, options: RequestOptions = {}): Promise<ConnectReply> {
    for (let attempt = 0; ; attempt++) {
      const reply = await this.rest.send(method, path, what, {
        headers: { Accept: 'application/json', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      if ((reply.status >= 200 && reply.status < 300) || options.accept?.includes(reply.status)) return reply;
      const delay = this.retryDelays[attempt];
      if (isRebalance(reply) && delay !== undefined) {
        await sleep(delay);
        continue;
      }
      throw isRebalance(reply) ? this.rebalanceFailure(reply, what, attempt) : this.connectFailure(reply, what);
    }
  }

  async json<T>(method: Method, path: string, what: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    return this.parse(await this.request(method, path, what, options), what, schema);
  }

  parse<T>(reply: ConnectReply, what: string, schema: z.ZodType<T>): T {
    return this.rest.parse(reply, what, schema);
  }

  private rebalanceFailure(reply: ConnectReply, what: string, retries: number): AppFailure {
    const { message: connectMessage } = connectMessageOf(reply);
    return new AppFailure({
      code: 'conflict',
      message: `Kafka Connect at ${this.base} could not ${what}: ${shortText(connectMessage)}${retries > 0 ? ` (still refused after ${retries} retries)` : ''}`,
      hint: 'The Connect cluster is rebalancing or its configuration is changing; try again in a few seconds.',
      details: { url: this.base, httpStatus: reply.status, connectMessage, retries },
    });
  }

  private connectFailure(reply: ConnectReply, what: string): AppFailure {
    const { message: connectMessage, connectShaped } = connectMessageOf(reply);
    const details: Record<string, unknown> = { url: this.base, httpStatus: reply.status, connectMessage };
    const text = shortText(connectMessage);
    const message = `Kafka Connect at ${this.base} could not ${what}: ${text}`;
    switch (reply.status) {
      case 400:
        return new AppFailure({ code: 'invalid_input', message, details });
      case 401:
      case 403:
        return new AppFailure({
          code: 'unauthorized',
          message,
          hint: 'The worker has REST authentication enabled; the connection needs credentials it accepts.',
          details,
        });
      case 404:
        // Jersey's own 404 (no such REST path) is not a missing connector.
        if (!connectShaped || /^HTTP 404 Not Found$/i.test(connectMessage)) {
          return new AppFailure({
            code: 'remote_command_failed',
            message: `Kafka Connect at ${this.base} has no REST path for "${what}" (HTTP 404).`,
            hint: 'Stopping connectors and reading offsets need Kafka Connect 3.5 or newer (KIP-875); check the URL and the worker version.',
            details,
          });
        }
        return new AppFailure({
          code: 'not_found',
          message,
          hint: 'The connector may have been deleted or renamed; refresh the list.',
          details,
        });
      case 503:
        return new AppFailure({
          code: 'host_unreachable',
          message,
          hint: 'The worker is starting or cannot serve requests yet; try again in a few seconds.',
          details,
        });
      default: {
        const timedOut = reply.status === 500 && /timed out/i.test(connectMessage);
        const error: AppError = {
          code: timedOut ? 'timeout' : 'remote_command_failed',
          message,
          hint: timedOut
            ? 'The worker could not finish the request in time: it may be rebalancing or unable to reach Kafka.'
            : "The Connect worker's log has the details.",
          details,
        };
        return new AppFailure(error);
      }
    }
  }
}
