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
  const created = `ui-configs-new-${Date.now()}`;
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 1, replicationFactor: 1 });
  }, 60_000);
  afterAll(async () => {
    for (const name of [topic, created]) await app.call('topics.delete', { name, confirm: name }).catch(() => undefined);
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
    // With an override, the dialog lists the chain it overrides: the topic's value first, then the broker's default.
    const chain = page.getByRole('table', { name: 'Where the value comes from' });
    expect(await chain.locator('tbody tr').first().textContent()).toContain('topic override');
    await page.screenshot({ path: `${screenshotDir}/topic-config-chain.png` });
    await page.getByRole('dialog').getByTestId('config-revert').click();
    await expect.poll(() => page.getByTestId('config-source-retention.ms').textContent(), { timeout: 15_000 }).not.toBe('topic override');
    expect(topicOverrides(topic)).not.toContain('retention.ms=');
    await page.close();
  });

  it('creates a topic with configs from the dialog: a refused value shows under its config, nothing is created', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.getByRole('button', { name: 'Create topic' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(created);
    await dialog.getByLabel('Replication factor').fill('2');
    for (const [name, value] of [
      ['cleanup.policy', 'shred'],
      ['retention.ms', '3600000'],
      ['min.insync.replicas', '2'],
    ] as const) {
      await dialog.getByRole('button', { name: 'Add config' }).click();
      await dialog.getByLabel('Config name').last().fill(name);
      await dialog.getByLabel(`Value of ${name}`).fill(value);
    }
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 20_000 }).toMatch(/Invalid value shred for configuration cleanup\.policy/);
    await page.screenshot({ path: `${screenshotDir}/topic-create-configs-error.png` });
    expect(kafkaTool('kafka-topics.sh', ['--list'])).not.toContain(created);

    await dialog.getByLabel('Value of cleanup.policy').fill('compact');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    const described = topicOverrides(created);
    expect(described).toContain('cleanup.policy=compact');
    expect(described).toContain('retention.ms=3600000');
    expect(described).toContain('min.insync.replicas=2');
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
