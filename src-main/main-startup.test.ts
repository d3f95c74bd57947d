import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run here: startDesktop is driven with `electron` substituted, its files real.
const e = vi.hoisted(() => ({
  userData: '',
  lock: true,
  packaged: false,
  quit: 0,
  appHandlers: new Map<string, (...a: unknown[]) => void>(),
  ready: undefined as undefined | (() => void),
  menu: undefined as unknown,
  notices: [] as Array<{ title: string; body: string }>,
  windows: [] as Array<{
    options: Record<string, unknown>;
    handlers: Map<string, () => void>;
    contentsHandlers: Map<string, () => void>;
    maximized: boolean;
    devtoolsClosed: number;
  }>,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    private readonly w: (typeof e.windows)[number];
    constructor(options: Record<string, unknown>) {
      const w = { options, handlers: new Map(), contentsHandlers: new Map(), maximized: false, devtoolsClosed: 0 };
      this.w = w;
      e.windows.push(w);
      this.webContents = {
        on: (name: string, cb: () => void) => w.contentsHandlers.set(name, cb),
        once: () => undefined,
        isDestroyed: () => false,
        send: () => undefined,
        setWindowOpenHandler: () => undefined,
        closeDevTools: () => void w.devtoolsClosed++,
      };
    }
    async loadURL() {}
    once() {}
    on(name: string, cb: () => void) {
      this.w.handlers.set(name, cb);
    }
    show() {}
    maximize() {
      this.w.maximized = true;
    }
    isMaximized() {
      return this.w.maximized;
    }
    getNormalBounds() {
      const o = this.w.options as { x?: number; y?: number; width: number; height: number };
      return { x: o.x ?? 0, y: o.y ?? 0, width: o.width, height: o.height };
    }
    isDestroyed() {
      return false;
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => e.lock,
      get isPackaged() {
        return e.packaged;
      },
      getPath: (name: string) => (name === 'userData' ? e.userData : '/nonexistent'),
      whenReady: () => new Promise<void>((resolve) => (e.ready = resolve)),
      on: (name: string, cb: (...a: unknown[]) => void) => e.appHandlers.set(name, cb),
      quit: () => void e.quit++,
    },
    BrowserWindow,
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => (e.menu = m),
    },
    Notification: class {
      static isSupported() {
        return true;
      }
      constructor(private readonly options: { title: string; body: string }) {}
      show() {
        e.notices.push(this.options);
      }
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(`enc:${s}`),
      decryptString: (b: Buffer) => b.toString().slice(4),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    shell: { openExternal: async () => undefined },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => undefined },
        setPermissionRequestHandler: () => undefined,
      },
    },
  };
});

import { startDesktop } from './main';
import { menuRoles, type MenuItem } from './desktop/app-menu';

