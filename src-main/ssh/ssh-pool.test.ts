import { describe, expect, it } from 'vitest';
import type { Profile } from '../profile/schemas';
import { SshPool } from './ssh-pool';

function loopProfile(): Profile {
  const host = (id: string, bastion: string) => ({
    id,
    address: '127.0.0.9',
    port: 22,
    user: 'nobody',
    passphrasePrompt: false,
    agent: false,
    bastion,
  });
  // Built by hand, past the schema: a profile edited while the app runs is checked again at connect time.
  return {
    version: 1,
    name: 'loop',
    hosts: [host('a', 'b'), host('b', 'a')],
    services: [],
    pipelines: [],
    kafka: { bootstrap: ['127.0.0.9:9092'], zookeeper: '127.0.0.9:2181' },
  };
}

describe('SshPool', () => {
  it('refuses a bastion loop at connect time instead of waiting forever', async () => {
    const pool = new SshPool(() => Promise.resolve(loopProfile()), { connectTimeoutMs: 1000 });
    const outcome = await Promise.race([
      pool.exec('a', ['true']).then(
        () => 'ran',
        (err: unknown) => err,
      ),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 3000)),
    ]);
    expect(outcome).toMatchObject({ error: { code: 'invalid_profile', message: expect.stringMatching(/a → b → a/) } });
    await expect(pool.presentedFingerprint('b')).rejects.toMatchObject({ error: { code: 'invalid_profile' } });
    await pool.dispose();
  });
});
