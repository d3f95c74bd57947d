import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { parseProfile } from '../../src-main/profile/parse-profile';
import type { ProfileInput } from '../../src-main/profile/schemas';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { launchBrowser, screenshotDir } from './browser';
import { startWebApp, type WebApp } from './web-app';

/**
 * From an app with no profile at all to a working one, through the UI alone: hosts written in the editor, the
 * first one's key accepted on first contact, services discovered and reviewed, the profile saved and used.
 */
describe('onboarding a cluster in the browser (web mode)', () => {
  let browser: Browser;
  let app: WebApp;
  let profileDir: string;
  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    profileDir = mkdtempSync(join(tmpdir(), 'kcc-onboard-profiles-'));
    app = await startWebApp({ profileDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('adds hosts, discovers, reviews and saves a profile that the Hosts view then uses', async () => {
    const sandbox = parse(readFileSync(sandboxProfilePath(), 'utf8')) as ProfileInput;
    const hosts = sandbox.hosts.map((h) => ({ ...h }));
    // The first host is met for the first time: its key is in no known_hosts file yet.
    const knownHosts = join(mkdtempSync(join(tmpdir(), 'kcc-onboard-kh-')), 'known_hosts');
    writeFileSync(knownHosts, '');
    hosts[0]!.knownHostsFile = knownHosts;
    const first = hosts[0]!.id;
    const draft = `# Written by hand in the editor; this comment must survive.\nversion: 1\nname: onboarded\nhosts:\n${stringify(hosts)
      .split('\n')
      .map((l) => (l ? `  ${l}` : l))
      .join('\n')}`;

    const page = await browser.newPage({ viewport: { width: 1500, height: 1200 } });
    await page.goto(app.server.loginUrl);
    await page.getByRole('link', { name: 'Profile editor' }).click();
    await page.getByRole('heading', { name: 'Profile editor' }).waitFor();
    const editor = page.getByRole('textbox', { name: 'Profile YAML' });
    await editor.fill(draft);
    // Validated as it is typed: the hosts are fine, the kafka section is still missing.
    await expect
      .poll(() => page.getByTestId('profile-error').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/kafka/));

    const hostRow = page.getByTestId(`draft-host-${first}`);
    await hostRow.getByRole('button', { name: 'Test connection' }).click();
    await hostRow.getByRole('button', { name: 'Review host key…' }).click({ timeout: 20_000 });
    expect(await page.getByTestId('host-fingerprint').textContent()).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await expect.poll(() => page.getByTestId(`draft-host-reach-${first}`).textContent(), { timeout: 20_000 }).toMatch(/SSH ok/);
    expect(readFileSync(knownHosts, 'utf8')).toMatch(/ssh-ed25519 /);
    await page.screenshot({ path: `${screenshotDir}/onboarding-hosts.png`, fullPage: true });

    await page.getByRole('button', { name: 'Discover services' }).click();
    const panel = page.getByTestId('discovery');
    await panel.waitFor({ timeout: 60_000 });
    const brokers = (sandbox.services ?? []).filter((s) => s.kind === 'kafka-broker');
    for (const b of brokers) if (b.kind === 'kafka-broker') await panel.getByTestId(`discovered-broker-${b.brokerId}`).first().waitFor();
    expect(await page.getByTestId('discovery-diff').textContent()).toContain('zookeeper:');
    await page.screenshot({ path: `${screenshotDir}/onboarding-discovered.png`, fullPage: true });

    await panel.getByRole('button', { name: 'Accept proposal' }).click();
    await expect.poll(() => page.getByTestId('profile-validation').textContent(), { timeout: 10_000 }).toBe('valid');
    expect(await editor.inputValue()).toContain('# Written by hand in the editor; this comment must survive.');
    await page.getByLabel('File name').fill('onboarded');
    await page.getByRole('button', { name: 'Save and use this profile' }).click();
    await page.getByTestId('profile-saved').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${screenshotDir}/onboarding-saved.png`, fullPage: true });

    expect(readdirSync(profileDir)).toContain('onboarded.yaml');
    const saved = readFileSync(join(profileDir, 'onboarded.yaml'), 'utf8');
    expect(saved).toContain('# Written by hand in the editor; this comment must survive.');
    const parsed = parseProfile(saved);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(
      parsed.profile.services
        .filter((s) => s.kind === 'kafka-broker')
        .map((s) => s.kind === 'kafka-broker' && s.brokerId)
        .sort(),
    ).toEqual(brokers.map((b) => b.kind === 'kafka-broker' && b.brokerId).sort());
    // Every Flume agent's pipeline, read from its config: all of them, not only the last one proposed.
    const flumeNames = (ps: ReadonlyArray<{ engine: string; name: string }> | undefined) =>
      (ps ?? [])
        .filter((p) => p.engine === 'flume')
        .map((p) => p.name)
        .sort();
    expect(flumeNames(parsed.profile.pipelines)).toEqual(flumeNames(sandbox.pipelines));
    expect(flumeNames(parsed.profile.pipelines).length).toBeGreaterThan(1);

    // The app now works on it: the Hosts view shows the discovered services with their state.
    await page.getByRole('link', { name: 'Hosts & services' }).click();
    const running = parsed.profile.services.find((s) => s.kind === 'zookeeper') ?? parsed.profile.services[0]!;
    await expect.poll(() => page.getByTestId(`status-${running.id}`).textContent(), { timeout: 30_000 }).toBe('running');
    await page.screenshot({ path: `${screenshotDir}/onboarding-hosts-view.png`, fullPage: true });

    // Editing the saved profile and discovering again changes nothing the user wrote: every service is kept as is.
    await page.getByRole('link', { name: 'Profile editor' }).click();
    await page.getByRole('button', { name: 'Edit active profile' }).click();
    await expect.poll(() => editor.inputValue(), { timeout: 10_000 }).toContain('# Written by hand in the editor');
    await page.getByRole('button', { name: 'Discover services' }).click();
    await page.getByTestId('discovery').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('discovery-merge').textContent()).toMatch(/^Accepting adds no service; keeps .+ as you wrote them\.$/);
    // The proposal is the saved text again, pipelines included (they come in id order, whatever order the processes had).
    const changed = page.getByTestId('discovery-diff').locator('[data-diff="added"], [data-diff="removed"]');
    expect(await changed.allTextContents()).toEqual([]);
    await page.close();
  });

  it('imports the hosts from ~/.ssh/config with a preview, trusts each on first contact, discovers and saves', async () => {
    const sandbox = parse(readFileSync(sandboxProfilePath(), 'utf8')) as ProfileInput;
    // A home of its own: the user's ~/.ssh/config lists the hosts, and its known_hosts knows none of them yet.
    const home = mkdtempSync(join(tmpdir(), 'kcc-onboard-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(
      join(home, '.ssh', 'config'),
      sandbox.hosts
        .map(
          (h) =>
            `Host ${h.id}\n  HostName ${h.address}\n  Port ${h.port ?? 22}\n  User ${h.user}\n  IdentityFile ${h.identityFile ?? ''}\n`,
        )
        .join('\n'),
    );
    const realHome = process.env.HOME;
    process.env.HOME = home;
    const dir = mkdtempSync(join(tmpdir(), 'kcc-onboard-profiles-'));
    const own = await startWebApp({ profileDir: dir });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 1200 } });
      await page.goto(own.server.loginUrl);
      await page.getByRole('link', { name: 'Profile editor' }).click();
      await page.getByRole('button', { name: 'Add hosts from ~/.ssh/config…' }).click();
      const dialog = page.getByRole('dialog');
      for (const h of sandbox.hosts) await dialog.getByRole('checkbox', { name: new RegExp(`^${h.id} `) }).check();
      await page.screenshot({ path: `${screenshotDir}/onboarding-ssh-config.png` });
      await dialog.getByRole('button', { name: /^Add \d+ hosts?$/ }).click();
      await dialog.waitFor({ state: 'detached' });
      const editor = page.getByRole('textbox', { name: 'Profile YAML' });
      expect(await editor.inputValue()).toContain('# A cluster profile.');
      for (const h of sandbox.hosts) {
        const row = page.getByTestId(`draft-host-${h.id}`);
        await row.getByRole('button', { name: 'Test connection' }).click();
        await row.getByRole('button', { name: 'Review host key…' }).click({ timeout: 20_000 });
        await page.getByRole('button', { name: 'Trust this key' }).click();
        await expect.poll(() => page.getByTestId(`draft-host-reach-${h.id}`).textContent(), { timeout: 20_000 }).toMatch(/SSH ok/);
      }
      await page.getByRole('button', { name: 'Discover services' }).click();
      const panel = page.getByTestId('discovery');
      await panel.waitFor({ timeout: 60_000 });
      await panel.getByRole('button', { name: 'Accept proposal' }).click();
      await expect.poll(() => page.getByTestId('profile-validation').textContent(), { timeout: 10_000 }).toBe('valid');
      await page.getByLabel('File name').fill('from-ssh-config');
      await page.getByRole('button', { name: 'Save and use this profile' }).click();
      await page.getByTestId('profile-saved').waitFor({ timeout: 20_000 });
      const saved = parseProfile(readFileSync(join(dir, 'from-ssh-config.yaml'), 'utf8'));
      expect(saved.ok).toBe(true);
      if (saved.ok) expect(saved.profile.hosts.map((h) => h.id)).toEqual(sandbox.hosts.map((h) => h.id));
      // Each key was stored in this home's known_hosts as the user accepted it.
      expect(
        readFileSync(join(home, '.ssh', 'known_hosts'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(sandbox.hosts.length);
      await page.screenshot({ path: `${screenshotDir}/onboarding-ssh-config-saved.png`, fullPage: true });
      await page.close();
    } finally {
      process.env.HOME = realHome;
      await own.close();
    }
  });
  it('starts from the shipped example profile: an empty app says how to begin, the template validates and saves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcc-template-profiles-'));
    const own = await startWebApp({ profileDir: dir });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(own.server.loginUrl);
      const empty = page.locator('[data-error-code="no_profile"]').first();
      await empty.waitFor({ timeout: 15_000 });
      expect(await empty.textContent()).toMatch(/Create one in the Profile editor/);
      expect(await empty.textContent()).not.toMatch(/sandbox -- up/);
      await page.screenshot({ path: `${screenshotDir}/onboarding-empty-app.png` });

      await page.getByRole('link', { name: 'Profile editor' }).click();
      await page.getByRole('button', { name: 'New from template' }).click();
      await page.getByRole('menuitem', { name: /example-ec2/ }).click();
      const editor = page.getByRole('textbox', { name: 'Profile YAML' });
      await expect.poll(() => editor.inputValue()).toContain('name: example-ec2');
      await expect.poll(() => page.getByTestId('profile-validation').textContent(), { timeout: 10_000 }).toMatch(/valid/i);
      expect(await page.getByTestId('profile-error').count()).toBe(0);
      await page.screenshot({ path: `${screenshotDir}/onboarding-template.png` });
      await page.getByRole('button', { name: 'Save and use this profile' }).click();
      await expect.poll(() => readdirSync(dir), { timeout: 10_000 }).toContain('my-example-ec2.yaml');
      const saved = parseProfile(readFileSync(join(dir, 'my-example-ec2.yaml'), 'utf8'));
      expect(saved.ok && saved.profile.services.filter((s) => s.kind === 'kafka-broker').length).toBe(4);
    } finally {
      await page.close();
      await own.close();
    }
  });
});
