import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../common/caller';
import { createEventHub } from '../events/schemas';
import type { Router } from '../api/router';
import { createAppCore } from '../core/app-core';
import { bindIpc } from './bind-ipc';
import { CALL_CHANNEL } from './channels';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const registered = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, h: Handler) => void registered.set(channel, h),
    removeHandler: (channel: string) => void registered.delete(channel),
  };
  const { router, events } = createAppCore({ mode: 'desktop', profileDir: mkdtempSync(join(tmpdir(), 'kcc-ipc-')) });
  const binding = bindIpc({ ipcMain, router, events, isTrustedUrl: (u) => u.startsWith('file:///app/renderer/') });
  const invoke = (frame: { url: string; parent: unknown } | null, method: unknown, input: unknown) => {
    const h = registered.get(CALL_CHANNEL);
    if (!h) throw new Error('no handler registered');
    return h({ senderFrame: frame } as unknown as IpcMainInvokeEvent, method, input);
  };
  return { registered, binding, invoke, events };
}

const appFrame = { url: 'file:///app/renderer/index.html', parent: null };

describe('IPC binding', () => {
  it('registers one call channel and removes it on dispose', () => {
    const { registered, binding } = setup();
    expect([...registered.keys()]).toEqual([CALL_CHANNEL]);
    binding.dispose();
    expect(registered.size).toBe(0);
  });

  it('routes a call from the app window', async () => {
    const { invoke } = setup();
    expect(await invoke(appFrame, 'app.info', {})).toMatchObject({ ok: true, value: { name: 'Kafka Control Center', mode: 'desktop' } });
  });

  it('returns invalid_input naming the field for input that fails its schema', async () => {
    const { invoke } = setup();
    expect(await invoke(appFrame, 'profile.validate', { yaml: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'yaml' },
    });
  });

  it('refuses calls from a foreign page, a subframe or a missing frame', async () => {
    const { invoke } = setup();
    for (const frame of [{ url: 'https://evil.example/', parent: null }, { url: appFrame.url, parent: {} }, null]) {
      expect(await invoke(frame, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('forwards events to an attached window until it is destroyed', () => {
    const { binding, events } = setup();
    const sent: unknown[] = [];
    let onDestroyed: (() => void) | undefined;
    const contents = {
      isDestroyed: () => false,
      send: (_c: string, e: unknown) => sent.push(e),
      once: (_n: string, cb: () => void) => (onDestroyed = cb),
    };
    binding.attach(contents as unknown as Electron.WebContents);
    events.emit('profile.changed', { path: '/a', name: 'a' });
    onDestroyed?.();
    events.emit('profile.changed', { path: '/b', name: 'b' });
    expect(sent).toEqual([{ name: 'profile.changed', payload: { path: '/a', name: 'a' } }]);
  });

  it('ties calls to the page that made them, and ends them when it reloads or its window closes', async () => {
    const registered = new Map<string, Handler>();
    const ipcMain = {
      handle: (channel: string, h: Handler) => void registered.set(channel, h),
      removeHandler: (channel: string) => void registered.delete(channel),
    };
    const callers: Array<Caller | undefined> = [];
    const router: Router = {
      call: (_m, _i, caller) => {
        callers.push(caller);
        return Promise.resolve({ ok: true, value: {} });
      },
    };
    bindIpc({ ipcMain, router, events: createEventHub(), isTrustedUrl: () => true });
    const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    const sender = {
      id: 7,
      on: (name: string, cb: (...args: unknown[]) => void) => listeners.set(name, [...(listeners.get(name) ?? []), cb]),
      once: (name: string, cb: (...args: unknown[]) => void) => listeners.set(name, [...(listeners.get(name) ?? []), cb]),
      removeListener: (name: string, cb: unknown) =>
        listeners.set(
          name,
          (listeners.get(name) ?? []).filter((l) => l !== cb),
        ),
    };
    const fire = (name: string, ...args: unknown[]) => {
      for (const cb of listeners.get(name) ?? []) cb(...args);
    };
    const invoke = () =>
      registered.get(CALL_CHANNEL)?.({ senderFrame: appFrame, sender } as unknown as IpcMainInvokeEvent, 'logs.follow', {});
    await invoke();
    await invoke();
    expect(callers[0]).toBeDefined();
    expect(callers[1]).toBe(callers[0]);
    let firstClosed = false;
    callers[0]?.onClose(() => (firstClosed = true));
    fire('did-navigate');
    expect(firstClosed).toBe(true);
    await invoke();
    expect(callers[2]).not.toBe(callers[0]);
    let secondClosed = false;
    callers[2]?.onClose(() => (secondClosed = true));
    fire('destroyed');
    expect(secondClosed).toBe(true);
  });
});
