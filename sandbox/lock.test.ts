import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLock } from './lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kcc-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sandbox lock', () => {
  it('runs concurrent callers one after the other', async () => {
    const lock = join(dir, '.lock');
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 50));
      events.push(`${name} out`);
    };
    await Promise.all([withLock(lock, task('a')), withLock(lock, task('b'))]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('holds the owner pid while running and removes the file afterwards, even on failure', async () => {
    const lock = join(dir, '.lock');
    await expect(
      withLock(lock, async () => {
        expect((await readFile(lock, 'utf8')).trim()).toBe(String(process.pid));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(readFile(lock)).rejects.toThrow();
  });

  it('takes over a lock whose owner is dead', async () => {
    const lock = join(dir, '.lock');
    await writeFile(lock, '999999999\n'); // beyond pid_max: never a live process
    expect(await withLock(lock, async () => 'ran', 2000)).toBe('ran');
  });

  it('waits for a live owner and gives up after the wait limit', async () => {
    const lock = join(dir, '.lock');
    await writeFile(lock, '1\n'); // PID 1 is always alive
    await expect(withLock(lock, async () => 'ran', 600)).rejects.toThrow(/holds/);
  });
});
