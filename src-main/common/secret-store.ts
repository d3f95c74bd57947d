import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { fail } from './errors';

/** What encrypts secrets at rest: Electron's safeStorage in the desktop app (the OS keychain's key). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Passwords the user typed into the app, kept encrypted between runs. */
export interface SecretStore {
  /** Whether secrets can be stored here at all (the desktop app with an OS keychain). */
  readonly available: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
}

const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/** Web mode and kcc have no keychain: nothing is stored, and saying so beats writing a password in clear. */
export const noSecretStore: SecretStore = {
  available: false,
  get: async () => undefined,
  has: async () => false,
  delete: async () => false,
  set: async () =>
    fail('unavailable', 'Passwords can be stored only in the desktop app, where the system keychain encrypts them.', {
      hint: 'Here, name an environment variable that holds the password (passwordEnv in the profile).',
    }),
};

/**
 * One JSON file of ciphertexts (base64), readable by the user alone. Each value is encrypted on its own, so a
 * file copied to another account or machine decrypts nothing.
 */
export function encryptedFileSecretStore(file: string, cipher: SecretCipher): SecretStore {
  async function read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return {};
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    // A damaged file loses its passwords (the user types them again) but never stops the app.
    return parsed.success ? parsed.data.secrets : {};
  }
  async function write(secrets: Record<string, string>): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, secrets }, null, 2), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  }
  return {
    get available() {
      return cipher.isEncryptionAvailable();
    },
    async get(key) {
      const stored = (await read())[key];
      if (stored === undefined || !cipher.isEncryptionAvailable()) return undefined;
      try {
        return cipher.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        // Encrypted under another keychain (a restored backup): as if never stored.
        return undefined;
      }
    },
    async has(key) {
      return (await read())[key] !== undefined;
    },
    async set(key, value) {
      if (!cipher.isEncryptionAvailable())
        fail('unavailable', 'The system keychain is not available, so the password cannot be stored encrypted.', {
          hint: 'On Linux, unlock or install a keyring (GNOME Keyring, KWallet); or name an environment variable that holds the password (passwordEnv in the profile).',
        });
      const secrets = await read();
      secrets[key] = cipher.encryptString(value).toString('base64');
      await write(secrets);
    },
    async delete(key) {
      const secrets = await read();
      if (secrets[key] === undefined) return false;
      delete secrets[key];
      await write(secrets);
      return true;
    },
  };
}
