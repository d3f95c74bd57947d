import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CallerConnection } from '../common/caller';
import type { AppEventHub } from '../events/schemas';
import type { Router } from '../api/router';
import type { AppError } from '../common/errors';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';

/**
 * Web mode: the contract over HTTP (calls) and WebSocket (events), bound to
 * loopback only and guarded by a per-run token, like Jupyter. Contains no
 * logic of its own: every call goes to the router.
 */
export interface WebServerOptions {
  router: Router;
  events: AppEventHub;
  /** Directory of the built renderer; when absent only the API is served. */
  staticDir?: string;
  port?: number;
  token?: string;
  /** Bytes a WebSocket client may leave unread before it is dropped (default 8 MiB). */
  maxBufferedBytes?: number;
  /** How long a call may name a WebSocket that has not opened yet before what it started is ended (default 30 s). */
  connectionGraceMs?: number;
}

export interface WebServer {
  url: string;
  /** URL with the token, to open in a browser. */
  loginUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';
const COOKIE = 'kcc_token';
const MAX_BODY = 1024 * 1024;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const CONNECTION_HEADER = 'x-kcc-connection';
const connectionId = /^[A-Za-z0-9_-]{1,64}$/;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const tokenBuf = Buffer.from(token);

  function tokenOf(req: IncomingMessage, url: URL): string | undefined {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
    const fromQuery = url.searchParams.get('token');
    if (fromQuery) return fromQuery;
    const cookie = req.headers.cookie
      ?.split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === COOKIE);
    return cookie?.[1];
  }

  function authorized(req: IncomingMessage, url: URL): boolean {
    const given = tokenOf(req, url);
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  }

  // A page on another site can make the browser resolve its own name to 127.0.0.1
  // (DNS rebinding); refusing foreign Host headers closes that door.
  function hostAllowed(req: IncomingMessage, port: number): boolean {
    const host = req.headers.host;
    return host === `${LOOPBACK}:${port}` || host === `localhost:${port}`;
  }

  // Browsers count every port of 127.0.0.1 as the same *site*, so SameSite=Strict still sends our cookie with a
  // request from a page on any local dev server. Only the origin tells them apart: a request that names one must
  // name ours (the Host it came to, already checked above). Browsers name the origin on every request that can
  // have an effect (POST, fetch with other methods, WebSocket); clients without one (kcc, curl) use the token.
  function originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) return false;
    const fetchSite = req.headers['sec-fetch-site'];
    return fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
  }

  // The web client names its WebSocket (a random id it made) on every call, so a call that starts something that
  // lasts (a log follow) ends with that socket: a closed or reloaded tab leaves nothing running.
  const connections = new Map<string, { caller: CallerConnection; open: boolean; grace?: NodeJS.Timeout }>();
  const graceMs = options.connectionGraceMs ?? 30_000;
  function connection(id: string): { caller: CallerConnection; open: boolean; grace?: NodeJS.Timeout } {
    let entry = connections.get(id);
    if (!entry || entry.caller.isClosed) {
      const caller = new CallerConnection(id);
      const created: { caller: CallerConnection; open: boolean; grace?: NodeJS.Timeout } = { caller, open: false };
      // Named by a call before its socket opened: ended unless the socket opens in time.
      created.grace = setTimeout(() => {
        if (!created.open) endConnection(id, created.caller);
      }, graceMs);
      created.grace.unref();
      connections.set(id, created);
      entry = created;
    }
    return entry;
  }
  function endConnection(id: string, caller: CallerConnection): void {
    const entry = connections.get(id);
    if (entry?.caller === caller) {
      if (entry.grace) clearTimeout(entry.grace);
      connections.delete(id);
    }
    caller.close();
  }
  function callerOf(req: IncomingMessage): CallerConnection | undefined {
    const id = req.headers[CONNECTION_HEADER];
    return typeof id === 'string' && connectionId.test(id) ? connection(id).caller : undefined;
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Request failed' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = (server.address() as AddressInfo).port;
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (!hostAllowed(req, port)) return sendError(res, 403, { code: 'unauthorized', message: 'Host header not allowed' });
    if (!originAllowed(req)) return sendError(res, 403, FOREIGN_ORIGIN);
    if (!authorized(req, url)) {
      return sendError(res, 401, {
        code: 'unauthorized',
        message: 'Missing or wrong access token.',
        hint: 'Open the URL that `npm run web` printed (it carries ?token=…).',
      });
    }
    const securityHeaders = {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // The token travels once in the URL; afterwards the cookie carries it.
      'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    };
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return sendError(res, 405, { code: 'invalid_input', message: 'Use POST for API calls' });
      // A cross-origin form or `fetch` with text/plain goes out without a CORS preflight; JSON needs one, which we
      // never grant.
      if (!isJson(req.headers['content-type'])) {
        return sendError(res, 415, {
          code: 'invalid_input',
          message: 'API calls must send Content-Type: application/json',
          hint: 'Send the input as a JSON body with that header.',
        });
      }
      const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      const body = await readBody(req);
      if (body === undefined) return sendError(res, 413, { code: 'invalid_input', message: 'Request body too large' });
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendError(res, 400, { code: 'invalid_input', message: 'Request body is not valid JSON' });
      }
      const result = await options.router.call(method, input, callerOf(req));
      return sendJson(res, 200, result, securityHeaders);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, { code: 'invalid_input', message: 'Method not allowed' });
    if (!options.staticDir) return sendError(res, 404, { code: 'not_found', message: 'No UI is served by this instance' });
    await serveStatic(options.staticDir, url.pathname, res, securityHeaders);
  }

  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const port = (server.address() as AddressInfo).port;
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (!hostAllowed(req, port) || !originAllowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (url.pathname !== '/api/events' || !authorized(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const named = url.searchParams.get('connection');
    // `kcc --attach` names itself a terminal: its Ctrl-C (the socket closing) also ends the load runs it started.
    const terminal = url.searchParams.get('client') === 'terminal';
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      let owned: CallerConnection | undefined;
      if (named !== null && connectionId.test(named)) {
        const entry = connection(named);
        entry.open = true;
        if (entry.grace) clearTimeout(entry.grace);
        if (terminal) entry.caller.terminal = true;
        owned = entry.caller;
      }
      const unsubscribe = options.events.subscribe((event) => {
        // A client that stops reading would make us buffer every event for it; past the bound it is dropped and
        // the web client reconnects on its own.
        if (ws.bufferedAmount > maxBuffered) {
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify(event));
      });
      ws.on('close', () => {
        unsubscribe();
        sockets.delete(ws);
        if (owned && named !== null) endConnection(named, owned);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK}:${port}/`;
  return {
    url,
    loginUrl: `${url}?token=${token}`,
    token,
    port,
    async close() {
      for (const ws of sockets) ws.terminate();
      for (const [id, entry] of [...connections]) endConnection(id, entry.caller);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const FOREIGN_ORIGIN: AppError = {
  code: 'unauthorized',
  message: 'Requests from another origin are refused.',
  hint: 'Open the console at the URL that `npm run web` printed; other pages cannot call it.',
};

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: AppError): void {
  sendJson(res, status, { ok: false, error });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(403).end();
    return;
  }
  // Client-side routes (/topics, /brokers …) all load the single page.
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) file = join(root, 'index.html');
  try {
    let body = await readFile(file);
    // The build uses relative asset paths (the desktop app loads it from file://); served at the root, deep links
    // such as /topics/x need them absolute.
    if (extname(file) === '.html') body = Buffer.from(body.toString('utf8').replaceAll('"./', '"/'));
    res.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
      ...headers,
    });
    res.end(body);
  } catch {
    sendError(res, 404, { code: 'not_found', message: `Not found: ${pathname}` });
  }
}
