// `npm start`: builds the app and runs it in Electron. Where the Electron binary is missing (it is downloaded by
// the electron package's install step, which fails without access to its download host), this says so and offers
// web mode instead of letting the electron package try to download again and fail with its own error.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The Electron executable, as the electron package would run it, or why there is none; never downloads. */
export function findElectron(env = process.env, packageDir = join(root, 'node_modules', 'electron')) {
  if (!existsSync(join(packageDir, 'package.json'))) return { ok: false, why: 'the electron package is not installed (run npm ci)' };
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH)
    return { ok: false, why: 'its binary was never downloaded (node_modules/electron has no path.txt)' };
  const executable = join(distDir, relative ?? 'electron');
  if (!existsSync(executable)) return { ok: false, why: `its binary is missing (${executable})` };
  return { ok: true, executable };
}

async function offerWebMode(why) {
  process.stderr.write(
    [
      `Kafka Control Center cannot start as a desktop app here: ${why}.`,
      'The same app runs in your browser: `npm run web` starts it against the local sandbox cluster and prints its address.',
      'To get the desktop app, install the Electron binary (`npx install-electron`, or set ELECTRON_OVERRIDE_DIST_PATH to an Electron folder), then `npm start` again.',
      '',
    ].join('\n'),
  );
  if (!process.stdin.isTTY || !process.stdout.isTTY) return 3;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = (await rl.question('Start web mode now? [Y/n] ')).trim().toLowerCase();
  rl.close();
  if (answer !== '' && answer !== 'y' && answer !== 'yes') return 3;
  return spawnSync(npm, ['run', 'web'], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

async function main() {
  const electron = findElectron();
  if (!electron.ok) process.exit(await offerWebMode(electron.why));
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(electron.executable, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
