import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../common/caller';
import type { Result } from '../common/errors';
import type { Router } from '../api/router';
import { createAppCore } from '../core/app-core';
import { createEventHub, type AppEventHub } from '../events/schemas';
import { startWebServer, type WebServer } from '../web/web-server';
import { sessionFilePath, writeSessionFile } from '../web/session-file';
import { resolveAttachTarget } from './attach';
import { runCli } from './kcc';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

/** runCli with its own environment and a Ctrl-C the test presses. */
function start(args: string[], env: NodeJS.ProcessEnv) {
  const out = sink();
  const err = sink();
  const interrupts = new Set<() => void>();
  const code = runCli(args, out.stream, err.stream, Readable.from([]), {
    env,
    onInterrupt: (l) => {
      interrupts.add(l);
      return () => interrupts.delete(l);
    },
  });
  return { code, out: out.text, err: err.text, interrupt: () => [...interrupts].forEach((l) => l()) };
}

async function run(args: string[], env: NodeJS.ProcessEnv) {
  const r = start(args, env);
  return { code: await r.code, out: r.out(), err: r.err() };
}

const stateDir = () => mkdtempSync(join(tmpdir(), 'kcc-attach-unit-'));

describe('kcc --attach', () => {
  let server: WebServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(router: Router, events: AppEventHub = createEventHub()) {
    server = await startWebServer({ router, events });
    const XDG_STATE_HOME = stateDir();
    await writeSessionFile(sessionFilePath({ XDG_STATE_HOME }), server);
    return { server, env: { XDG_STATE_HOME } };
  }

  it('calls the app named by the saved session', async () => {
    const core = createAppCore({ mode: 'web', profileDir: stateDir() });
    const { env } = await serve(core.router, core.events);
    const r = await run(['--attach', 'app.info'], env);
    expect(r.code, r.out).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'Kafka Control Center', mode: 'web' });
    // $KCC_ATTACH does the same; --profile makes the call kcc's own again.
    expect(JSON.parse((await run(['app.info'], { ...env, KCC_ATTACH: '1' })).out)).toMatchObject({ mode: 'web' });
    expect(JSON.parse((await run(['app.info', '--profile', '/nonexistent.yaml'], { ...env, KCC_ATTACH: '1' })).out)).toMatchObject({
      mode: 'cli',
    });
    await core.dispose();
  });

  it('refuses --profile together with --attach: the app works on the profile it has open', async () => {
    const r = await run(['--attach', 'app.info', '--profile', 'p.yaml'], { XDG_STATE_HOME: stateDir() });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_input', field: 'profile' });
  });

  it('takes the token from a URL the user typed, from KCC_TOKEN, or from the saved session of the same app only', async () => {
    const XDG_STATE_HOME = stateDir();
    await writeSessionFile(sessionFilePath({ XDG_STATE_HOME }), { url: 'http://127.0.0.1:4000/', token: 'saved-token' });
    const typed = await resolveAttachTarget('http://127.0.0.1:4000/topics?token=typed-token', { XDG_STATE_HOME, KCC_TOKEN: 'env-token' });
    expect(typed).toMatchObject({ ok: true, value: { token: 'typed-token', tokenFrom: 'url' } });
    expect(typed.ok && typed.value.base.href).toBe('http://127.0.0.1:4000/');
    expect(await resolveAttachTarget('http://127.0.0.1:4000/', { XDG_STATE_HOME, KCC_TOKEN: 'env-token' })).toMatchObject({
      ok: true,
      value: { token: 'env-token', tokenFrom: 'KCC_TOKEN' },
    });
    expect(await resolveAttachTarget('http://localhost:4000/', { XDG_STATE_HOME })).toMatchObject({ ok: false });
    expect(await resolveAttachTarget('http://127.0.0.1:4000/', { XDG_STATE_HOME })).toMatchObject({
      ok: true,
      value: { token: 'saved-token', tokenFrom: 'session' },
    });
    expect(await resolveAttachTarget(undefined, { XDG_STATE_HOME })).toMatchObject({ ok: true, value: { token: 'saved-token' } });
    // The saved token never goes to another app.
    const other = await resolveAttachTarget('http://127.0.0.1:4001/', { XDG_STATE_HOME });
    expect(other).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringContaining('No token for http://127.0.0.1:4001/') },
    });
    expect(JSON.stringify(other)).not.toContain('saved-token');
  });

  it('explains a URL it cannot use without repeating a token typed into it', async () => {
    const r = await run(['--attach=ftp://127.0.0.1:4000/?token=secret-typed', 'app.info'], { XDG_STATE_HOME: stateDir() });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_input', field: 'attach', message: expect.stringContaining('token=…') });
    expect(r.out + r.err).not.toContain('secret-typed');
  });

  it('says so when what answers is not the app', async () => {
    const other = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>nope</h1>'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const address = other.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = await run(['--attach', `http://127.0.0.1:${port}/`, 'app.info'], { KCC_TOKEN: 't', XDG_STATE_HOME: stateDir() });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out)).toMatchObject({
        code: 'host_unreachable',
        message: `Something answers at http://127.0.0.1:${port}/, but not as Kafka Control Center does (HTTP 404, text/html).`,
      });
    } finally {
      other.close();
    }
  });

  it('refuses a result of another shape than the contract says (an app of another version)', async () => {
    const { env } = await serve({ call: () => Promise.resolve({ ok: true, value: { name: 42 } }) });
    const r = await run(['--attach', 'app.info'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'internal', hint: expect.stringContaining('different versions') });
  });

  it("prints a follow's lines, only its own, until Ctrl-C, which closes the connection that owns the follow", async () => {
    const events = createEventHub();
    let owner: Caller | undefined;
    const router: Router = {
      call: (method, _input, caller): Promise<Result<unknown>> => {
        if (method !== 'logs.follow') return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: method } });
        owner = caller;
        return Promise.resolve({ ok: true, value: { streamId: 's1', host: 'kafka-1', file: '/logs/server-0.out' } });
      },
    };
    const { env } = await serve(router, events);
    const kcc = start(['--attach', 'logs.follow', '{"service":"broker-0"}'], env);
    for (let i = 0; i < 100 && !kcc.err().includes('Following'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(kcc.err()).toBe('Following /logs/server-0.out on kafka-1 (stream s1; Ctrl-C to stop)\n');
    expect(owner?.terminal).toBe(true);
    let ended = false;
    owner?.onClose(() => (ended = true));
    const at = new Date().toISOString();
    events.emit('log.line', { streamId: 's1', line: 'first', at });
    events.emit('log.line', { streamId: 'other', line: 'not ours', at });
    events.emit('log.line', { streamId: 's1', line: 'second', at });
    for (let i = 0; i < 100 && !kcc.out().includes('second'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(false);
    kcc.interrupt();
    expect(await kcc.code).toBe(0);
    expect(kcc.out()).toBe('first\nsecond\n');
    for (let i = 0; i < 100 && !ended; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(true);
  });

  it('ends a stream with a clear error when the app sends an event of another shape, or stops', async () => {
    const events = createEventHub();
    const router: Router = { call: () => Promise.resolve({ ok: true, value: { streamId: 's1', host: 'h', file: 'f' } }) };
    const { env } = await serve(router, events);
    const kcc = start(['--attach', 'logs.follow', '{"service":"b"}'], env);
    for (let i = 0; i < 100 && !kcc.err().includes('Following'); i++) await new Promise((r) => setTimeout(r, 20));
    // An event the follow does not use is not its business, whatever its shape.
    events.emit('cluster.changed', { bogus: true } as never);
    events.emit('log.line', { streamId: 's1', line: 'still here', at: new Date().toISOString() });
    for (let i = 0; i < 100 && !kcc.out().includes('still here'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(kcc.out()).toBe('still here\n');
    events.emit('log.line', { streamId: 's1', line: 7 } as unknown as { streamId: string; line: string; at: string });
    expect(await kcc.code).toBe(1);
    expect(JSON.parse(kcc.out().slice('still here\n'.length))).toMatchObject({
      code: 'internal',
      message: expect.stringContaining('"log.line" event'),
    });

    const again = start(['--attach', 'logs.follow', '{"service":"b"}'], env);
    for (let i = 0; i < 100 && !again.err().includes('Following'); i++) await new Promise((r) => setTimeout(r, 20));
    await server?.close();
    server = undefined;
    expect(await again.code).toBe(1);
    expect(JSON.parse(again.out())).toMatchObject({
      code: 'host_unreachable',
      message: expect.stringContaining('closed the event connection'),
    });
  });
});
