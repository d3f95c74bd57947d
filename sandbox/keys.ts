import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runCommand } from './command';

/**
 * ed25519 key pairs made with ssh-keygen. Generated once and kept across ups
 * and resets: a new host key would turn every known_hosts entry that trusted
 * the old one into a "host key changed" refusal.
 */
export async function ensureKeyPair(keygen: string, privateKeyFile: string, comment: string): Promise<string> {
  const publicKeyFile = `${privateKeyFile}.pub`;
  if (!(await exists(privateKeyFile))) {
    await mkdir(dirname(privateKeyFile), { recursive: true, mode: 0o700 });
    await rm(publicKeyFile, { force: true });
    await runCommand(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', privateKeyFile], { timeoutMs: 30_000 });
  } else if (!(await exists(publicKeyFile))) {
    const { stdout } = await runCommand(keygen, ['-y', '-f', privateKeyFile], { timeoutMs: 30_000 });
    await writeFile(publicKeyFile, `${stdout.trim()} ${comment}\n`);
  }
  return (await readFile(publicKeyFile, 'utf8')).trim();
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
