#!/usr/bin/env node
// `kcc`: the built CLI (dist/cli/kcc.cjs, made by `npm run build`) when there is one, so it needs only the app's
// runtime dependencies; in a source checkout without a build, the TypeScript source through tsx (a dev dependency).
// Either runs in this process, not a child, so Ctrl-C reaches kcc itself and it can stop what it started.
// KCC_FROM_SOURCE=1 runs the source even when a build exists.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'kcc.cjs');
const argv = process.argv.slice(2);

if (existsSync(built) && !process.env.KCC_FROM_SOURCE) {
  createRequire(import.meta.url)(built).main(argv);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(`kcc is not built (${built} is missing) and tsx, which runs it from source, is not installed.\n`);
    process.stderr.write('Run `npm run build` (or `npm run build:main`), or `npm ci` in a source checkout.\n');
    process.exit(1);
  }
  register();
  const { main } = await import(pathToFileURL(join(root, 'src-main', 'cli', 'kcc.ts')).href);
  main(argv);
}
