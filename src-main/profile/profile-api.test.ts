import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../core/app-core';

const example = readFileSync(new URL('./fixtures/small-ec2.yaml', import.meta.url), 'utf8');

function core() {
  const profileDir = mkdtempSync(join(tmpdir(), 'kcc-profiles-'));
  return { profileDir, core: createAppCore({ mode: 'cli', profileDir }) };
}

describe('profile API', () => {
  it('saves a valid profile, lists it, and refuses to overwrite it silently', async () => {
    const { core: c, profileDir } = core();
    const saved = await c.router.call('profile.save', { name: 'prod', yaml: example });
    expect(saved).toMatchObject({ ok: true, value: { path: join(profileDir, 'prod.yaml'), name: 'example-ec2' } });
    const list = await c.router.call('profile.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ name: 'example-ec2', active: true }] });
    expect(await c.router.call('profile.save', { name: 'prod', yaml: example })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await c.router.call('profile.save', { name: 'prod', yaml: example, overwrite: true })).toMatchObject({ ok: true });
  });

  it('refuses to save an invalid profile and names the field', async () => {
    const { core: c, profileDir } = core();
    const r = await c.router.call('profile.save', { name: 'bad', yaml: example.replace('brokerId: 2', 'brokerId: 0') });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_profile', field: 'services[3].brokerId' } });
    expect(() => readFileSync(join(profileDir, 'bad.yaml'))).toThrow();
    expect(await c.router.call('profile.save', { name: '../escape', yaml: example })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'name' },
    });
  });

  const realHome = process.env.HOME;
  afterEach(() => {
    process.env.HOME = realHome;
  });

  /** A home of its own with ~/.ssh, so no test reads or writes the real one. */
  function fakeHome(): string {
    const home = mkdtempSync(join(tmpdir(), 'kcc-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    process.env.HOME = home;
    return home;
  }

  it('imports hosts from an ssh config into a profile, keeping comments and existing hosts', async () => {
    const { core: c, profileDir } = core();
    const sshConfig = join(fakeHome(), '.ssh', 'config');
    writeFileSync(
      sshConfig,
      'Host kafka-3\n  HostName 10.0.1.13\n  User ec2-user\n  IdentityFile ~/.ssh/k.pem\n  ProxyJump bastion\nHost bastion\n  HostName b.example.com\n',
    );
    const target = join(profileDir, 'prod.yaml');
    writeFileSync(target, example);
    const preview = await c.router.call('profile.importSshConfig', { path: sshConfig });
    expect(preview).toMatchObject({
      ok: true,
      value: { hosts: [{ id: 'kafka-3', bastion: 'bastion', auth: 'key' }, { id: 'bastion' }], added: [] },
    });
    expect(JSON.stringify(preview)).not.toContain('k.pem');
    const merged = await c.router.call('profile.importSshConfig', { path: sshConfig, into: target });
    expect(merged).toMatchObject({ ok: true, value: { added: ['kafka-3'], kept: ['bastion'] } });
    const text = readFileSync(target, 'utf8');
    expect(text).toContain('# A small profile for the profile tests');
    expect(text).toContain('address: 10.0.1.13');
    const view = await c.router.call('profile.get', { path: target });
    expect(view).toMatchObject({
      ok: true,
      value: { hosts: expect.arrayContaining([expect.objectContaining({ id: 'kafka-3', bastion: 'bastion' })]) },
    });
  });

  it('opens only known profiles: the profile directory and the files the app was started with', async () => {
    const { core: c, profileDir } = core();
    writeFileSync(join(profileDir, 'prod.yaml'), example);
    expect(await c.router.call('profile.get', { path: join(profileDir, 'prod.yaml') })).toMatchObject({ ok: true });
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'kcc-elsewhere-')), 'other.yaml');
    writeFileSync(elsewhere, example);
    for (const path of [elsewhere, '/etc/passwd', join(profileDir, '..', 'x.yaml'), join(profileDir, 'missing.yaml')]) {
      for (const method of ['profile.get', 'profile.select'] as const) {
        const r = await c.router.call(method, { path });
        expect(r, `${method} ${path}`).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'path' } });
        expect(JSON.stringify(r)).not.toContain('root:');
      }
    }
    const started = createAppCore({ mode: 'cli', profileDir, profileFile: elsewhere });
    expect(await started.router.call('profile.get', { path: elsewhere })).toMatchObject({ ok: true });
  });

  it('imports only an ssh config under ~/.ssh, and only into a known profile', async () => {
    const { core: c, profileDir } = core();
    const home = fakeHome();
    writeFileSync(join(home, '.ssh', 'config'), 'Host kafka-3\n  HostName 10.0.1.13\n');
    expect(await c.router.call('profile.importSshConfig', {})).toMatchObject({ ok: true, value: { hosts: [{ id: 'kafka-3' }] } });
    const outside = join(profileDir, 'ssh_config');
    writeFileSync(outside, 'Host x\n  HostName 10.0.0.1\n');
    for (const path of [outside, '/etc/passwd', join(home, '.ssh', '..', 'config')]) {
      expect(await c.router.call('profile.importSshConfig', { path }), path).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', field: 'path' },
      });
    }
    const notAProfile = join(mkdtempSync(join(tmpdir(), 'kcc-into-')), 'p.yaml');
    writeFileSync(notAProfile, example);
    expect(await c.router.call('profile.importSshConfig', { into: notAProfile })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'into' },
    });
    expect(readFileSync(notAProfile, 'utf8')).toBe(example);
  });

  it('saves through a temp file of its own: a link planted at a guessable name does not redirect the write', async () => {
    const { core: c, profileDir } = core();
    const victim = join(mkdtempSync(join(tmpdir(), 'kcc-victim-')), 'victim');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, join(profileDir, `prod.yaml.${process.pid}.tmp`));
    expect(await c.router.call('profile.save', { name: 'prod', yaml: example })).toMatchObject({ ok: true });
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(join(profileDir, 'prod.yaml'), 'utf8')).toBe(example);
  });
});

