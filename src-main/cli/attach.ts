import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import WebSocket from 'ws';
import { contract, isMethodName } from '../api/contract';
import { appErrorSchema, type AppError, type Result } from '../common/errors';
import { eventSchemas, type AppEvent, type EventName } from '../events/schemas';
import { readSessionFile, sessionFilePath, type SessionFile } from '../web/session-file';
import type { Backend } from './backend';

/**
 * `kcc --attach`: the contract over a running app's web binding instead of an app core of kcc's own. Calls are HTTP
 * POSTs with the token; events come over the app's WebSocket, which also names this terminal as the caller, so what
 * its calls start (a log follow, a load run) ends when it closes: on Ctrl-C, or when kcc dies.
 */

/** Where the attached app is and how kcc got its token (for hints: never the token itself). */
export interface AttachTarget {
  /** The app's origin, `http://127.0.0.1:PORT/`, without the token. */
  base: URL;
  token: string;
  tokenFrom: 'url' | 'KCC_TOKEN' | 'session';
  session?: { file: string; value: SessionFile };
}

const attachUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http:// URL such as http://127.0.0.1:PORT/' });

/**
 * Finds the app and its token: the URL given (with --attach or KCC_ATTACH) or the saved session's; the token from the
 * URL if the user typed one there, else KCC_TOKEN, else the saved session when it names the same app. A token is
 * never sent to another origin than the one it was saved for.
 */
export async function resolveAttachTarget(given: string | undefined, env: NodeJS.ProcessEnv): Promise<Result<AttachTarget>> {
  const file = sessionFilePath(env);
  const envToken = env.KCC_TOKEN ? env.KCC_TOKEN : undefined;
  if (given === undefined) {
    const session = await readSessionFile(file);
    if (!session.ok) return session;
    const base = new URL('/', session.value.url);
    return {
      ok: true,
      value: {
        base,
        token: envToken ?? session.value.token,
        tokenFrom: envToken ? 'KCC_TOKEN' : 'session',
        session: { file, value: session.value },
      },
    };
  }
  const parsed = attachUrlSchema.safeParse(given);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        field: 'attach',
        message: `--attach: "${redactToken(given)}" ${parsed.error.issues[0]?.message ?? 'is not a URL'}.`,
        hint: 'Give the URL the app printed (`npm run web`), or no URL to use the saved session.',
      },
    };
  }
  const url = new URL(parsed.data);
  const base = new URL('/', url.origin);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) return { ok: true, value: { base, token: fromUrl, tokenFrom: 'url' } };
  if (envToken) return { ok: true, value: { base, token: envToken, tokenFrom: 'KCC_TOKEN' } };
  const session = await readSessionFile(file);
  if (session.ok && new URL(session.value.url).origin === base.origin) {
    return { ok: true, value: { base, token: session.value.token, tokenFrom: 'session', session: { file, value: session.value } } };
  }
  if (!session.ok && session.error.code === 'unauthorized') return session;
  return {
    ok: false,
    error: {
      code: 'unauthorized',
      message: `No token for ${base.href}: KCC_TOKEN is not set and the saved session (${file}) ${session.ok ? `is for ${session.value.url}` : 'does not exist'}.`,
      hint: 'Set KCC_TOKEN to the token in the URL the app printed (not in the command line: ps shows it), or attach without a URL to use the saved session.',
    },
  };
}

