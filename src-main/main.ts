import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  Notification,
  safeStorage,
  screen,
  session,
  shell,
  type BrowserWindowConstructorOptions,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppCore, type AppCore } from './core/app-core';
import { bindIpc } from './ipc/bind-ipc';
import { CONTENT_SECURITY_POLICY } from './common/content-security-policy';
import { encryptedFileSecretStore } from './common/secret-store';
import { appMenuTemplate } from './desktop/app-menu';
import { operationNotice } from './desktop/operation-notice';
import { desktopPaths, startupProfile } from './desktop/desktop-options';
import { placeWindow, readDesktopState, writeDesktopState, type DesktopState } from './desktop/desktop-state';

/** Electron shell: one hardened window over the app core. Everything else lives in plain Node modules. */

export function rendererEntry(baseDir: string): string {
  return pathToFileURL(join(baseDir, '..', 'renderer', 'index.html')).href;
}

const WINDOW_DEFAULTS = { width: 1360, height: 860, minWidth: 960, minHeight: 600 };

export function windowOptions(
  preloadPath: string,
  placement: { x?: number; y?: number; width: number; height: number } = WINDOW_DEFAULTS,
): BrowserWindowConstructorOptions {
  return {
    ...placement,
    minWidth: WINDOW_DEFAULTS.minWidth,
    minHeight: WINDOW_DEFAULTS.minHeight,
    title: 'Kafka Control Center',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function isExternalUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export interface MainWindowOptions {
  placement?: ReturnType<typeof placeWindow>;
  /** A packaged build keeps DevTools shut, whatever shortcut opens them. */
  packaged?: boolean;
}

export function createMainWindow(core: AppCore, baseDir: string, options: MainWindowOptions = {}): BrowserWindow {
  const entry = rendererEntry(baseDir);
  const rendererDir = new URL('.', entry).href;
  const isTrustedUrl = (url: string) => url.startsWith(rendererDir);

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const binding = bindIpc({ ipcMain, router: core.router, events: core.events, isTrustedUrl });
  const win = new BrowserWindow(windowOptions(join(baseDir, 'preload.cjs'), options.placement));
  binding.attach(win.webContents);
  if (options.placement?.maximized) win.maximize();
  if (options.packaged) win.webContents.on('devtools-opened', () => win.webContents.closeDevTools());

  // The window only ever shows our own page; links leave for the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) {
      event.preventDefault();
      if (isExternalUrl(url)) void shell.openExternal(url);
    }
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => binding.dispose());
  void win.loadURL(entry);
  return win;
}

/** Starts the desktop app; resolves with its core once the window is open (undefined when another instance runs). */
export function startDesktop(argv: string[], baseDir: string): Promise<AppCore | undefined> {
  // A second launch hands over to the running window: two apps on one profile would start and stop the same brokers.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(undefined);
  }
  const paths = desktopPaths(app.getPath('userData'));
  let core: AppCore | undefined;
  let win: BrowserWindow | undefined;
  let saving: Promise<void> = Promise.resolve();
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  const started = app.whenReady().then(async () => {
    const state: DesktopState = await readDesktopState(paths.stateFile);
    const remember = (change: Partial<DesktopState>) => {
      Object.assign(state, change);
      // Written in order, and waited for before quitting, so the window's last bounds are not lost.
      saving = saving.then(() => writeDesktopState(paths.stateFile, state)).catch(() => undefined);
    };
    core = createAppCore({
      mode: 'desktop',
      profileDir: paths.profileDir,
      ...startupProfile(argv, process.env, state),
      ...(app.isPackaged ? { templatesDir: join(process.resourcesPath, 'profiles') } : {}),
      secrets: encryptedFileSecretStore(paths.secretsFile, safeStorage),
      onProfileSelected: (path) => remember({ lastProfile: path }),
    });
    // A long operation that ends while the user looks elsewhere says so on the desktop.
    core.events.subscribe((e) => {
      if (e.name !== 'operation.progress' || !Notification.isSupported()) return;
      const notice = operationNotice(e.payload);
      if (notice) new Notification(notice).show();
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ packaged: app.isPackaged, platform: process.platform })));
    const placement = placeWindow(
      state.window,
      screen.getAllDisplays().map((d) => d.workArea),
      WINDOW_DEFAULTS,
    );
    const opened = createMainWindow(core, baseDir, { placement, packaged: app.isPackaged });
    win = opened;
    opened.on('close', () => {
      const b = opened.getNormalBounds();
      remember({ window: { x: b.x, y: b.y, width: b.width, height: b.height, maximized: opened.isMaximized() } });
    });
    return core;
  });
  app.on('window-all-closed', () => {
    void Promise.all([core?.dispose(), saving]).finally(() => app.quit());
  });
  return started;
}

// Bundled as CommonJS for Electron, where __dirname is the dist/main folder.
if (typeof __dirname === 'string' && process.versions.electron) void startDesktop(process.argv, __dirname);
