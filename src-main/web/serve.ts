import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../core/app-core';
import { startWebServer } from './web-server';
import { removeSessionFile, sessionFilePath, writeSessionFile } from './session-file';

/**
 * `npm run web`: the app in a browser. With --sandbox (the default of the npm
 * script) it first brings up the local sandbox cluster and opens its profile.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      port: { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      'no-ui': { type: 'boolean', default: false },
    },
  });
  const profileFile = values.profile ?? process.env.KCC_PROFILE;
  let sandboxProfile: string | undefined;
  if (values.sandbox && !profileFile) {
    const { sandboxUp, seedDataLake } = await import('../../sandbox/index');
    process.stdout.write('Starting the local sandbox cluster (first run downloads Kafka, Hadoop and Flume jars)…\n');
    const up = await sandboxUp({ log: (line: string) => process.stdout.write(`  ${line}\n`) });
    sandboxProfile = up.profilePath;
    // A first look shows data flowing: a batch of readings for both pipeline pairs when the data lake is still empty.
    await seedDataLake({ log: (line: string) => process.stdout.write(`  ${line}\n`) });
  }
  const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
  const core = createAppCore({
    mode: 'web',
    ...(profileFile ? { profileFile } : {}),
    ...(sandboxProfile ? { sandboxProfile } : {}),
  });
  const hasUi = !values['no-ui'] && existsSync(staticDir);
  const server = await startWebServer({
    router: core.router,
    events: core.events,
    ...(hasUi ? { staticDir } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  process.stdout.write(`\nKafka Control Center (web mode) is at:\n\n    ${server.loginUrl}\n\n`);
  if (!hasUi) process.stdout.write('(UI not built: run `npm run build:renderer`; the API is served.)\n');
  // Where `kcc --attach` finds this server and its token without anyone typing the token.
  const sessionFile = sessionFilePath();
  await writeSessionFile(sessionFile, server).then(
    () => process.stdout.write(`Session saved for \`kcc --attach\` in ${sessionFile} (mode 0600).\n`),
    (err: unknown) =>
      process.stderr.write(`Could not save the session for kcc in ${sessionFile}: ${err instanceof Error ? err.message : String(err)}\n`),
  );
  const shutdown = () => {
    void removeSessionFile(sessionFile, server.token)
      .catch(() => undefined)
      .then(() => server.close())
      .then(() => core.dispose())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
