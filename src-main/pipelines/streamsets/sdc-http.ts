import { htmlTitle, looksLikeHtml, parseJsonText, RestClient, type RestReply } from '../rest-client';
import type { z } from 'zod';
import { AppFailure, type AppError } from '../../common/errors';
import { forbiddenSchema, remoteExceptionSchema, issuesSchema } from './rest-schemas';

// HTTP: every answer is classified (network, auth, SDC exception) before parsing.

type SdcReply = RestReply;

// Form authentication answers an anonymous request with its login page and status 200.
const isLoginPage = (reply: SdcReply) => looksLikeHtml(reply) && /login\.html|j_security_check/i.test(reply.body);

export function shortBody(reply: SdcReply): string {
  if (looksLikeHtml(reply)) return htmlTitle(reply.body) ?? 'an HTML page';
  const line = reply.body.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export interface StreamSetsEngineOptions {
  /** e.g. `http://host:18630` (SDC's default port). */
  baseUrl: string;
  user: string;
  password: string;
  /** Replaces the global fetch, e.g. to go through an SSH tunnel. */
  fetch?: typeof fetch;
  /** Per request, answer body included. Default 10 s. */
  timeoutMs?: number;
  /** How long `restart` waits for the pipeline to become inactive before giving up. Default 60 s. */
  restartWaitMs?: number;
  /** How often `restart` polls while it waits. Default 500 ms. */
  pollIntervalMs?: number;
}

export class SdcHttp {
  readonly base: string;
  private readonly rest: RestClient;
  private readonly authorization: string | undefined;

  constructor(private readonly options: StreamSetsEngineOptions) {
    this.rest = new RestClient({
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      label: 'SDC',
      hints: {
        timeout: 'The Data Collector may be starting, overloaded or stuck; its log is $SDC_LOG/sdc.log.',
        unreachable: 'Is the Data Collector running, and is the URL right (its default port is 18630)?',
        notJson: `Check that ${options.baseUrl} is the Data Collector itself and not a proxy or another service.`,
        unexpected: 'This adapter speaks the REST API of Data Collector 3.x; other versions may answer differently.',
      },
    });
    this.base = this.rest.base;
    // Basic is accepted in every auth mode (form included); with no user, send nothing rather than a login that must fail.
    this.authorization =
      options.user === '' ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password}`, 'utf8').toString('base64')}`;
  }

  /** A 2xx answer that is not the login page; anything else is thrown as an AppFailure. */
  async request(method: 'GET' | 'POST', path: string, what: string): Promise<SdcReply> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    // SDC's CSRF filter refuses any non-GET without it (400).
    if (method !== 'GET') headers['X-Requested-By'] = 'sdc';
    const reply = await this.rest.send(method, path, what, { headers });
    if (reply.status === 401) throw this.badCredentials(what);
    if (reply.status === 403) throw this.forbidden(reply, what);
    if (isLoginPage(reply)) throw this.noCredentials(what);
    if (reply.status >= 200 && reply.status < 300) return reply;
    throw this.sdcFailure(reply, what);
  }

  async json<T>(method: 'GET' | 'POST', path: string, what: string, schema: z.ZodType<T>): Promise<T> {
    return this.parse(await this.request(method, path, what), what, schema);
  }

  parse<T>(reply: SdcReply, what: string, schema: z.ZodType<T>): T {
    return this.rest.parse(reply, what, schema);
  }

  private badCredentials(what: string): AppFailure {
    return new AppFailure({
      code: 'unauthorized',
      message: `SDC at ${this.base} refused the credentials of user "${this.options.user}" (${what}): wrong user name or password.`,
      hint: 'Check the StreamSets user in the cluster profile, and the password in the environment variable its passwordEnv names.',
      details: { url: this.base, httpStatus: 401 },
    });
  }

  private noCredentials(what: string): AppFailure {
    return new AppFailure({
      code: 'unauthorized',
      message: `SDC at ${this.base} answered "${what}" with its login page: ${this.authorization ? 'the credentials did not reach it' : 'no user name and password are set'}.`,
      hint: this.authorization
        ? 'Something between this app and SDC (a proxy?) drops the Authorization header.'
        : 'Set the StreamSets user and password in the cluster profile.',
      details: { url: this.base, httpStatus: 200 },
    });
  }

  private forbidden(reply: SdcReply, what: string): AppFailure {
    const allowed = forbiddenSchema.safeParse(parseJsonText(reply.body));
    const roles = allowed.success ? allowed.data.allowed : [];
    return new AppFailure({
      code: 'unauthorized',
      message: `User "${this.options.user}" may not ${what} on SDC at ${this.base}${roles.length > 0 ? `: it needs one of the roles ${roles.join(', ')}` : ''}.`,
      hint: 'Give the user the Manager or Admin role in SDC, or use a user that has it.',
      details: { url: this.base, httpStatus: 403, allowedRoles: roles },
    });
  }

  private sdcFailure(reply: SdcReply, what: string): AppFailure {
    const data = parseJsonText(reply.body);
    const remote = remoteExceptionSchema.safeParse(data);
    if (remote.success) return this.remoteException(remote.data.RemoteException, reply.status, what);
    const issues = issuesSchema.safeParse(data);
    if (reply.status === 400 && issues.success) {
      const all = [...issues.data.pipelineIssues, ...Object.values(issues.data.stageIssues).flat()];
      const listed = all
        .slice(0, 3)
        .map((i) => (i.instanceName ? `${i.instanceName}: ${i.message}` : i.message))
        .join('; ');
      return new AppFailure({
        code: 'remote_command_failed',
        message: `SDC at ${this.base} refused to ${what}: CONTAINER_0165 - ${issues.data.issueCount} validation issue(s)${listed ? `: ${listed}` : ''}.`,
        hint: 'Fix the pipeline in the SDC UI (Validate shows every issue), then start it again.',
        details: { url: this.base, httpStatus: 400, sdcCode: 'CONTAINER_0165', issueCount: issues.data.issueCount },
      });
    }
    const error: AppError = {
      code: 'remote_command_failed',
      message: `SDC at ${this.base} answered HTTP ${reply.status} to "${what}"${reply.body.trim() ? `: ${shortBody(reply)}` : ''}.`,
      details: { url: this.base, httpStatus: reply.status },
    };
    if (reply.status === 400) error.hint = 'SDC answers a bare 400 when the X-Requested-By header is missing; a proxy may be dropping it.';
    if (reply.status === 404) error.hint = `Check that ${this.base} is a Data Collector 3.x; it has no such REST path.`;
    return new AppFailure(error);
  }

  private remoteException(ex: z.infer<typeof remoteExceptionSchema>['RemoteException'], httpStatus: number, what: string): AppFailure {
    const sdcCode = ex.errorCode ?? undefined;
    let text = ex.localizedMessage || ex.message || 'no message';
    if (sdcCode && !text.includes(sdcCode)) text = `${sdcCode} - ${text}`;
    const details = {
      url: this.base,
      httpStatus,
      ...(sdcCode ? { sdcCode } : {}),
      ...(ex.javaClassName ? { exception: ex.javaClassName } : {}),
    };
    const message = `SDC at ${this.base} could not ${what}: ${text}`;
    switch (sdcCode) {
      case 'CONTAINER_0200':
        return new AppFailure({
          code: 'not_found',
          message,
          hint: 'The pipeline may have been deleted or imported under a new id; refresh the list.',
          details,
        });
      case 'CONTAINER_0102':
        return new AppFailure({
          code: 'conflict',
          message,
          hint: 'SDC allows this only from certain states; wait for the current change to finish.',
          details,
        });
      case 'CONTAINER_0104':
        return new AppFailure({ code: 'conflict', message, hint: 'Stop the pipeline before resetting its origin.', details });
      case 'CONTAINER_0201':
        return new AppFailure({ code: 'conflict', message, hint: 'A pipeline with that id already exists.', details });
      case 'CONTAINER_0166':
        return new AppFailure({
          code: 'remote_command_failed',
          message,
          hint: 'Raise runner.thread.pool.size in sdc.properties or stop another pipeline.',
          details,
        });
      default:
        return new AppFailure({
          code: 'remote_command_failed',
          message,
          hint: 'The Data Collector log ($SDC_LOG/sdc.log) has the details.',
          details,
        });
    }
  }
}
