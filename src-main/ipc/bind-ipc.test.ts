import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
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
});
