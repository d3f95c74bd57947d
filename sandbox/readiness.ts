import { connect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { delay } from './processes';

/**
 * Readiness probes. Every wait polls a real signal (a protocol answer, not an
 * open port alone) and is bounded; nothing sleeps for a guessed duration.
 */

export class ReadinessTimeout extends Error {
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    readonly lastError: string | undefined,
    readonly hint: string | undefined,
  ) {
    super(
      `${what}: not ready after ${(waitedMs / 1000).toFixed(1)} s` + (lastError ? ` (last: ${lastError})` : '') + (hint ? `\n${hint}` : ''),
    );
    this.name = 'ReadinessTimeout';
  }
}

export interface WaitOptions {
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Appended to the timeout error, e.g. the tail of the service's log. */
  hint?: () => Promise<string | undefined>;
  /** Checked each round: stop early when the process died. */
  abortIf?: () => Promise<string | undefined>;
}

/** Polls check until it returns a value other than undefined. */
export async function waitFor<T>(check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const start = Date.now();
  let lastError: string | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    const aborted = options.abortIf ? await options.abortIf() : undefined;
    const waited = Date.now() - start;
    if (aborted !== undefined || waited >= options.timeoutMs) {
      const hint = options.hint ? await options.hint() : undefined;
      throw new ReadinessTimeout(options.what, waited, aborted ?? lastError, hint);
    }
    await delay(options.intervalMs ?? 200);
  }
}

/**
 * Opens a TCP connection, writes request (if any) and collects what the server
 * sends until it closes or `enough` says stop. Rejects on refusal or timeout.
 */
export function tcpExchange(
  host: string,
  port: number,
  request: string | undefined,
  timeoutMs: number,
  enough: (received: string) => boolean = () => false,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    let settled = false;
    const socket: Socket = connect({ host, port });
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(received);
    };
    const timer = setTimeout(() => finish(new Error(`${host}:${port}: no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      if (request !== undefined) socket.write(request);
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (enough(received)) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (err) => finish(err));
  });
}

/** True when a TCP connection to host:port is accepted within timeoutMs. */
export async function acceptsTcp(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** The SSH identification line an sshd sends first ("SSH-2.0-OpenSSH_9.2…"). */
export async function sshBanner(host: string, port: number, timeoutMs = 2000): Promise<string | undefined> {
  const text = await tcpExchange(host, port, undefined, timeoutMs, (r) => r.includes('\n'));
  const line = text.split('\n')[0]?.trim();
  return line?.startsWith('SSH-') ? line : undefined;
}

/** ZooKeeper's `srvr` (the one four-letter word a stock server allows): a serving server reports its Mode. */
export async function zookeeperOk(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return (await zookeeperMode(host, port, timeoutMs)) !== undefined;
}

/** The Mode a serving ZooKeeper reports to `srvr`: standalone, leader or follower; undefined while not serving. */
export async function zookeeperMode(host: string, port: number, timeoutMs = 2000): Promise<string | undefined> {
  return /^Mode: (\w+)/m.exec(await tcpExchange(host, port, 'srvr', timeoutMs))?.[1];
}

/** WebHDFS answers a status of the root directory once the NameNode serves (the minicluster binds localhost only). */
export async function webHdfsAnswers(httpPort: number, timeoutMs = 2000): Promise<true | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/webhdfs/v1/?op=GETFILESTATUS`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

/** A Flume agent's HTTP monitoring answers GET /metrics with a JSON object of its components' counters. */
export async function flumeMetricsAnswer(host: string, port: number, timeoutMs = 2000): Promise<true | undefined> {
  try {
    const res = await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null && Object.keys(body).length > 0 ? true : undefined;
  } catch {
    return undefined;
  }
}

/** Kafka Connect's root resource answers {"version":…} once the REST server runs. */
export async function connectRestAnswers(restUrl: string, timeoutMs = 2000): Promise<string | undefined> {
  const res = await fetch(restUrl, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) return undefined;
  const body: unknown = await res.json();
  if (typeof body === 'object' && body !== null && 'version' in body && typeof body.version === 'string') {
    return body.version;
  }
  return undefined;
}

/** Last lines of a log file, for error messages ('' when missing). */
export async function tailFile(file: string, lines = 20): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
