import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCoreOptions } from '../../src-main/core/app-core';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';

/** The app in web mode, in-process, serving the built renderer: what `npm run web` runs. */
export async function startWebApp(options: Omit<AppCoreOptions, 'mode'>): Promise<{ server: WebServer; close(): Promise<void> }> {
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
