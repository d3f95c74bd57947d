import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Caller } from '../common/caller';
import { createEventHub, type AppEventHub } from '../events/schemas';
import type { Router } from '../api/router';
import { createAppCore } from '../core/app-core';
import { startWebServer, type WebServer } from './web-server';

function raw(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

describe('web binding', () => {
  let server: WebServer | undefined;
  let events: AppEventHub;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(extra: { maxBufferedBytes?: number } = {}) {
    const staticDir = mkdtempSync(join(tmpdir(), 'kcc-static-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<html><script src="./assets/a.js"></script></html>');
    writeFileSync(join(staticDir, 'assets', 'a.js'), 'console.log(1)');
    const core = createAppCore({ mode: 'web', profileDir: mkdtempSync(join(tmpdir(), 'kcc-prof-')) });
    events = core.events;
    const router = core.router;
    server = await startWebServer({ router, events, staticDir, ...extra });
    return server;
  }

  it('binds 127.0.0.1 only', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/`);
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const req = request({ host: external.address, port: s.port, path: '/' }, () => resolve(true));
        req.on('error', () => resolve(false));
        req.end();
      });
      expect(reached).toBe(false);
    }
  });

  it('refuses requests without the token with 401', async () => {
    const s = await start();
    const api = await raw(s.port, '/api/call/app.info', { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await raw(s.port, '/')).status).toBe(401);
    expect((await raw(s.port, '/?token=wrong')).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const s = await start();
    const r = await raw(s.port, `/?token=${s.token}`, { headers: { Host: 'evil.example:80' } });
    expect(r.status).toBe(403);
  });

  it('serves the UI with the token and sets the session cookie', async () => {
    const s = await start();
    const page = await raw(s.port, `/?token=${s.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toBe('<html><script src="/assets/a.js"></script></html>');
    expect(String(page.headers['set-cookie'])).toMatch(/kcc_token=.*HttpOnly/);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const asset = await raw(s.port, '/assets/a.js', { headers: { Cookie: `kcc_token=${s.token}` } });
    expect(asset.body).toBe('console.log(1)');
    const deepLink = await raw(s.port, '/topics/abc', { headers: { Cookie: `kcc_token=${s.token}` } });
    // A deep link gets the page with absolute asset paths, so /topics/assets/… is never asked for.
    expect(deepLink.body).toBe('<html><script src="/assets/a.js"></script></html>');
    const escape = await raw(s.port, '/../../etc/passwd', { headers: { Cookie: `kcc_token=${s.token}` } });
    expect(escape.body).not.toContain('root:');
  });

  it('calls a method through the router', async () => {
    const s = await start();
    const r = await raw(s.port, '/api/call/app.info', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, ...JSON_TYPE },
      body: '{}',
    });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { name: 'Kafka Control Center', mode: 'web' } });
  });

  it('returns invalid_input naming the field for input that fails its schema', async () => {
    const s = await start();
    const r = await raw(s.port, '/api/call/profile.select', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, ...JSON_TYPE },
      body: JSON.stringify({ path: ['not', 'a', 'string'] }),
    });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'path' } });
    const bad = await raw(s.port, '/api/call/app.info', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, ...JSON_TYPE },
      body: '{nope',
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('pushes events over the WebSocket only with the token', async () => {
    const s = await start();
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events`);
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(refused).toBe('refused');
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events?token=${s.token}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const got = new Promise<unknown>((resolve) => ws.on('message', (m: Buffer) => resolve(JSON.parse(m.toString()))));
    events.emit('profile.changed', { path: '/p.yaml', name: 'p' });
    expect(await got).toEqual({ name: 'profile.changed', payload: { path: '/p.yaml', name: 'p' } });
    ws.close();
  });

  it('refuses a cross-origin call with the session cookie, whatever the method', async () => {
    const s = await start();
    const cookie = `kcc_token=${s.token}`;
    const foreign = `http://127.0.0.1:${s.port + 1}`;
    for (const method of ['POST', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'HEAD']) {
      const r = await raw(s.port, method === 'POST' ? '/api/call/app.info' : '/', {
        method,
        headers: { Cookie: cookie, Origin: foreign, ...JSON_TYPE },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(r.status, method).toBe(403);
      if (method !== 'HEAD') expect(JSON.parse(r.body), method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    // The exact request of the finding: a simple (no preflight) cross-origin POST.
    const simple = await raw(s.port, '/api/call/app.info', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: foreign, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(simple.status).toBe(403);
    expect(
      (await raw(s.port, '/api/call/app.info', { method: 'POST', headers: { Cookie: cookie, Origin: 'null', ...JSON_TYPE }, body: '{}' }))
        .status,
    ).toBe(403);
  });

  it('accepts a call from its own origin', async () => {
    const s = await start();
    const r = await raw(s.port, '/api/call/app.info', {
      method: 'POST',
      headers: { Cookie: `kcc_token=${s.token}`, Origin: `http://127.0.0.1:${s.port}`, ...JSON_TYPE },
      body: '{}',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });

  it('requires application/json on API calls', async () => {
    const s = await start();
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const headers: Record<string, string> = { Authorization: `Bearer ${s.token}` };
      if (type) headers['Content-Type'] = type;
      const r = await raw(s.port, '/api/call/app.info', { method: 'POST', headers, body: '{}' });
      expect(r.status, String(type)).toBe(415);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const ok = await raw(s.port, '/api/call/app.info', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a WebSocket upgrade from another origin, even with the token', async () => {
    const s = await start();
    const outcome = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events?token=${s.token}`, { origin: 'http://127.0.0.1:8888' });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
    expect(outcome).toBe('403');
    const own = new WebSocket(`ws://127.0.0.1:${s.port}/api/events?token=${s.token}`, { origin: `http://127.0.0.1:${s.port}` });
    await new Promise((resolve, reject) => {
      own.on('open', resolve);
      own.on('error', reject);
    });
    own.close();
  });

  it('drops a WebSocket client that stops reading instead of buffering for it without bound', async () => {
    const s = await start({ maxBufferedBytes: 256 * 1024 });
    // A raw socket that completes the handshake and then reads nothing: a stalled tab.
    const sock = connect(s.port, '127.0.0.1');
    await new Promise((resolve) => sock.once('connect', resolve));
    sock.write(
      `GET /api/events?token=${s.token} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise((resolve) => sock.once('data', resolve));
    sock.pause();
    const big = 'x'.repeat(64 * 1024);
    const sent = 1000;
    for (let i = 0; i < sent; i++) events.emit('profile.changed', { path: big, name: String(i) });
    let received = 0;
    sock.on('data', (c: Buffer) => (received += c.length));
    const closed = new Promise<string>((resolve) => {
      sock.once('close', () => resolve('closed'));
      setTimeout(() => resolve('still open'), 5000);
    });
    sock.resume();
    expect(await closed).toBe('closed');
    expect(received).toBeLessThan(sent * big.length);
    sock.destroy();
  });

  it('ties a call to the WebSocket its client names, and ends it when that socket closes', async () => {
    const callers: Array<Caller | undefined> = [];
    const router: Router = {
      call: (_m, _i, caller) => {
        callers.push(caller);
        return Promise.resolve({ ok: true, value: {} });
      },
    };
    server = await startWebServer({ router, events: createEventHub(), connectionGraceMs: 200 });
    const s = server;
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events?token=${s.token}&connection=tab-1`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const call = (connection: string) =>
      raw(s.port, '/api/call/logs.follow', {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.token}`, 'X-KCC-Connection': connection, ...JSON_TYPE },
        body: '{}',
      });
    await call('tab-1');
    const tab = callers[0];
    expect(tab?.id).toBe('tab-1');
    // A page is not a terminal: a load run it starts outlives it (kcc's socket says `client=terminal`).
    expect(tab?.terminal).toBe(false);
    let tabClosed = false;
    tab?.onClose(() => (tabClosed = true));
    // A call that names a socket which never opens (a page gone before it connected) is ended after a grace period.
    await call('never-connected');
    let orphanClosed = false;
    callers[1]?.onClose(() => (orphanClosed = true));
    expect(tabClosed).toBe(false);
    ws.close();
    for (let i = 0; i < 50 && !(tabClosed && orphanClosed); i++) await new Promise((r) => setTimeout(r, 20));
    expect(tabClosed).toBe(true);
    expect(orphanClosed).toBe(true);
  });
});
