import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { launchBrowser, screenshotDir } from './browser';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCoreOptions } from '../../src-main/core/app-core';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';

/** The app in web mode, in-process, serving the built renderer: what `npm run web` runs. */
export interface WebApp {
  server: WebServer;
  close(): Promise<void>;
}

export async function startWebApp(options: Omit<AppCoreOptions, 'mode'>): Promise<WebApp> {
  const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
  if (!existsSync(`${staticDir}/index.html`)) throw new Error('Renderer not built: run `npm run build:renderer` first (npm test does).');
  const core = createAppCore({ mode: 'web', ...options });
  const server = await startWebServer({ router: core.router, events: core.events, staticDir });
  return {
    server,
    async close() {
      await server.close();
      await core.dispose();
    },
  };
}

/**
 * Registers beforeAll/afterAll for a describe block: the app in web mode on the
 * sandbox profile, and a headless Chromium. Read them through the returned getters.
 */
export function useSandboxWebApp(): { readonly browser: Browser; readonly app: WebApp } {
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    app = await startWebApp({ profileFile: sandboxProfilePath() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
    get app() {
      if (!app) throw new Error('web app not started');
      return app;
    },
  };
}
