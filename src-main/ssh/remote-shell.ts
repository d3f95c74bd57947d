import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import { AppFailure } from '../common/errors';
import { toShellCommand } from './remote-command';

/** The channel a shell runs on: what ssh2 gives for `exec('sh')`. */
export interface ShellChannel extends Duplex {
  stderr: NodeJS.ReadableStream;
  close(): void;
}

export interface ShellResult {
  code: number;
  /** The command's standard output and error, interleaved. */
  output: string;
  durationMs: number;
}

interface Pending {
  marker: string;
  resolve: (r: ShellResult) => void;
  reject: (e: AppFailure) => void;
  started: number;
  timer: NodeJS.Timeout;
}

const OUTPUT_CAP = 1024 * 1024;

/**
 * One long-lived `sh` on a host that runs short commands one after another. Opening an SSH session channel costs
 * sshd a fork and a login per command (100–200 ms here, more on a loaded host); a command in a shell that is
 * already there costs what the command costs (about 10 ms for a pgrep). For frequent, quick, read-only checks only:
 * a command that outlives its deadline takes the shell down with it, and the next command starts a new one.
 */
export class RemoteShell {
  private channel: ShellChannel | undefined;
  private opening: Promise<ShellChannel> | undefined;
  private buffer = '';
  private current: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly hostId: string,
    private readonly open: () => Promise<ShellChannel>,
  ) {}

  /** Runs argv (quoted for the shell) with stdin from /dev/null, after the commands before it. */
  run(argv: ReadonlyArray<string>, timeoutMs = 15_000): Promise<ShellResult> {
    const next = this.queue.then(() => this.runNow(argv, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async channelNow(): Promise<ShellChannel> {
    if (this.channel) return this.channel;
    this.opening ??= this.open().then(
      (ch) => {
        this.channel = ch;
        this.opening = undefined;
        this.buffer = '';
        // One decoder for the stream: a character split across two chunks stays whole.
        const decoder = new StringDecoder('utf8');
        ch.on('data', (d: Buffer) => this.onData(ch, decoder.write(d)));
        ch.stderr.on('data', () => undefined);
        ch.on('close', () => this.onClose(ch));
        return ch;
      },
      (err: unknown) => {
        this.opening = undefined;
        throw err;
      },
    );
    return this.opening;
  }

  private async runNow(argv: ReadonlyArray<string>, timeoutMs: number): Promise<ShellResult> {
    // The deadline covers opening the shell too: on a dead connection that could wait for the keepalive.
    const deadline = Date.now() + timeoutMs;
    const timedOut = () =>
      new AppFailure({
        code: 'timeout',
        message: `\`${argv.join(' ')}\` on ${this.hostId} did not finish within ${Math.round(timeoutMs / 1000)} s.`,
      });
    let openTimer: NodeJS.Timeout | undefined;
    const ch = await Promise.race([
      this.channelNow(),
      new Promise<never>((_, reject) => {
        openTimer = setTimeout(() => reject(timedOut()), timeoutMs);
      }),
    ]).finally(() => clearTimeout(openTimer));
    // A marker no command output can forge: random per command, and printed on a line of its own.
    const marker = `@@kcc-${randomBytes(8).toString('hex')}@@`;
    return new Promise<ShellResult>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.current = undefined;
          reject(timedOut());
          this.drop(ch);
        },
        Math.max(0, deadline - Date.now()),
      );
      this.current = { marker, resolve, reject, started: Date.now(), timer };
      // In a subshell: a builtin (cd, export, exit, exec) changes nothing for the commands after it.
      ch.write(`( ${toShellCommand(argv)} ) </dev/null 2>&1; printf '\\n%s %d\\n' '${marker}' "$?"\n`);
    });
  }

  private onData(ch: ShellChannel, text: string): void {
    if (ch !== this.channel) return;
    this.buffer = (this.buffer + text).slice(-OUTPUT_CAP);
    const pending = this.current;
    if (!pending) return;
    const at = this.buffer.indexOf(`\n${pending.marker} `);
    if (at < 0) return;
    const end = this.buffer.indexOf('\n', at + 1);
    if (end < 0) return;
    const code = Number(this.buffer.slice(at + pending.marker.length + 2, end));
    const output = this.buffer.slice(0, at);
    this.buffer = this.buffer.slice(end + 1);
    this.current = undefined;
    clearTimeout(pending.timer);
    pending.resolve({ code, output, durationMs: Date.now() - pending.started });
  }

  private onClose(ch: ShellChannel): void {
    if (ch !== this.channel) return;
    this.channel = undefined;
    const pending = this.current;
    this.current = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(new AppFailure({ code: 'host_unreachable', message: `The shell on ${this.hostId} closed while a command ran.` }));
    }
  }

  private drop(ch: ShellChannel): void {
    if (this.channel === ch) this.channel = undefined;
    ch.close();
  }

  close(): void {
    if (this.channel) this.drop(this.channel);
  }
}