describe('profile API for the editor', () => {
  const realHome = process.env.HOME;
  afterEach(() => {
    process.env.HOME = realHome;
  });

  it('adds ssh-config hosts to draft text, keeping its comments, without writing any file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kcc-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    process.env.HOME = home;
    writeFileSync(join(home, '.ssh', 'config'), 'Host kafka-a\n  HostName 10.0.0.9\n  User ec2-user\n  IdentityFile ~/.ssh/a.pem\n');
    const { core: c } = core();
    const draft = '# my draft\nversion: 1\nname: d\nhosts: []\n';
    const r = await c.router.call('profile.importSshConfig', { yaml: draft, hosts: ['kafka-a'] });
    if (!r.ok) throw new Error(r.error.message);
    const out = r.value as { yaml?: string; added: string[] };
    expect(out.added).toEqual(['kafka-a']);
    expect(out.yaml).toContain('# my draft');
    expect(out.yaml).toContain('address: 10.0.0.9');
    expect(await c.router.call('profile.list', {})).toMatchObject({ ok: true, value: [] });
  });

  it("gives the active profile's text with its comments, and refuses a file that is not a profile", async () => {
    const { core: c } = core();
    const saved = await c.router.call('profile.save', { name: 'prod', yaml: `# kept\n${example}` });
    if (!saved.ok) throw new Error(saved.error.message);
    const src = await c.router.call('profile.source', {});
    expect(src).toMatchObject({ ok: true, value: { name: 'prod', yaml: expect.stringContaining('# kept') } });
    expect(await c.router.call('profile.source', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('discovers on draft hosts: an unreachable one is reported, not thrown; hosts and path together are refused', async () => {
    const { core: c } = core();
    const hosts = [{ id: 'gone', address: '127.0.0.1', port: 1, user: 'root' }];
    const r = await c.router.call('profile.discover', { hosts });
    if (!r.ok) throw new Error(r.error.message);
    const out = r.value as { valid: boolean; hosts: Array<{ host: string; reachable: boolean; error?: { code: string } }> };
    expect(out.hosts).toEqual([
      expect.objectContaining({ host: 'gone', reachable: false, error: expect.objectContaining({ code: 'host_unreachable' }) }),
    ]);
    // Nothing found, so no kafka section: the proposal is not a usable profile, and says so.
    expect(out.valid).toBe(false);
    expect(await c.router.call('profile.discover', { hosts, path: '/x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await c.router.call('profile.discover', { hosts: [{ id: 'bad id!', address: 'a', user: 'u' }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
