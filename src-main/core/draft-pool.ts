import type { z } from 'zod';
import { draftProfile } from '../profile/draft-profile';
import type { hostSchema, Profile } from '../profile/schemas';
import { SshPool } from '../ssh/ssh-pool';

/**
 * An SSH pool over a draft's hosts (the profile editor's, not saved yet), for one call: closed when it returns.
 * Host keys are checked against the same known_hosts files as the real profile's, so a key trusted here is known
 * once the profile is saved.
 */
export async function withDraftPool<T>(
  hosts: ReadonlyArray<z.input<typeof hostSchema>>,
  run: (pool: SshPool, profile: Profile) => Promise<T>,
): Promise<T> {
  const profile = draftProfile(hosts);
  const pool = new SshPool(async () => profile, { connectTimeoutMs: 10_000 });
  try {
    return await run(pool, profile);
  } finally {
    await pool.dispose();
  }
}
