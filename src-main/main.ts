import { app, BrowserWindow, ipcMain, session, shell, type BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppCore, type AppCore } from './core/app-core';
import { bindIpc } from './ipc/bind-ipc';
import { CONTENT_SECURITY_POLICY } from './common/content-security-policy';

/** Electron shell: one hardened window over the app core. Everything else lives in plain Node modules. */

export function rendererEntry(baseDir: string): string {
  return pathToFileURL(join(baseDir, '..', 'renderer', 'index.html')).href;
}

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
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

export function createMainWindow(core: AppCore, baseDir: string): BrowserWindow {
  const entry = rendererEntry(baseDir);
  const rendererDir = new URL('.', entry).href;
  const isTrustedUrl = (url: string) => url.startsWith(rendererDir);

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const binding = bindIpc({ ipcMain, router: core.router, events: core.events, isTrustedUrl });
  const win = new BrowserWindow(windowOptions(join(baseDir, 'preload.cjs')));
  binding.attach(win.webContents);

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

export function startDesktop(argv: string[], baseDir: string): void {
  const profileIndex = argv.indexOf('--profile');
  const profileFile = profileIndex >= 0 ? argv[profileIndex + 1] : process.env.KCC_PROFILE;
  const core = createAppCore({ mode: 'desktop', ...(profileFile ? { profileFile } : {}) });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => createMainWindow(core, baseDir));
  app.on('window-all-closed', () => {
    void core.dispose().finally(() => app.quit());
  });
}

// Bundled as CommonJS for Electron, where __dirname is the dist/main folder.
if (typeof __dirname === 'string' && process.versions.electron) startDesktop(process.argv, __dirname);
