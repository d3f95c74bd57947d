import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { AppError, Result } from '../common/errors';

/**
 * The saved session: where a running web server can be reached and with which token, so `kcc --attach` finds it
 * without the token ever being typed (argv is visible to every user through ps). Written by `npm run web` when it
 * starts, mode 0600 in a 0700 directory, removed when it stops.
 */
export const sessionFileSchema = z.object({
  version: z.literal(1),
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1).max(512),
  pid: z.number().int().positive(),
  startedAt: z.string(),
});
export type SessionFile = z.infer<typeof sessionFileSchema>;

/** `$KCC_SESSION_FILE`, else `$XDG_STATE_HOME/kafka-control-center/session.json` (XDG default `~/.local/state`). */
export function sessionFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KCC_SESSION_FILE) return env.KCC_SESSION_FILE;
  const stateHome = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(stateHome, 'kafka-control-center', 'session.json');
}

/** Writes atomically through a fresh private directory beside the file (a guessable temp name could be a planted link). */
export async function writeSessionFile(path: string, server: { url: string; token: string }): Promise<void> {
  const session: SessionFile = { version: 1, url: server.url, token: server.token, pid: process.pid, startedAt: new Date().toISOString() };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmpDir = await mkdtemp(join(dirname(path), '.kcc-session-'));
  try {
    const tmp = join(tmpDir, 'session.json');
    await writeFile(tmp, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** Removes the file if it still names this server (another server started later may have replaced it). */
export async function removeSessionFile(path: string, token: string): Promise<void> {
  const current = await readSessionFile(path);
  if (current.ok && current.value.token === token) await rm(path, { force: true });
}

/**
 * Reads and checks the session file. Refuses one that other users could read or that another user owns, as ssh
 * refuses such a key: its token would not be a secret, or would not be ours.
 */
export async function readSessionFile(path: string): Promise<Result<SessionFile>> {
  const missing: AppError = {
    code: 'not_found',
    message: `No saved session (${path} does not exist): no Kafka Control Center web server is running for this user.`,
    hint: 'Start the app in web mode (`npm run web`), or give its URL: kcc --attach http://127.0.0.1:PORT/ with the token in KCC_TOKEN.',
  };
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, error: missing };
    return { ok: false, error: { code: 'internal', message: `Cannot read the session file ${path}: ${(e as Error).message}` } };
  }
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message: `The session file ${path} belongs to another user; kcc does not use it.`,
        hint: 'Remove it.',
      },
    };
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message: `The session file ${path} can be read by other users, so its token is no secret; kcc does not use it.`,
        hint: `Run \`chmod 600 ${path}\` and restart the app to get a new token.`,
      },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return {
      ok: false,
      error: { code: 'invalid_input', message: `The session file ${path} is not valid JSON.`, hint: 'Remove it and restart the app.' },
    };
  }
  const parsed = sessionFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `The session file ${path} is not one kcc can read (${parsed.error.issues[0]?.message ?? 'unexpected shape'}).`,
        hint: 'Remove it and restart the app; a kcc and an app of different versions may disagree on its shape.',
      },
    };
  }
  return { ok: true, value: parsed.data };
}
