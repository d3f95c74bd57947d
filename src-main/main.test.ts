import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run here: the shell is tested with `electron` substituted.
const state = vi.hoisted(() => ({
  windows: [] as Array<{
    options: Record<string, unknown>;
    handlers: Map<string, (...a: unknown[]) => void>;
    openHandler?: (d: { url: string }) => unknown;
    loaded?: string;
  }>,
  opened: [] as string[],
  headerHook: undefined as undefined | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  permissionHook: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  ipcChannels: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const w = { options, handlers: new Map<string, (...a: unknown[]) => void>() } as (typeof state.windows)[number];
      state.windows.push(w);
      this.webContents = {
        on: (name: string, cb: (...a: unknown[]) => void) => w.handlers.set(name, cb),
        once: () => undefined,
        isDestroyed: () => false,
        send: () => undefined,
        setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (w.openHandler = h),
      };
      this.loadURL = async (url: string) => void (w.loaded = url);
    }
    loadURL: (url: string) => Promise<void>;
    once() {}
    on() {}
    show() {}
  }
  return {
    app: { whenReady: () => new Promise(() => undefined), on: () => undefined, quit: () => undefined },
    BrowserWindow,
    ipcMain: { handle: (c: string) => state.ipcChannels.push(c), removeHandler: () => undefined },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (cb: typeof state.headerHook) => (state.headerHook = cb) },
        setPermissionRequestHandler: (cb: typeof state.permissionHook) => (state.permissionHook = cb),
      },
    },
  };
});

import { createMainWindow, windowOptions } from './main';
import { createAppCore } from './core/app-core';

describe('Electron shell', () => {
  beforeEach(() => {
    state.windows.length = 0;
    state.opened.length = 0;
    state.ipcChannels.length = 0;
  });

  it('creates the window isolated, sandboxed and without Node', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: '/x/preload.cjs',
    });
  });

  it('loads only its own page, blocks navigation and window.open, sends links to the system browser', () => {
    createMainWindow(createAppCore({ mode: 'desktop', profileDir: '/nonexistent' }), '/app/dist/main');
    const w = state.windows[0];
    if (!w) throw new Error('no window created');
    expect(w.loaded).toBe('file:///app/dist/renderer/index.html');
    expect(state.ipcChannels).toEqual(['kcc:call']);

    const prevented: string[] = [];
    const navigate = w.handlers.get('will-navigate');
    navigate?.({ preventDefault: () => prevented.push('ext') }, 'https://kafka.apache.org/documentation/');
    navigate?.({ preventDefault: () => prevented.push('file') }, 'file:///etc/passwd');
    navigate?.({ preventDefault: () => prevented.push('own') }, 'file:///app/dist/renderer/index.html#/topics');
    expect(prevented).toEqual(['ext', 'file']);
    expect(state.opened).toEqual(['https://kafka.apache.org/documentation/']);

    expect(w.openHandler?.({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(w.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(state.opened).toEqual(['https://kafka.apache.org/documentation/', 'https://github.com/']);
  });

  it('adds a strict Content-Security-Policy to every response and denies permission requests', () => {
    createMainWindow(createAppCore({ mode: 'desktop', profileDir: '/nonexistent' }), '/app/dist/main');
    let headers: Record<string, string[]> = {};
    state.headerHook?.({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    let granted: boolean | undefined;
    state.permissionHook?.({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });
});
