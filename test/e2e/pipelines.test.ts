import { describe, expect, it } from 'vitest';
import { defaultTopology, iotPaths, sandboxPaths, writeSensorReadings } from '../../sandbox/index';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

describe('Pipelines in the browser (web mode, real sandbox and Kafka Connect)', () => {
  const ctx = useSandboxWebApp();

  it("shows both of the seed's pipelines running, then the data lake pipeline stopped with its lag growing, and brings it back", async () => {
    const iot = iotPaths(sandboxPaths(), defaultTopology);
    if (!iot) throw new Error('the sandbox has no Connect worker');
    // The IoT generator writes readings all along, as sensors would.
    const generator = setInterval(() => void writeSensorReadings(iot, 25), 500);
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(ctx.app.server.loginUrl);
      await page.getByRole('link', { name: 'Pipelines' }).click();
      const ingest = page.getByTestId('pipeline-iot-ingest');
      const lake = page.getByTestId('pipeline-iot-datalake');
      await expect.poll(() => ingest.getByTestId('pipeline-state').textContent(), { timeout: 20_000 }).toBe('running');
      if ((await lake.getByTestId('pipeline-state').textContent()) !== 'running') await lake.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => lake.getByTestId('pipeline-state').textContent(), { timeout: 20_000 }).toBe('running');
      // Rates come from two looks a few seconds apart.
      await expect
        .poll(async () => Number((await ingest.getByTestId('rate-out').textContent())?.replace(/[^\d.]/g, '') || 0), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await expect
        .poll(async () => Number((await lake.getByTestId('rate-in').textContent())?.replace(/[^\d.]/g, '') || 0), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await page.screenshot({ path: `${screenshotDir}/pipelines-running.png` });
      // The picture: both of the pair's edges flow, meeting at the topic's box.
      const flow = page.getByTestId('pipeline-flow');
      await expect.poll(() => flow.getByTestId('flow-edge-iot-datalake-in').getAttribute('data-flowing'), { timeout: 10_000 }).toBe('true');
      expect(await flow.getByTestId('flow-edge-iot-ingest-out').getAttribute('data-flowing')).toBe('true');

      await lake.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => lake.getByTestId('pipeline-state').textContent(), { timeout: 20_000 }).toBe('stopped');
      const lagOf = async () => Number((await lake.getByTestId('lag').textContent())?.replace(/,/g, ''));
      const lag1 = await lagOf();
      await expect.poll(lagOf, { timeout: 20_000 }).toBeGreaterThan(lag1 + 100);
      expect(await ingest.getByTestId('pipeline-state').textContent()).toBe('running');
      // Pipeline 2's edge stops while pipeline 1's keeps flowing, and the topic's box shows the backlog.
      await expect
        .poll(() => flow.getByTestId('flow-edge-iot-datalake-in').getAttribute('data-flowing'), { timeout: 10_000 })
        .toBe('false');
      expect(await flow.getByTestId('flow-edge-iot-ingest-out').getAttribute('data-flowing')).toBe('true');
      await expect.poll(() => flow.getByTestId('flow-topic-iot-readings').getAttribute('data-state'), { timeout: 10_000 }).toBe('backlog');
      await page.screenshot({ path: `${screenshotDir}/pipelines-datalake-stopped.png` });
      await flow.screenshot({ path: `${screenshotDir}/pipelines-flow-stopped.png` });

      await lake.getByRole('button', { name: 'Details' }).click();
      const files = page.getByRole('table', { name: 'Landing files' });
      await expect.poll(() => files.textContent(), { timeout: 15_000 }).toContain('iot-readings.jsonl');
      await page.screenshot({ path: `${screenshotDir}/pipelines-detail.png` });
      await page.keyboard.press('Escape');

      await lake.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => lake.getByTestId('pipeline-state').textContent(), { timeout: 20_000 }).toBe('running');
      clearInterval(generator);
      await expect.poll(lagOf, { timeout: 60_000 }).toBe(0);
    } finally {
      clearInterval(generator);
      await page.close();
    }
  }, 180_000);
});
