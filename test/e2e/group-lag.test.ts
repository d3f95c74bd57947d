import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from '../integration/app-harness';
import { groupOffsets, kcat } from '../integration/kafka-tools';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

describe('Lag over time in the browser (web mode, real cluster)', () => {
  const ctx = useSandboxWebApp();
  let app: AppHarness;
  const stamp = Date.now();
  const topic = `ui-lag-${stamp}`;
  const group = `ui-lag-group-${stamp}`;
  const produce = (n: number) => {
    for (const p of [0, 1, 2])
      kcat(['-P', '-t', topic, '-p', String(p)], `${Array.from({ length: n * (p + 1) }, (_, i) => `m-${i}`).join('\n')}\n`);
  };
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 3, replicationFactor: 1 });
    produce(1);
    await app.call('groups.resetOffsets', { groupId: group, topic, to: 'latest' });
  }, 60_000);
  afterAll(async () => {
    await app.call('groups.delete', { groupId: group }).catch(() => undefined);
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  it('draws the lag rising as messages arrive and falling as the group catches up', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Consumer groups' }).click();
    await page.getByTestId(`group-${group}`).click({ timeout: 15_000 });
    const card = page.getByTestId('lag-over-time');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toMatch(/now 0/);
    // 10, 20 and 30 new messages on partitions 0, 1 and 2, in two steps a few samples apart.
    produce(5);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/now 30/);
    produce(5);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/now 60/);
    await page.getByTestId('lag-chart').locator('canvas').waitFor();
    await page.screenshot({ path: `${screenshotDir}/group-lag-total.png` });

    await card.getByRole('switch', { name: 'Per partition' }).click();
    // uPlot's legend names each series: one per partition.
    await expect.poll(() => card.locator('.u-legend .u-series').count(), { timeout: 15_000 }).toBe(4);
    await page.screenshot({ path: `${screenshotDir}/group-lag-partitions.png` });

    // The group catches up (as a consumer would by committing the end offsets): the lag falls to 0.
    await app.call('groups.resetOffsets', { groupId: group, topic, to: 'latest' });
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '11'],
      [1, '22'],
      [2, '33'],
    ]);
    await card.getByRole('switch', { name: 'Per partition' }).click();
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/now 0/);
    await page.screenshot({ path: `${screenshotDir}/group-lag-caught-up.png` });
    await page.close();

    const dark = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await dark.goto(ctx.app.server.loginUrl);
    await dark.getByRole('link', { name: 'Consumer groups' }).click();
    await dark.getByTestId(`group-${group}`).click({ timeout: 15_000 });
    await dark.getByTestId('lag-chart').locator('canvas').waitFor();
    await dark.screenshot({ path: `${screenshotDir}/group-lag-dark.png` });
    await dark.close();
  }, 120_000);
});
