import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppCore } from '../core/app-core';

const example = readFileSync(new URL('../../resources/profiles/example-ec2.yaml', import.meta.url), 'utf8');

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

  it('imports hosts from an ssh config into a profile, keeping comments and existing hosts', async () => {
    const { core: c, profileDir } = core();
    const sshConfig = join(profileDir, 'ssh_config');
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
    expect(text).toContain('# An example cluster profile');
    expect(text).toContain('address: 10.0.1.13');
    const view = await c.router.call('profile.get', { path: target });
    expect(view).toMatchObject({
      ok: true,
      value: { hosts: expect.arrayContaining([expect.objectContaining({ id: 'kafka-3', bastion: 'bastion' })]) },
    });
  });
});
