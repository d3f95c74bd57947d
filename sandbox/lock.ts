import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { delay, isDead, parsePid } from './processes';

/**
 * One sandbox command at a time per sandbox root: two test projects (or a
 * developer's terminal and a test run) calling `up` together would otherwise
 * race to start the same broker. The lock file holds the owner's pid; a lock
 * whose owner died is taken over.
 */
export async function withLock<T>(lockFile: string, fn: () => Promise<T>, waitMs = 15 * 60_000): Promise<T> {
  // Calls within this process queue here first; the file lock is between processes.
  const previous = inProcess.get(lockFile) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withFileLock(lockFile, fn, waitMs));
  const tail = run.catch(() => undefined);
  inProcess.set(lockFile, tail);
  try {
    return await run;
  } finally {
    if (inProcess.get(lockFile) === tail) inProcess.delete(lockFile);
  }
}

const inProcess = new Map<string, Promise<unknown>>();

async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, waitMs: number): Promise<T> {
  await mkdir(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
    }
    const owner = parsePid(await readFile(lockFile, 'utf8').catch(() => ''));
    if (owner === undefined || owner === process.pid || (await isDead(owner))) {
      // Stale: its owner is gone (a pid equal to ours can only be a recycled one,
      // since calls in this process are queued above).
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new Error(`another sandbox command (pid ${owner}) holds ${lockFile}`);
    await delay(250);
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