/** The URL as it may be shown: a token typed into it is masked. */
function redactToken(text: string): string {
  return text.replace(/([?&]token=)[^&#\s]*/gi, '$1…');
}

/** One HTTP response, or the network error that prevented it. */
type Reply = { status: number; contentType: string; text: string } | { error: NodeJS.ErrnoException };

const CONNECT_TIMEOUT_MS = 10_000;

const responseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

const eventEnvelopeSchema = z.object({ name: z.string(), payload: z.unknown() });

export async function attachBackend(given: string | undefined, env: NodeJS.ProcessEnv): Promise<Result<Backend>> {
  const target = await resolveAttachTarget(given, env);
  if (!target.ok) return target;
  return { ok: true, value: new AttachedApp(target.value) };
}

class AttachedApp implements Backend {
  readonly where: string;
  private readonly agent: HttpAgent;
  /** Set once the event socket is open: calls then name it, which ties what they start to this terminal. */
  private connection: string | undefined;
  private socket: WebSocket | undefined;
  private closing = false;

  constructor(private readonly target: AttachTarget) {
    this.where = target.base.href;
    this.agent = target.base.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  async call(method: string, input: unknown): Promise<Result<unknown>> {
    const url = new URL(`api/call/${encodeURIComponent(method)}`, this.target.base);
    const reply = await this.post(url, JSON.stringify(input ?? {}));
    if ('error' in reply) return { ok: false, error: this.networkError(reply.error) };
    if (reply.status === 401) return { ok: false, error: this.wrongToken() };
    let body: unknown;
    try {
      body = JSON.parse(reply.text);
    } catch {
      return { ok: false, error: this.notTheApp(`HTTP ${reply.status}, ${reply.contentType || 'no content type'}`) };
    }
    const parsed = responseSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: this.notTheApp(`HTTP ${reply.status}, a JSON body of another shape`) };
    // What the app sent, as the in-process call prints it (the schema check guards its shape; zod would reorder keys).
    const raw = body as { value?: unknown; error?: AppError };
    if (!parsed.data.ok) return { ok: false, error: raw.error ?? parsed.data.error };
    if (isMethodName(method)) {
      const output = contract[method].output.safeParse(parsed.data.value);
      if (!output.success) {
        const issue = output.error.issues[0];
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `The app at ${this.where} answered ${method} with a result this kcc does not understand (${issue ? `${issue.path.join('.') || 'result'}: ${issue.message}` : 'unexpected shape'}).`,
            hint: 'kcc and the app are probably different versions: use the kcc of the same checkout or build as the app.',
          },
        };
      }
    }
    return { ok: true, value: raw.value };
  }

  listen(names: ReadonlySet<EventName>, onEvent: (event: AppEvent) => void, onLost: (error: AppError) => void): Promise<Result<void>> {
    const id = randomUUID();
    const url = new URL('api/events', this.target.base);
    url.protocol = this.target.base.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('connection', id);
    url.searchParams.set('client', 'terminal');
    return new Promise((resolve) => {
      let settled = false;
      const settle = (r: Result<void>) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const ws = new WebSocket(url, {
        headers: { Authorization: `Bearer ${this.target.token}` },
        handshakeTimeout: CONNECT_TIMEOUT_MS,
      });
      this.socket = ws;
      let lost = false;
      const lose = (error: AppError) => {
        if (lost || this.closing) return;
        lost = true;
        onLost(error);
        ws.terminate();
      };
      ws.on('unexpected-response', (req, res: IncomingMessage) => {
        settle({ ok: false, error: this.statusError(res.statusCode ?? 0) });
        res.resume();
        req.destroy();
      });
      ws.on('open', () => {
        this.connection = id;
        settle({ ok: true, value: undefined });
      });
      ws.on('error', (err: NodeJS.ErrnoException) => settle({ ok: false, error: this.networkError(err) }));
      ws.on('message', (data: WebSocket.RawData) => {
        const event = parseEvent(data.toString(), names);
        if (event === undefined) return;
        if ('code' in event) lose(event);
        else onEvent(event);
      });
      ws.on('close', () => {
        if (!settled)
          settle({ ok: false, error: this.networkError(Object.assign(new Error('the connection closed'), { code: 'ECONNRESET' })) });
        else
          lose({
            code: 'host_unreachable',
            message: `The app at ${this.where} closed the event connection (it stopped or restarted).`,
            hint: 'What this kcc started there has ended with it; start the app again and repeat the call.',
          });
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const ws = this.socket;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          ws.terminate();
          resolve();
        }, 2_000);
        ws.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        ws.close();
      });
    }
    this.agent.destroy();
  }

  private post(url: URL, body: string): Promise<Reply> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      Authorization: `Bearer ${this.target.token}`,
      ...(this.connection ? { 'X-KCC-Connection': this.connection } : {}),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      // No timeout once connected: a lifecycle operation answers when it is done, minutes later.
      const req = send(url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error }));
      });
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
          req.destroy(Object.assign(new Error('no answer to the connection'), { code: 'ETIMEDOUT' })),
        );
        socket.once('connect', () => socket.setTimeout(0));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ error }));
      req.end(body);
    });
  }

  private networkError(err: NodeJS.ErrnoException): AppError {
    const why =
      err.code === 'ECONNREFUSED'
        ? 'connection refused'
        : err.code === 'ETIMEDOUT'
          ? 'no answer within 10 s'
          : err.code === 'ECONNRESET'
            ? 'the connection was reset'
            : err.code === 'ENOTFOUND'
              ? 'unknown host name'
              : err.message;
    const session = this.target.session;
    let hint = 'Is the app running? `npm run web` prints its URL and saves the session; check the port.';
    if (session) {
      hint = pidAlive(session.value.pid)
        ? `The saved session (${session.file}) names an app that still runs as pid ${session.value.pid} but does not answer there.`
        : `The saved session (${session.file}) is from an app that has stopped (pid ${session.value.pid}, started ${session.value.startedAt}). Start it again with \`npm run web\`.`;
    }
    return {
      code: err.code === 'ETIMEDOUT' ? 'timeout' : 'host_unreachable',
      message: `No Kafka Control Center answers at ${this.where} (${why}).`,
      hint,
    };
  }

  private statusError(status: number): AppError {
    if (status === 401) return this.wrongToken();
    if (status === 403) {
      return {
        code: 'unauthorized',
        message: `The app at ${this.where} refused kcc (HTTP 403: host name or origin not allowed).`,
        hint: 'Attach with the address the app printed, http://127.0.0.1:PORT/ (or localhost).',
      };
    }
    return this.notTheApp(`HTTP ${status} to the event connection`);
  }

  private wrongToken(): AppError {
    const hints: Record<AttachTarget['tokenFrom'], string> = {
      url: 'The token in the URL is not this run’s: every start of the app makes a new one. Use the URL it printed last, or attach without a URL to use the saved session.',
      KCC_TOKEN:
        'KCC_TOKEN holds a token the app does not know (every start makes a new one). Set it to the token in the URL the app printed last, or unset it to use the saved session.',
      session: `The saved session (${this.target.session?.file ?? 'session file'}) is from another run than the app answering at this address. Restart the app to save its session again.`,
    };
    return {
      code: 'unauthorized',
      message: `The app at ${this.where} refused the token (HTTP 401: wrong token).`,
      hint: hints[this.target.tokenFrom],
    };
  }

  private notTheApp(what: string): AppError {
    return {
      code: 'host_unreachable',
      message: `Something answers at ${this.where}, but not as Kafka Control Center does (${what}).`,
      hint: 'Check the port: use the URL the app printed, or attach without a URL to use the saved session.',
    };
  }
}

/**
 * One of the wanted events, checked against its schema; undefined for any other (the socket carries every event of
 * the app, and one kcc does not follow is neither its business nor worth checking); an error for a malformed one.
 */
function parseEvent(text: string, names: ReadonlySet<EventName>): AppEvent | AppError | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { code: 'internal', message: 'The app sent an event that is not JSON.' };
  }
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { code: 'internal', message: 'The app sent an event of an unknown shape.' };
  const { name, payload } = envelope.data;
  if (!isWanted(name, names)) return undefined;
  const parsed = eventSchemas[name].safeParse(payload);
  if (!parsed.success) {
    return {
      code: 'internal',
      message: `The app sent a "${name}" event this kcc does not understand (${parsed.error.issues[0]?.message ?? 'unexpected shape'}).`,
      hint: 'kcc and the app are probably different versions: use the kcc of the same checkout or build as the app.',
    };
  }
  return { name, payload: parsed.data } as AppEvent;
}

function isWanted(name: string, names: ReadonlySet<EventName>): name is EventName {
  return (names as ReadonlySet<string>).has(name);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
