import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptedFileSecretStore, noSecretStore, type SecretCipher } from './secret-store';

// Stands in for Electron's safeStorage, which needs the Electron binary: reversible, and visibly not the clear text.
function testCipher(key: number, available = true): SecretCipher & { available: boolean } {
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (plain) => Buffer.from([key, ...Buffer.from(plain, 'utf8').map((b) => b ^ key)]),
    decryptString: (enc) => {
      if (enc[0] !== key) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(enc.subarray(1).map((b) => b ^ key)).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kcc-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encrypted secret store', () => {
  it('keeps a password across instances, encrypted, in a file only the user can read', async () => {
    const file = join(dir, 'state', 'secrets.json');
    await encryptedFileSecretStore(file, testCipher(0x5a)).set('streamsets admin@http://sdc:18630', 's3cret pass');
    const again = encryptedFileSecretStore(file, testCipher(0x5a));
    expect(await again.get('streamsets admin@http://sdc:18630')).toBe('s3cret pass');
    expect(await again.has('streamsets admin@http://sdc:18630')).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('s3cret');
    expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('forgets a password, and says whether there was one', async () => {
    const store = encryptedFileSecretStore(join(dir, 'secrets.json'), testCipher(7));
    await store.set('a', 'x');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.get('a')).toBeUndefined();
  });

  it('reads a password encrypted under another keychain as missing, and a damaged file as empty', async () => {
    const file = join(dir, 'secrets.json');
    await encryptedFileSecretStore(file, testCipher(1)).set('a', 'x');
    expect(await encryptedFileSecretStore(file, testCipher(2)).get('a')).toBeUndefined();
    await writeFile(file, '{"version":1,"secrets":[1,2]}');
    expect(await encryptedFileSecretStore(file, testCipher(1)).get('a')).toBeUndefined();
  });

  it('refuses to store without a keychain, with a way out', async () => {
    const store = encryptedFileSecretStore(join(dir, 'secrets.json'), testCipher(1, false));
    expect(store.available).toBe(false);
    await expect(store.set('a', 'x')).rejects.toMatchObject({
      error: { code: 'unavailable', hint: expect.stringContaining('passwordEnv') },
    });
    await expect(noSecretStore.set('a', 'x')).rejects.toMatchObject({ error: { code: 'unavailable' } });
  });
});
