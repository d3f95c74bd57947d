import { describe, expect, it } from 'vitest';
import { CallerConnection } from '../common/caller';
import { createEventHub } from '../events/schemas';
import type { Service } from '../profile/schemas';
import type { ExecOptions, ExecResult } from '../ssh/ssh-connection';
import type { SshPool } from '../ssh/ssh-pool';
import { LogStreams, MAX_LINE_CHARS } from './log-streams';

const broker: Service = {
  id: 'broker-1',
  kind: 'kafka-broker',
  host: 'h1',
  installDir: '/opt/kafka',
  config: 'config/server-1.properties',
  brokerId: 1,
  advertisedAddress: '127.0.0.1:9092',
} as Service;

/** A pool whose `tail -F` runs until its signal aborts, and hands out its output callback. */
function tailingPool() {
  const running: Array<{ options: ExecOptions; aborted: boolean }> = [];
  const pool = {
    exec: (_host: string, _argv: ReadonlyArray<string>, options: ExecOptions) => {
      const entry = { options, aborted: false };
      running.push(entry);
      return new Promise<ExecResult>((resolve) => {
        options.signal?.addEventListener('abort', () => {
          entry.aborted = true;
          resolve({ code: null, signal: 'aborted', stdout: '', stderr: '', durationMs: 1 });
        });
      });
    },
  } as unknown as SshPool;
  return { pool, running };
}

describe('LogStreams', () => {
  it('stops a follow when the connection that opened it closes', async () => {
    const { pool, running } = tailingPool();
    const streams = new LogStreams(pool, createEventHub());
    const page = new CallerConnection('page-1');
    const other = new CallerConnection('page-2');
    const mine = streams.follow(broker, 10, page);
    const theirs = streams.follow(broker, 10, other);
    page.close();
    await new Promise((r) => setImmediate(r));
    expect(running[0]?.aborted).toBe(true);
    expect(running[1]?.aborted).toBe(false);
    expect(streams.stop(mine.streamId)).toBe(false);
    expect(streams.stop(theirs.streamId)).toBe(true);
  });

  it('a reloaded page leaks nothing: its follows end with its connection', async () => {
    const { pool } = tailingPool();
    const streams = new LogStreams(pool, createEventHub());
    // More reloads than the follow limit: each page's follow ends when the page goes.
    for (let i = 0; i < 40; i++) {
      const page = new CallerConnection(`page-${i}`);
      streams.follow(broker, 10, page);
      page.close();
    }
    expect(() => streams.follow(broker, 10, new CallerConnection('last'))).not.toThrow();
    streams.dispose();
  });

  it('cuts a log that never writes a newline into bounded lines', () => {
    const { pool, running } = tailingPool();
    const events = createEventHub();
    const lines: string[] = [];
    events.subscribe((e) => {
      if (e.name === 'log.line') lines.push(e.payload.line);
    });
    const streams = new LogStreams(pool, events);
    streams.follow(broker, 10, new CallerConnection('p'));
    const chunk = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 64; i++) running[0]?.options.onStdout?.(chunk);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 16);
    expect(lines.reduce((n, l) => n + l.replaceAll(/[^x]/g, '').length, 0)).toBeGreaterThan(64 * chunk.length - MAX_LINE_CHARS - 1);
    streams.dispose();
  });
});
