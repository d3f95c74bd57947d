import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from '../integration/app-harness';
import { kafkaTool } from '../integration/kafka-tools';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

/** The topic's dynamic overrides as `kafka-configs.sh --describe` lists them. */
function topicOverrides(topic: string): string {
  return kafkaTool('kafka-configs.sh', ['--describe', '--entity-type', 'topics', '--entity-name', topic]);
}

describe('Editing configs in the browser (web mode, real cluster; kafka-configs.sh as the oracle)', () => {
  const ctx = useSandboxWebApp();
  let app: AppHarness;
  const topic = `ui-configs-${Date.now()}`;
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 1 });
  }, 60_000);
  afterAll(async () => {
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  it('edits a topic config: the broker refuses a bad value in its words, accepts a good one, and the override can be removed', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.goto(`${new URL(ctx.app.server.loginUrl).origin}/topics/${topic}`);
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByLabel('Filter configs').fill('retention');
    await page.getByTestId('edit-retention.ms').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('config-value').fill('soon');
    await dialog.getByTestId('config-check').click();
    await expect.poll(() => dialog.getByText(/Invalid value soon for configuration retention\.ms/).count(), { timeout: 15_000 }).toBe(1);
    expect(topicOverrides(topic)).not.toContain('retention.ms=');

    await dialog.getByTestId('config-value').fill('7200000');
    await dialog.getByTestId('config-check').click();
    await dialog.getByTestId('config-checked').waitFor({ timeout: 15_000 });
    expect(topicOverrides(topic)).not.toContain('retention.ms=');
    await page.screenshot({ path: `${screenshotDir}/topic-config-edit.png` });
    await dialog.getByTestId('config-save').click();
    await expect.poll(() => page.getByTestId('config-source-retention.ms').textContent(), { timeout: 15_000 }).toBe('topic override');
    expect(await page.getByTestId('config-retention.ms').textContent()).toContain('7200000');
    expect(topicOverrides(topic)).toContain('retention.ms=7200000');
    await page.screenshot({ path: `${screenshotDir}/topic-configs.png` });

    await page.getByTestId('edit-retention.ms').click();
    await page.getByRole('dialog').getByTestId('config-revert').click();
    await expect.poll(() => page.getByTestId('config-source-retention.ms').textContent(), { timeout: 15_000 }).not.toBe('topic override');
    expect(topicOverrides(topic)).not.toContain('retention.ms=');
    await page.close();
  });

  it('shows a broker’s configs with their sources and read-only flags, dark theme', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Brokers' }).click();
    await page.getByRole('button', { name: 'Configs' }).first().click();
    const drawer = page.getByRole('dialog');
    // About 250 configs: the table is virtualized, so the filter brings the ones looked at into view.
    await drawer.getByLabel('Filter configs').fill('zookeeper.connect');
    await drawer.getByTestId('config-source-zookeeper.connect').waitFor({ timeout: 15_000 });
    // Static (server.properties) and not dynamically changeable: no Edit button.
    expect(await drawer.getByTestId('config-source-zookeeper.connect').textContent()).toBe('server.properties');
    expect(await drawer.getByTestId('config-zookeeper.connect').textContent()).toContain('read-only');
    await drawer.getByLabel('Filter configs').fill('message.max');
    await drawer.getByTestId('edit-message.max.bytes').click();
    await page.getByRole('dialog', { name: 'Edit message.max.bytes' }).getByText('All brokers (cluster default)').waitFor();
    await page.screenshot({ path: `${screenshotDir}/broker-config-edit-dark.png` });
    await page.close();
  });
});
