import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSessionFile, removeSessionFile, sessionFilePath, writeSessionFile } from './session-file';

const token = 'a1'.repeat(24);

describe('the saved session', () => {
  it('lives under $XDG_STATE_HOME, or where $KCC_SESSION_FILE says; a relative XDG_STATE_HOME is ignored', () => {
    expect(sessionFilePath({ XDG_STATE_HOME: '/s' })).toBe('/s/kafka-control-center/session.json');
    expect(sessionFilePath({ XDG_STATE_HOME: '/s', KCC_SESSION_FILE: '/x/y.json' })).toBe('/x/y.json');
    expect(sessionFilePath({ XDG_STATE_HOME: 'rel', HOME: '/h' })).toMatch(/\/\.local\/state\/kafka-control-center\/session\.json$/);
  });

  it('is written 0600 in a 0700 directory and read back', async () => {
    const file = sessionFilePath({ XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kcc-session-')) });
    await writeSessionFile(file, { url: 'http://127.0.0.1:4000/', token });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    const read = await readSessionFile(file);
    expect(read).toMatchObject({ ok: true, value: { version: 1, url: 'http://127.0.0.1:4000/', token, pid: process.pid } });
  });

  it('is removed at stop only while it still names this server', async () => {
    const file = sessionFilePath({ XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kcc-session-')) });
    await writeSessionFile(file, { url: 'http://127.0.0.1:4000/', token: 'another-server-token' });
    await removeSessionFile(file, token);
    expect((await readSessionFile(file)).ok).toBe(true);
    await removeSessionFile(file, 'another-server-token');
    expect(await readSessionFile(file)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('is refused when other users can read it, and explained when it is missing or malformed', async () => {
    const file = sessionFilePath({ XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kcc-session-')) });
    expect(await readSessionFile(file)).toMatchObject({
      ok: false,
      error: { code: 'not_found', hint: expect.stringContaining('npm run web') },
    });
    await writeSessionFile(file, { url: 'http://127.0.0.1:4000/', token });
    chmodSync(file, 0o640);
    const loose = await readSessionFile(file);
    expect(loose).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringContaining('can be read by other users') },
    });
    expect(JSON.stringify(loose)).not.toContain(token);
    writeFileSync(file, '{"version":1,"url":"ftp://x/","token":"t","pid":1,"startedAt":"now"}', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(await readSessionFile(file)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    writeFileSync(file, 'not json');
    expect(await readSessionFile(file)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('not valid JSON') },
    });
  });
});
