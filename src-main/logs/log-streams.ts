import { randomUUID } from 'node:crypto';
import type { Caller } from '../common/caller';
import type { AppEventHub } from '../events/schemas';
import { fail } from '../common/errors';
import type { Service } from '../profile/schemas';
import { logFileFor } from './log-locations';
import type { SshPool } from '../ssh/ssh-pool';

interface Stream {
  id: string;
  serviceId: string;
  abort: AbortController;
}

const MAX_STREAMS = 16;
const FOLLOW_LIMIT_MS = 12 * 3600 * 1000;
/** A log that never writes a newline (a binary file, a runaway writer) is cut into lines this long. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Follows service logs with `tail -n N -F` over SSH and pushes each line as a
 * `log.line` event. -F keeps following across log rotation and restarts. A
 * follow belongs to the connection that opened it and ends with it: a page
 * reload must not leave a `tail` running.
 */
export class LogStreams {
  private readonly streams = new Map<string, Stream>();

  constructor(
    private readonly pool: SshPool,
    private readonly events: AppEventHub,
  ) {}

  /**
   * `file`: one of the service's log files (default: its usual one). `fromByte`: start at this byte offset instead
   * of the last `lines` lines, so a follow continues exactly where a read of the file's end stopped.
   */
  follow(
    service: Service,
    lines: number,
    owner?: Caller,
    options: { file?: string; fromByte?: number } = {},
  ): { streamId: string; file: string; host: string } {
    if (this.streams.size >= MAX_STREAMS) {
      fail('conflict', `Already following ${MAX_STREAMS} logs; stop one first.`);
    }
    const logFile = logFileFor(service, options.file);
    const from = options.fromByte === undefined ? ['-n', String(lines)] : ['-c', `+${options.fromByte + 1}`];
    const stream: Stream = { id: randomUUID().slice(0, 8), serviceId: service.id, abort: new AbortController() };
    this.streams.set(stream.id, stream);
    let carry = '';
    const emit = (chunk: string) => {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop() ?? '';
      const at = new Date().toISOString();
      for (const line of parts) this.events.emit('log.line', { streamId: stream.id, line, at });
      while (carry.length >= MAX_LINE_CHARS) {
        this.events.emit('log.line', { streamId: stream.id, line: `${carry.slice(0, MAX_LINE_CHARS)} [cut]`, at });
        carry = carry.slice(MAX_LINE_CHARS);
      }
    };
    let disown: (() => void) | undefined = undefined;
    void this.pool
      .exec(service.host, ['tail', ...from, '-F', '--', logFile], {
        timeoutMs: FOLLOW_LIMIT_MS,
        signal: stream.abort.signal,
        onStdout: emit,
        onStderr: (s) => emit(s.replace(/^/gm, '[tail] ')),
      })
      .catch((err: unknown) => {
        this.events.emit('log.line', {
          streamId: stream.id,
          line: `[stream ended: ${err instanceof Error ? err.message : String(err)}]`,
          at: new Date().toISOString(),
        });
      })
      .finally(() => {
        disown?.();
        this.streams.delete(stream.id);
      });
    // After the exec has started, so an owner already gone stops a running follow rather than one not yet begun.
    disown = owner?.onClose(() => this.stop(stream.id));
    return { streamId: stream.id, file: logFile, host: service.host };
  }

  stop(streamId: string): boolean {
    const s = this.streams.get(streamId);
    if (!s) return false;
    s.abort.abort();
    this.streams.delete(streamId);
    return true;
  }

  dispose(): void {
    for (const id of [...this.streams.keys()]) this.stop(id);
  }
}
