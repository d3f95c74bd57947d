import { describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

describe('Topics in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();

  it('creates a topic (after field errors), shows its partitions, and deletes it after typing its name', async () => {
    const name = `ui-topic-${Date.now()}`;
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Topics' }).click();
    // Other suites leave topics behind; the list is virtualized, so find the one wanted by searching.
    await page.getByRole('textbox', { name: 'Search topics' }).fill('sandbox-check');
    await page.getByTestId('topic-row-sandbox-check').waitFor({ timeout: 15_000 });
    await page.getByRole('textbox', { name: 'Search topics' }).fill('');

    await page.getByRole('button', { name: 'Create topic' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('bad name/with slash');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('may only contain letters');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Replication factor').fill('5');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('4 are registered');
    await page.screenshot({ path: `${screenshotDir}/topics-create-error.png` });
    await dialog.getByLabel('Replication factor').fill('3');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
    await page.getByRole('textbox', { name: 'Search topics' }).fill('ui-topic');
    await page.getByTestId(`topic-row-${name}`).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${screenshotDir}/topics.png` });

    await page.getByRole('link', { name }).click();
    await page.getByTestId('partition-2').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('table', { name: 'Partitions' }).locator('tbody tr').count()).toBe(3);
    // Leaders are elected a moment after creation; the ZooKeeper watch brings the update.
    await expect.poll(() => page.getByTestId('partition-0').textContent(), { timeout: 10_000 }).toMatch(/ok$/);
    await page.screenshot({ path: `${screenshotDir}/topic-detail.png` });

    await page.getByRole('button', { name: 'Delete topic' }).click();
    const confirm = page.getByRole('dialog');
    expect(await confirm.getByRole('button', { name: 'Delete topic' }).isDisabled()).toBe(true);
    await confirm.getByLabel('Confirm topic name').fill(name);
    await confirm.getByRole('button', { name: 'Delete topic' }).click();
    await page.getByRole('textbox', { name: 'Search topics' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId(`topic-row-${name}`).count(), { timeout: 20_000 }).toBe(0);
    await page.close();
  });

  it('produces a message from the dialog and reads it back in the Messages tab', async () => {
    const marker = `ui-${Date.now()}`;
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.getByRole('textbox', { name: 'Search topics' }).fill('sandbox-check');
    await page.getByRole('link', { name: 'sandbox-check' }).click();
    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.getByRole('button', { name: 'Produce…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Key').fill('sensor-42');
    await dialog.getByLabel('Value').fill(`{"sensor":"sensor-42","temperature":21.5,"marker":"${marker}"}`);
    await dialog.getByLabel('Headers').fill('source=ui');
    await dialog.getByRole('button', { name: 'Produce' }).click();
    await expect
      .poll(() => dialog.getByTestId('produced').textContent(), { timeout: 15_000 })
      .toMatch(/Written to partition \d+ at offset \d+/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Contains').fill(marker);
    await page.getByRole('button', { name: 'Read' }).click();
    await expect.poll(() => page.getByTestId('browse-summary').textContent(), { timeout: 20_000 }).toMatch(/^1 shown/);
    const row = page.getByRole('table', { name: 'Messages' }).locator('tbody tr').first();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('sensor-42');
    expect(text).toContain('"temperature": 21.5');
    expect(text).toContain('source=ui');
    await page.screenshot({ path: `${screenshotDir}/topic-messages.png` });
    await page.close();
  });

  it('pages through a topic: each page continues where the last one stopped', async () => {
    const topic = `ui-pages-${Date.now()}`;
    const { AppHarness } = await import('../integration/app-harness');
    const api = new AppHarness(sandboxProfilePath());
    try {
      await api.call('topics.create', { name: topic, partitions: 2, replicationFactor: 1 });
      for (let i = 0; i < 5; i++) await api.call('messages.produce', { topic, key: `k${i}`, value: `page-record-${i}`, partition: i % 2 });
      const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${ctx.app.server.loginUrl.replace('/?', `/topics/${topic}?`)}`);
      await page.getByRole('tab', { name: 'Messages' }).click();
      await page.getByLabel('Max messages').fill('2');
      await page.getByRole('button', { name: 'Read' }).click();
      const seen = new Set<string>();
      const collect = async () => {
        for (const t of await page.getByRole('table', { name: 'Messages' }).locator('tbody tr').allTextContents()) {
          const m = /page-record-\d/.exec(t);
          if (m) seen.add(m[0]);
        }
      };
      await expect.poll(() => page.getByTestId('browse-summary').textContent(), { timeout: 20_000 }).toMatch(/^2 shown/);
      await collect();
      await page.screenshot({ path: `${screenshotDir}/topic-messages-page.png` });
      for (let p = 2; p <= 3; p++) {
        await page.getByRole('button', { name: 'Next page' }).click();
        await expect.poll(() => page.getByTestId('browse-summary').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^Page ${p} · `));
        await collect();
      }
      await page.screenshot({ path: `${screenshotDir}/topic-messages-page-3.png` });
      expect([...seen].sort()).toEqual(['page-record-0', 'page-record-1', 'page-record-2', 'page-record-3', 'page-record-4']);
      await expect.poll(() => page.getByRole('button', { name: 'Next page' }).count(), { timeout: 10_000 }).toBe(0);
      await page.close();
    } finally {
      await api.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
      await api.dispose();
    }
  });

  it('tails a topic live: a message produced elsewhere appears without clicking Read', async () => {
    const topic = `ui-live-${Date.now()}`;
    const { AppHarness } = await import('../integration/app-harness');
    const api = new AppHarness(sandboxProfilePath());
    try {
      await api.call('topics.create', { name: topic, partitions: 1, replicationFactor: 3 });
      const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${ctx.app.server.loginUrl.replace('/?', `/topics/${topic}?`)}`);
      await page.getByRole('tab', { name: 'Messages' }).click();
      await page.getByRole('switch', { name: 'Live tail' }).check({ force: true });
      await api.call('messages.produce', { topic, key: 'live', value: '{"sensor":"s-live","temperature":30}' });
      await expect
        .poll(
          () =>
            page
              .getByRole('table', { name: 'Messages' })
              .textContent()
              .catch(() => ''),
          { timeout: 20_000 },
        )
        .toContain('s-live');
      await page.screenshot({ path: `${screenshotDir}/topic-live.png` });
      await page.close();
    } finally {
      await api.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
      await api.dispose();
    }
  });
});
