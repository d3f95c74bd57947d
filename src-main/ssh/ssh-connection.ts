import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { Duplex } from 'node:stream';
import ssh2, { Client, type AnyAuthMethod, type ConnectConfig, type ParsedKey, type SFTPWrapper } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader finds `Client` among its named exports but not `utils`, so it comes from the default.
const { utils } = ssh2;
import { AppFailure } from '../common/errors';
import { identityFilesOf, type Host } from '../profile/schemas';
import { hostKeyAlgorithmsFor, readKnownHostsFiles, verifyHostKey, type HostKeyAlgorithm, type HostKeyVerdict } from './known-hosts';
import { toShellCommand } from './remote-command';
import { RemoteShell, type ShellChannel } from './remote-shell';
import { connectError } from './ssh-errors';

export interface ConnectOptions {
  knownHostsFile: string;
  /** Read with knownHostsFile, as ssh reads /etc/ssh/ssh_known_hosts; never written. */
  globalKnownHostsFiles?: ReadonlyArray<string>;
  timeoutMs?: number;
  passphrase?: string;
  /** An open connection to the bastion this host is reached through. */
  via?: SshConnection;
}

export interface ExecOptions {
  timeoutMs?: number;
  cwd?: string;
  env?: Record<string, string>;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Closes the channel (e.g. a `tail -F` the user stopped following); resolves with signal 'aborted'. */
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const OUTPUT_CAP = 1024 * 1024;
/** How long a channel request (tunnel, SFTP session, SFTP call) may wait for the server's answer. */
const CHANNEL_TIMEOUT_MS = 15_000;

export interface ChannelTimeouts {
  channelTimeoutMs: number;
}

/**
 * `start` with a deadline: ssh2 calls back only when the server answers, and a wedged sshd or a bastion that
 * drops the hop never does. A value that arrives after the deadline is handed to `discard` to be closed.
 */
function withDeadline<T>(
  ms: number,
  message: string,
  start: (resolve: (value: T) => void, reject: (err: unknown) => void) => void,
  discard?: (late: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new AppFailure({ code: 'timeout', message, hint: 'The host or its sshd may be overloaded; try again.' }));
    }, ms);
    start(
      (value) => {
        if (settled) return discard?.(value);
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

interface Identities {
  keys: ParsedKey[];
  /** Keys that could not be opened (encrypted with no or a wrong passphrase, or not a key), by profile field, not path. */
  locked: Array<{ field: string; reason: string }>;
}

/**
 * The host's key files, parsed, in order. As ssh does, a file that is missing is passed over when there are
 * others; when none can be read, or none opens, the connection fails here with the reason.
 */
async function loadIdentities(host: Host, passphrase: string | undefined): Promise<Identities> {
  const files = identityFilesOf(host);
  const out: Identities = { keys: [], locked: [] };
  const unreadable: string[] = [];
  const field = host.identityFile !== undefined ? 'identityFile' : 'identityFiles';
  for (const [i, file] of files.entries()) {
    const label = field === 'identityFile' ? field : `${field}[${i}]`;
    const path = expandHome(file);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (err) {
      unreadable.push(`${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    const parsed = utils.parseKey(data, passphrase);
    const key = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
    if (key instanceof Error || key === undefined) out.locked.push({ field: label, reason: key?.message ?? 'no key in the file' });
    else if (!key.isPrivateKey()) out.locked.push({ field: label, reason: 'the file holds no private key' });
    else out.keys.push(key);
  }
  if (files.length > 0 && unreadable.length === files.length) {
    throw new AppFailure({
      code: 'auth_failed',
      message: `The identity file${files.length > 1 ? 's' : ''} of host ${host.id} cannot be read: ${unreadable.join(', ')}.`,
      hint: `Fix ${field} in the profile.`,
      field,
    });
  }
  if (files.length > 0 && out.keys.length === 0) {
    throw new AppFailure(
      connectError(
        { id: host.id, address: host.address, port: host.port },
        new Error(
          `Cannot parse privateKey: ${out.locked.map((l) => (files.length > 1 ? `${l.field}: ${l.reason}` : l.reason)).join('; ')}`,
        ),
        undefined,
        0,
      ),
    );
  }
  return out;
}

/** ssh2's auth methods in ssh's spirit: each key file in order, then the agent. */
function authMethods(host: Host, identities: Identities): AnyAuthMethod[] {
  const username = host.user;
  return [
    { type: 'none', username },
    ...identities.keys.map((key): AnyAuthMethod => ({ type: 'publickey', username, key })),
    ...(host.agent && process.env.SSH_AUTH_SOCK ? [{ type: 'agent', username, agent: process.env.SSH_AUTH_SOCK } as const] : []),
  ];
}

/**
 * One authenticated SSH connection to one host, with the host key checked
 * against known_hosts before anything is sent. Commands are argv arrays.
 */
export class SshConnection {
  private closedFlag = false;
  private quickShell: RemoteShell | undefined;
  private readonly closeListeners = new Set<() => void>();

  private constructor(
    readonly host: Host,
    private readonly client: Client,
    private readonly timeouts: ChannelTimeouts = { channelTimeoutMs: CHANNEL_TIMEOUT_MS },
  ) {
    client.on('close', () => {
      this.closedFlag = true;
      this.quickShell?.close();
      for (const l of this.closeListeners) l();
    });
    // Errors after 'ready' surface as a close; exec/forward calls then fail with a clear message.
    client.on('error', () => undefined);
  }

  static async open(host: Host, options: ConnectOptions): Promise<SshConnection> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const entries = await readKnownHostsFiles([expandHome(options.knownHostsFile), ...(options.globalKnownHostsFiles ?? [])]);
    const identities = await loadIdentities(host, options.passphrase);
    const serverHostKey = hostKeyAlgorithmsFor(entries, host.address, host.port);
    // The hop through the bastion is bounded by the same timeout: ssh2's readyTimeout only starts once it is open.
    const sock = options.via ? await options.via.forwardOut(host.address, host.port, timeoutMs) : undefined;
    const client = new Client();
    let verdict: HostKeyVerdict | undefined;
    const config: ConnectConfig = {
      host: host.address,
      port: host.port,
      username: host.user,
      readyTimeout: timeoutMs,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      ...(sock ? { sock } : {}),
      ...(serverHostKey ? { algorithms: { serverHostKey } } : {}),
      authHandler: authMethods(host, identities),
      hostVerifier: (key: Buffer) => {
        verdict = verifyHostKey(entries, host.address, host.port, key);
        return verdict.kind === 'trusted';
      },
    };
    return new Promise((resolve, reject) => {
      const ref = { id: host.id, address: host.address, port: host.port };
      const onError = (err: Error) => {
        client.removeAllListeners('ready');
        client.end();
        const failure = connectError(ref, err, verdict && verdict.kind !== 'trusted' ? verdict : undefined, timeoutMs);
        // Keys left out for want of a passphrase may be the ones the host would have taken.
        if (failure.code === 'auth_failed' && identities.locked.length > 0) {
          failure.message += ` ${identities.locked.length === 1 ? 'One key was' : `${identities.locked.length} keys were`} not tried: ${identities.locked.map((l) => `${l.field} (${l.reason})`).join('; ')}.`;
          failure.details = { ...failure.details, needsPassphrase: identities.locked.some((l) => /passphrase|decrypt/i.test(l.reason)) };
        }
        reject(new AppFailure(failure));
      };
      client.once('error', onError);
      client.once('ready', () => {
        client.removeListener('error', onError);
        resolve(new SshConnection(host, client));
      });
      try {
        client.connect(config);
      } catch (err) {
        onError(err as Error);
      }
    });
  }

  /** The raw public key a host presents, without logging in (for trust-on-first-use). */
  static async fetchHostKey(
    host: Host,
    options: { timeoutMs?: number; via?: SshConnection; serverHostKey?: HostKeyAlgorithm[] | undefined } = {},
  ): Promise<Buffer> {
    const sock = options.via ? await options.via.forwardOut(host.address, host.port, options.timeoutMs ?? 10_000) : undefined;
    const client = new Client();
    return new Promise((resolve, reject) => {
      let key: Buffer | undefined;
      client.on('error', (err) => {
        if (key) resolve(key);
        else
          reject(
            new AppFailure(
              connectError({ id: host.id, address: host.address, port: host.port }, err, undefined, options.timeoutMs ?? 10_000),
            ),
          );
      });
      client.connect({
        host: host.address,
        port: host.port,
        username: host.user,
        readyTimeout: options.timeoutMs ?? 10_000,
        ...(sock ? { sock } : {}),
        // The key the next connection will be shown: the same algorithm order as open() uses.
        ...(options.serverHostKey ? { algorithms: { serverHostKey: options.serverHostKey } } : {}),
        hostVerifier: (k: Buffer) => {
          key = k;
          return false;
        },
      });
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private ensureOpen(): void {
    if (this.closedFlag) {
      throw new AppFailure({
        code: 'host_unreachable',
        message: `The SSH connection to ${this.host.id} was lost.`,
        hint: 'Try again; it reconnects.',
      });
    }
  }

  exec(argv: ReadonlyArray<string>, options: ExecOptions = {}): Promise<ExecResult> {
    this.ensureOpen();
    const command = toShellCommand(argv, { ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) });
    const timeoutMs = options.timeoutMs ?? 30_000;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err) {
          reject(new AppFailure({ code: 'remote_command_failed', message: `Cannot run a command on ${this.host.id}: ${err.message}` }));
          return;
        }
        let stdout = '';
        let stderr = '';
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          stream.close();
          reject(
            new AppFailure({
              code: 'timeout',
              message: `\`${argv.join(' ')}\` on ${this.host.id} did not finish within ${Math.round(timeoutMs / 1000)} s.`,
              details: { stdout: stdout.slice(-2000), stderr: stderr.slice(-2000) },
            }),
          );
        }, timeoutMs);
        options.signal?.addEventListener(
          'abort',
          () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            stream.close();
            resolve({ code: null, signal: 'aborted', stdout, stderr, durationMs: Date.now() - started });
          },
          { once: true },
        );
        stream.on('data', (chunk: Buffer) => {
          const s = chunk.toString('utf8');
          options.onStdout?.(s);
          stdout = (stdout + s).slice(-OUTPUT_CAP);
        });
        stream.stderr.on('data', (chunk: Buffer) => {
          const s = chunk.toString('utf8');
          options.onStderr?.(s);
          stderr = (stderr + s).slice(-OUTPUT_CAP);
        });
        stream.on('close', (code: number | null, signal?: string) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          // sshd always reports an exit status or a signal; neither means the channel (or the connection) was lost.
          if ((code === null || code === undefined) && !signal) {
            reject(
              new AppFailure({
                code: 'host_unreachable',
                message: `The SSH connection to ${this.host.id} dropped while running \`${argv.join(' ')}\`.`,
                hint: 'The command may or may not have completed on the host; the next action reconnects.',
                details: { stdout: stdout.slice(-2000), stderr: stderr.slice(-2000) },
              }),
            );
            return;
          }
          resolve({ code: code ?? null, ...(signal ? { signal } : {}), stdout, stderr, durationMs: Date.now() - started });
        });
      });
    });
  }

  /**
   * Runs a short, read-only command in this connection's long-lived shell instead of a session of its own: about
   * 10 ms instead of 100–200 ms. Output and error come interleaved in `stdout`.
   */
  async execQuick(argv: ReadonlyArray<string>, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    this.ensureOpen();
    this.quickShell ??= new RemoteShell(
      this.host.id,
      () =>
        new Promise<ShellChannel>((resolve, reject) =>
          this.client.exec('sh', (err, stream) =>
            err
              ? reject(
                  new AppFailure({ code: 'remote_command_failed', message: `Cannot start a shell on ${this.host.id}: ${err.message}` }),
                )
              : resolve(stream),
          ),
        ),
    );
    const r = await this.quickShell.run(argv, options.timeoutMs);
    return { code: r.code, stdout: r.output, stderr: '', durationMs: r.durationMs };
  }

  /** A channel to host:port as seen from this host (ssh -W / -L). */
  forwardOut(dstHost: string, dstPort: number, timeoutMs = this.timeouts.channelTimeoutMs): Promise<Duplex> {
    this.ensureOpen();
    return withDeadline<Duplex>(
      timeoutMs,
      `${this.host.id} did not open a tunnel to ${dstHost}:${dstPort} within ${seconds(timeoutMs)}.`,
      (resolve, reject) =>
        this.client.forwardOut('127.0.0.1', 0, dstHost, dstPort, (err, channel) => {
          if (err) {
            reject(
              new AppFailure({
                code: 'host_unreachable',
                message: `${this.host.id} cannot open a tunnel to ${dstHost}:${dstPort}: ${err.message}.`,
                hint: 'Is the service listening there, and does sshd allow TCP forwarding?',
              }),
            );
          } else resolve(channel);
        }),
      (late) => late.destroy(),
    );
  }

  private openSftp(): Promise<SFTPWrapper> {
    this.ensureOpen();
    return withDeadline<SFTPWrapper>(
      this.timeouts.channelTimeoutMs,
      `${this.host.id} did not open an SFTP session within ${seconds(this.timeouts.channelTimeoutMs)}.`,
      (resolve, reject) =>
        this.client.sftp((err, s) =>
          err
            ? reject(new AppFailure({ code: 'remote_command_failed', message: `SFTP unavailable on ${this.host.id}: ${err.message}` }))
            : resolve(s),
        ),
      (late) => late.end(),
    );
  }

  /** One SFTP request, bounded like the channel that carries it. */
  private sftpCall<T>(what: string, start: (resolve: (value: T) => void, reject: (err: unknown) => void) => void): Promise<T> {
    return withDeadline<T>(
      this.timeouts.channelTimeoutMs,
      `SFTP ${what} on ${this.host.id} got no answer within ${seconds(this.timeouts.channelTimeoutMs)}.`,
      start,
    );
  }

  async readFile(path: string, maxBytes = 1024 * 1024): Promise<string> {
    this.ensureOpen();
    const sftp = await this.openSftp();
    try {
      const size = await this.sftpCall<number>(`stat of ${path}`, (resolve, reject) =>
        sftp.stat(path, (err, st) => (err ? reject(err) : resolve(st.size))),
      );
      if (size > maxBytes)
        throw new AppFailure({ code: 'invalid_input', message: `${path} on ${this.host.id} is ${size} bytes; the limit is ${maxBytes}.` });
      return await this.sftpCall<string>(`read of ${path}`, (resolve, reject) =>
        sftp.readFile(path, (err, data) => (err ? reject(err) : resolve(data.toString('utf8')))),
      );
    } catch (err) {
      if (err instanceof AppFailure) throw err;
      throw new AppFailure({ code: 'not_found', message: `Cannot read ${path} on ${this.host.id}: ${(err as Error).message}` });
    } finally {
      sftp.end();
    }
  }

  async writeFile(path: string, content: string): Promise<void> {
    this.ensureOpen();
    const sftp = await this.openSftp();
    try {
      await this.sftpCall<void>(`write of ${path}`, (resolve, reject) =>
        sftp.writeFile(path, content, (err) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      if (err instanceof AppFailure) throw err;
      throw new AppFailure({
        code: 'remote_command_failed',
        message: `Cannot write ${path} on ${this.host.id}: ${(err as Error).message}`,
      });
    } finally {
      sftp.end();
    }
  }

  close(): void {
    this.client.end();
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
