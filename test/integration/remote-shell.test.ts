import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { profileSchema } from '../../src-main/profile/schemas';
import { SshPool } from '../../src-main/ssh/ssh-pool';
import { sandboxProfilePath } from '../setup/sandbox-fixture';

/** The long-lived shell behind quick commands, against a real sshd of the sandbox. */
describe('quick commands in a long-lived shell', () => {
  const profile = profileSchema.parse(parse(readFileSync(sandboxProfilePath(), 'utf8')));
  const pool = new SshPool(async () => profile, { connectTimeoutMs: 10_000 });
  const host = profile.hosts[0]?.id ?? '';
  afterAll(() => pool.dispose());

  it('gives each command its own output and exit code, in order, even when called at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.execQuick(host, ['sh', '-c', `printf 'line %s' "$1"; echo oops >&2; exit $(($1 % 3))`, 'x', String(i)]),
      ),
    );
    results.forEach((r, i) => {
      expect(r.stdout).toBe(`line ${i}oops\n`);
      expect(r.code).toBe(i % 3);
    });
  });

  it('keeps arguments with shell metacharacters, quotes, newlines and marker-like text as they are', async () => {
    const tricky = [`a'b"c $(id) ; rm -rf /nonexistent`, 'two\nlines', '@@kcc-0000000000000000@@ 0', '*'];
    const r = await pool.execQuick(host, ['printf', '%s|', ...tricky]);
    expect(r.stdout).toBe(`${tricky.join('|')}|`);
    expect(r.code).toBe(0);
  });

  it('recovers from a command that outlives its deadline (the shell is replaced)', async () => {
    await expect(pool.execQuick(host, ['sleep', '5'], { timeoutMs: 300 })).rejects.toMatchObject({ error: { code: 'timeout' } });
    expect((await pool.execQuick(host, ['echo', 'after timeout'])).stdout).toBe('after timeout\n');
  });

  it('runs each command in a subshell: cd, export and exit change nothing for the next one', async () => {
    const home = (await pool.execQuick(host, ['pwd'])).stdout;
    expect((await pool.execQuick(host, ['cd', '/tmp'])).code).toBe(0);
    expect((await pool.execQuick(host, ['pwd'])).stdout).toBe(home);
    expect(await pool.execQuick(host, ['exit', '7'])).toMatchObject({ code: 7, stdout: '' });
    expect((await pool.execQuick(host, ['echo', 'still here'])).stdout).toBe('still here\n');
  });

  it('keeps multi-byte characters whole and long output complete', async () => {
    const r = await pool.execQuick(host, ['sh', '-c', 'i=0; while [ $i -lt 20000 ]; do printf "é€🙂%05d\\n" $i; i=$((i+1)); done']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(lines.every((l, i) => l === `é€🙂${String(i).padStart(5, '0')}`)).toBe(true);
  });
});
