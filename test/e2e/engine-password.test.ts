import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startStreamSetsTestServer, type StreamSetsTestServer } from '../fakes/streamsets-test-server';
import { profileVariant } from '../integration/app-harness';
import { encryptedFileSecretStore, type SecretCipher } from '../../src-main/common/secret-store';
import { launchBrowser, screenshotDir } from './browser';
import { startWebApp, type WebApp } from './web-app';

// Electron's safeStorage needs the Electron binary: the desktop app's store is driven here with a stand-in cipher.
const cipher: SecretCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5c)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5c)).toString('utf8'),
};

/**
 * The StreamSets password typed into the Pipelines view: with a keychain-backed store (the desktop app) it is saved
 * and the pipeline's engine answers; without one (web mode) the button says where the password goes instead.
 */
describe('a StreamSets password from the Pipelines view', () => {
  let sdc: StreamSetsTestServer;
  let browser: Browser;
  let dir: string;
  let profile: string;
  const apps: WebApp[] = [];
  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    sdc = await startStreamSetsTestServer({ users: { ops: { password: 'kcc-Ops-1', roles: ['admin'] } } });
    dir = mkdtempSync(join(tmpdir(), 'kcc-e2e-secrets-'));
    profile = profileVariant((p) => {
      p.services = [
        ...(p.services ?? []),
        { id: 'sdc-ops', kind: 'streamsets', host: 'datalake-1', installDir: '/opt/streamsets', baseUrl: sdc.url, user: 'ops' },
      ];
      p.pipelines = [
        {
          id: 'sdc-ingest',
          engine: 'streamsets',
          service: 'sdc-ops',
          name: sdc.ids.iotToKafka,
          source: 'IoT sensor files',
          sink: 'topic iot-sensors',
          topic: 'iot-sensors',
        },
      ];
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const a of apps) await a.close();
    await sdc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is saved encrypted, and the pipeline shows its state once the engine accepts the login', async () => {
    const app = await startWebApp({ profileFile: profile, secrets: encryptedFileSecretStore(join(dir, 'secrets.json'), cipher) });
    apps.push(app);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.loginUrl);
    await page.getByRole('link', { name: 'Pipelines' }).click();
    const card = page.getByTestId('pipeline-sdc-ingest');
    await expect.poll(() => card.getByTestId('pipeline-state').textContent(), { timeout: 20_000 }).toBe('unknown');
    expect(await card.getByTestId('pipeline-message').textContent()).toMatch(/user name or password/i);
    await card.getByTestId('engine-password').click();
    await page.getByLabel('Password', { exact: true }).fill('kcc-Ops-1');
    await page.screenshot({ path: `${screenshotDir}/pipelines-engine-password.png` });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getByTestId('pipeline-state').textContent(), { timeout: 20_000 }).toBe('stopped');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('kcc-Ops-1');
    await page.screenshot({ path: `${screenshotDir}/pipelines-engine-password-saved.png` });
    await page.close();
  });

  it('says, where no keychain is, to name an environment variable instead', async () => {
    const app = await startWebApp({ profileFile: profile });
    apps.push(app);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.loginUrl);
    await page.getByRole('link', { name: 'Pipelines' }).click();
    const button = page.getByTestId('pipeline-sdc-ingest').getByTestId('engine-password');
    await button.waitFor({ timeout: 20_000 });
    expect(await button.isDisabled()).toBe(true);
    await button.locator('..').hover();
    await expect.poll(() => page.getByRole('tooltip').textContent(), { timeout: 5_000 }).toMatch(/passwordEnv/);
    await page.close();
  });
});
