import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileStore } from './profile-store';

const example = readFileSync(new URL('./fixtures/small-ec2.yaml', import.meta.url), 'utf8');

describe('ProfileStore.load', () => {
  it('parses a profile once while its file is unchanged, and again when its text changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcc-store-'));
    const file = join(dir, 'prod.yaml');
    writeFileSync(file, example);
    const store = new ProfileStore({ profileDir: dir, initial: file });
    const first = (await store.load()).profile;
    expect((await store.load()).profile).toBe(first);

    // Written again with the same text and a new mtime: still the same profile object (sessions key on it).
    writeFileSync(file, example);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await store.load()).profile).toBe(first);

    writeFileSync(file, example.replace(/^name: .*$/m, 'name: renamed'));
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const changed = (await store.load()).profile;
    expect(changed).not.toBe(first);
    expect(changed.name).toBe('renamed');
  });
});
