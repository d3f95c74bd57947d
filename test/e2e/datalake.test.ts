import { describe, expect, it } from 'vitest';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';
import { lakeSetup } from '../integration/lake-oracle';

describe('Data lake in the browser (web mode, real HDFS and Flume)', () => {
  const ctx = useSandboxWebApp();

  it('lists the landed files of the HDFS pipeline, shows the first lines of one, and counts lines', async () => {
    const { lake } = lakeSetup();
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    try {
      await page.goto(ctx.app.server.loginUrl);
      await page.getByRole('link', { name: 'Data lake' }).click();
      const card = page.getByTestId(`landing-${lake.id}`);
      await expect.poll(async () => Number(await card.getByTestId('lake-files').textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
      // A closed file (an in-use one starts with "_" and may be empty, or an orphan of a killed agent).
      await card.locator('[data-testid^="lake-file-iot"]').first().click();
      await expect.poll(() => card.getByTestId('lake-head-lines').textContent(), { timeout: 15_000 }).toMatch(/\{.*\}/);
      await card.getByRole('button', { name: 'Count lines' }).click();
      await expect.poll(() => card.getByTestId('lake-lines').textContent(), { timeout: 60_000 }).toMatch(/\d/);
      await card.getByRole('button', { name: 'Landed vs produced' }).click();
      await expect.poll(() => card.getByTestId('lake-produced').textContent(), { timeout: 60_000 }).toMatch(/\d/);
      await page.screenshot({ path: `${screenshotDir}/datalake.png`, fullPage: true });
    } finally {
      await page.close();
    }
  }, 180_000);
});