const until = async (cond: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('desktop start-up', () => {
  beforeEach(async () => {
    e.userData = await mkdtemp(join(tmpdir(), 'kcc-userdata-'));
    e.lock = true;
    e.packaged = false;
    e.quit = 0;
    e.appHandlers.clear();
    e.windows.length = 0;
    e.menu = undefined;
    delete process.env.KCC_PROFILE;
    delete process.env.KCC_PROFILE_DIR;
  });
  afterEach(async () => {
    await rm(e.userData, { recursive: true, force: true });
  });

  it('hands over to the running app when another instance holds the lock', async () => {
    e.lock = false;
    expect(await startDesktop(['electron', '.'], '/app/dist/main')).toBeUndefined();
    expect(e.quit).toBe(1);
    expect(e.appHandlers.size).toBe(0);
  });

  it('reopens the last selected profile and the window where it was, and remembers both again', async () => {
    const profiles = join(e.userData, 'profiles');
    await mkdir(profiles, { recursive: true });
    const example = await readFile(new URL('../resources/profiles/example-ec2.yaml', import.meta.url), 'utf8');
    await writeFile(join(profiles, 'a.yaml'), example.replace('name: example-ec2', 'name: cluster-a'));
    await writeFile(join(profiles, 'b.yaml'), example.replace('name: example-ec2', 'name: cluster-b'));
    await writeFile(
      join(e.userData, 'desktop-state.json'),
      JSON.stringify({ lastProfile: join(profiles, 'b.yaml'), window: { x: 100, y: 80, width: 1200, height: 700, maximized: true } }),
    );
    const starting = startDesktop(['electron', '.'], '/app/dist/main');
    e.ready?.();
    const core = await starting;
    if (!core) throw new Error('no core');
    const w = e.windows[0];
    if (!w) throw new Error('no window');
    expect(w.options).toMatchObject({ x: 100, y: 80, width: 1200, height: 700 });
    expect(w.maximized).toBe(true);

    // The renderer's first question is which profile is active: the one selected last time.
    const active = await core.router.call('profile.get', {});
    expect(active).toMatchObject({ ok: true, value: { name: 'cluster-b' } });
    await core.router.call('profile.select', { path: join(profiles, 'a.yaml') });
    w.handlers.get('close')?.();
    await until(async () => (await readFile(join(e.userData, 'desktop-state.json'), 'utf8')).includes('a.yaml'));
    const saved = JSON.parse(await readFile(join(e.userData, 'desktop-state.json'), 'utf8'));
    expect(saved).toMatchObject({ lastProfile: join(profiles, 'a.yaml'), window: { x: 100, y: 80, maximized: true } });
    const info = await core.router.call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', profileDir: profiles, secretStorage: true } });
    await core.dispose();
  });

  it('keeps DevTools out of a packaged build, in the menu and on a shortcut', async () => {
    e.packaged = true;
    // Electron sets it in a packaged app: where extraResources (the example profiles) land.
    Object.assign(process, { resourcesPath: join(e.userData, 'resources') });
    const starting = startDesktop(['electron', '.'], '/app/dist/main');
    e.ready?.();
    const core = await starting;
    const roles = menuRoles(e.menu as MenuItem[]);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
    expect(roles).not.toContain('toggleDevTools');
    e.windows[0]?.contentsHandlers.get('devtools-opened')?.();
    expect(e.windows[0]?.devtoolsClosed).toBe(1);
    await mkdir(join(e.userData, 'resources', 'profiles'), { recursive: true });
    await writeFile(
      join(e.userData, 'resources', 'profiles', 'shipped.yaml'),
      await readFile(new URL('../resources/profiles/example-ec2.yaml', import.meta.url)),
    );
    const templates = await core?.router.call('profile.templates', {});
    expect(templates).toMatchObject({ ok: true, value: [{ name: 'shipped' }] });
    await core?.dispose();
  });

  it('tells the desktop when a long operation ends, and not for each step', async () => {
    e.notices.length = 0;
    const core = await (async () => {
      const starting = startDesktop(['electron', '.'], '/app/dist/main');
      e.ready?.();
      return starting;
    })();
    if (!core) throw new Error('no core');
    const ops = new (await import('./services/operations')).Operations(core.events);
    await ops.run('rolling-restart', ['broker-0', 'broker-1'], async (op) => {
      op.plan(2);
      op.begin('broker-0');
      op.step('restart broker-0');
      op.begin('broker-1');
      op.step('restart broker-1');
    });
    await ops.run('start', ['broker-0'], async (op) => op.step('start broker-0'));
    expect(e.notices).toEqual([{ title: 'Rolling restart finished', body: '2 of 2 done. 2 service(s).' }]);
    await core.dispose();
  });

  it('offers DevTools in a development build', async () => {
    const starting = startDesktop(['electron', '.'], '/app/dist/main');
    e.ready?.();
    const core = await starting;
    expect(menuRoles(e.menu as MenuItem[])).toContain('toggleDevTools');
    await core?.dispose();
  });
});
