import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const kcc = new URL('../../bin/kcc.mjs', import.meta.url).pathname;

describe('kcc output through a pipe', () => {
  it('writes a multi-megabyte result whole to a reader that is slow to start', () => {
    const home = mkdtempSync(join(tmpdir(), 'kcc-pipe-'));
    mkdirSync(join(home, '.ssh'));
    // Long user names make a large answer out of few hosts (parsing the config costs per host, not per byte).
    const user = 'u'.repeat(2_000);
    const hosts = Array.from({ length: 1_500 }, (_, i) => `Host node-${i}\n  HostName 10.1.${i >> 8}.${i & 255}\n  User ${user}${i}\n`);
    writeFileSync(join(home, '.ssh', 'config'), hosts.join(''));
    // The reader sleeps first, so the 64 KiB pipe buffer is full long before kcc is done writing.
    const out = execFileSync('sh', ['-c', `node "${kcc}" profile.importSshConfig | (sleep 1; cat)`], {
      env: { ...process.env, HOME: home, KCC_PROFILE_DIR: join(home, 'profiles') },
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'utf8',
    });
    expect(out.length).toBeGreaterThan(2 * 1024 * 1024);
    const parsed = JSON.parse(out) as { hosts: unknown[] };
    expect(parsed.hosts).toHaveLength(1_500);
  }, 120_000);
});
