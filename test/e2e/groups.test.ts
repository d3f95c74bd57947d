import { mkdirSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { launchBrowser, screenshotDir } from './browser';
import { startWebApp } from './web-app';

describe('Consumer groups in the browser (web mode, real sandbox)', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startWebApp>>;
  const group = `ui-group-${Date.now()}`;
  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const kafka = new Kafka({ clientId: 'kcc-e2e', brokers: ['127.0.0.3:9092'], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({
      groupId: group,
      topic: 'sandbox-check',
      partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })),
    });
    await admin.disconnect();
    app = await startWebApp({ profileFile: sandboxProfilePath() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a group’s lag per partition and resets it to latest', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(app.server.loginUrl);
    await page.getByRole('link', { name: 'Consumer groups' }).click();
    await page.getByTestId(`group-${group}`).click({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('group-state').textContent(), { timeout: 10_000 }).toBe('Empty');
    const lagBefore = Number((await page.getByTestId('group-lag').textContent())?.replace('lag ', ''));
    expect(lagBefore).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Lag per partition' }).locator('tbody tr').count()).toBe(3);
    await page.screenshot({ path: `${screenshotDir}/consumer-groups.png` });
    await page.getByLabel('To', { exact: true }).first().click();
    await page.getByRole('option', { name: 'latest' }).click();
    await page.getByTestId('reset-preview').click();
    await page.getByTestId('reset-apply').click();
    await expect.poll(() => page.getByTestId('group-lag').textContent(), { timeout: 15_000 }).toBe('lag 0');
    await page.close();
  });
});
