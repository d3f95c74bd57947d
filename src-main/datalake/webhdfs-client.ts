import type { z } from 'zod';
import { AppFailure, fail } from '../common/errors';
import { classifyFetchFailure } from '../net/fetch-failure';
import { getFileStatusSchema, listStatusSchema, remoteExceptionSchema, type FileStatus, type RemoteException } from './webhdfs-schemas';

export interface WebHdfsOptions {
  /** The NameNode's HTTP address, e.g. http://namenode:9870. */
  baseUrl: string;
  /** `user.name` of simple authentication. */
  user: string;
  /** fetch that reaches the cluster's hosts (direct, or through the SSH tunnel). */
  fetch: typeof fetch;
  timeoutMs?: number;
}

const MAX_REDIRECTS = 3;

/**
 * The part of WebHDFS the data lake needs: status, listing and reading, with every failure turned into an
 * error a person understands (HDFS down, path missing, permission). Reads follow the NameNode's redirect to a
 * DataNode by hand, through the same fetch: fetch's own redirect would go around an SSH tunnel, and the
 * DataNode's address (a random port on the minicluster) is only known from the redirect.
 */
export class WebHdfsClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: WebHdfsOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async status(path: string): Promise<FileStatus> {
    return (await this.json(path, 'GETFILESTATUS', getFileStatusSchema)).FileStatus;
  }

  async list(path: string): Promise<FileStatus[]> {
    return (await this.json(path, 'LISTSTATUS', listStatusSchema)).FileStatuses.FileStatus;
  }

  /**
   * The file's bytes from `offset`, at most `length` of them when given, as a stream (the caller reads or cancels
   * it). `signal` ends the whole read.
   */
  async open(path: string, range: { offset?: number; length?: number } = {}, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const params: Record<string, string> = {};
    if (range.offset !== undefined) params.offset = String(range.offset);
    if (range.length !== undefined) params.length = String(range.length);
    let url = this.url(path, 'OPEN', params);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.send(url, path, 'read', { redirect: 'manual', ...(signal ? { signal } : {}) }, signal === undefined);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url).toString();
        continue;
      }
      if (!res.ok) throw await this.failure(res, path, 'read');
      if (!res.body) return new ReadableStream({ start: (c) => c.close() });
      return res.body;
    }
    fail('remote_command_failed', `HDFS redirected the read of ${path} more than ${MAX_REDIRECTS} times.`);
  }

  private url(path: string, op: string, params: Record<string, string> = {}): string {
    const encoded = path
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    const u = new URL(`${this.base}/webhdfs/v1${encoded.startsWith('/') ? '' : '/'}${encoded}`);
    u.searchParams.set('op', op);
    u.searchParams.set('user.name', this.options.user);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  }

  private async json<T>(path: string, op: string, schema: z.ZodType<T>): Promise<T> {
    const what = op === 'LISTSTATUS' ? 'list' : 'read the status of';
    const res = await this.send(this.url(path, op), path, what, {}, true);
    if (!res.ok) throw await this.failure(res, path, what);
    const text = await res.text();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      fail('remote_command_failed', `${this.base} answered "${op} ${path}" with something that is not WebHDFS JSON.`, {
        hint: 'Check that webhdfsUrl points at the NameNode’s HTTP address (dfs.namenode.http-address).',
        details: { url: this.base, httpStatus: res.status },
      });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success)
      fail('remote_command_failed', `WebHDFS at ${this.base} answered "${op} ${path}" with data this app does not understand.`, {
        details: { url: this.base, issue: parsed.error.issues[0]?.message ?? 'invalid' },
      });
    return parsed.data;
  }

  private async send(url: string, path: string, what: string, init: RequestInit, withTimeout: boolean): Promise<Response> {
    try {
      return await this.options.fetch(url, {
        ...init,
        ...(withTimeout ? { signal: AbortSignal.timeout(this.timeoutMs) } : {}),
      });
    } catch (err) {
      throw this.networkFailure(err, path, what, url);
    }
  }

  private networkFailure(err: unknown, path: string, what: string, url: string): AppFailure {
    if (err instanceof AppFailure) return err;
    const failure = classifyFetchFailure(err);
    const where = new URL(url);
    const dataNode = `${where.protocol}//${where.host}` !== new URL(this.base).origin;
    if (failure.kind === 'timeout')
      return new AppFailure({
        code: 'timeout',
        message: `HDFS at ${this.base} did not answer within ${this.timeoutMs / 1000} s (${what} ${path}).`,
        hint: 'The NameNode may be starting, in safe mode, or overloaded.',
        details: { url: this.base },
      });
    return new AppFailure({
      code: 'host_unreachable',
      message: dataNode
        ? `The HDFS DataNode at ${where.host} that holds ${path} is not answering (${failure.reason}).`
        : `HDFS is not answering at ${this.base} (${failure.reason}): is the NameNode running?`,
      hint: dataNode
        ? 'The NameNode sent the read to this DataNode: check that it runs and that this machine (or the SSH tunnel host) reaches it.'
        : 'Start the NameNode (Hosts & services), or check webhdfsUrl in the profile.',
      details: { url: where.origin, ...(failure.code ? { cause: failure.code } : {}) },
    });
  }

  /** WebHDFS's RemoteException as an error a person can act on. */
  private async failure(res: Response, path: string, what: string): Promise<AppFailure> {
    const text = await res.text().catch(() => '');
    let remote: RemoteException | undefined;
    try {
      remote = remoteExceptionSchema.parse(JSON.parse(text)).RemoteException;
    } catch {
      remote = undefined;
    }
    const said = remote?.message ?? (text.trim().slice(0, 200) || `HTTP ${res.status}`);
    const details = { httpStatus: res.status, ...(remote ? { exception: remote.exception } : {}) };
    switch (remote?.exception) {
      case 'FileNotFoundException':
        return new AppFailure({ code: 'not_found', message: `${path} does not exist in HDFS.`, hint: said, details });
      case 'AccessControlException':
        return new AppFailure({
          code: 'unauthorized',
          message: `HDFS does not let user "${this.options.user}" ${what} ${path}.`,
          hint: `${said}. Set the NameNode's "user" in the profile to a user that may read the landing path.`,
          details,
        });
      case 'SafeModeException':
      case 'RetriableException':
      case 'StandbyException':
        return new AppFailure({
          code: 'conflict',
          message: `HDFS cannot serve "${what} ${path}" right now: ${said}`,
          hint: 'The NameNode is starting (safe mode) or standby; try again in a moment.',
          details,
        });
      default:
        return new AppFailure({
          code: 'remote_command_failed',
          message: `HDFS refused to ${what} ${path}: ${remote ? `${remote.exception}: ` : ''}${said}`,
          details,
        });
    }
  }
}
