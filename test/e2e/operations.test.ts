import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from '../integration/app-harness';
import { brokerCount, describeTopic, groupOffsets, kafkaTool, kcat, listGroups } from '../integration/kafka-tools';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

/** Sets a Mantine DateTimePicker (by its test id) to `ms` in the browser's time zone: day in the calendar, then the time. */
async function pickDateTime(page: Page, testId: string, ms: number): Promise<void> {
  const d = new Date(ms);
  await page.getByTestId(testId).click();
  const dropdown = page.locator('.mantine-Popover-dropdown').filter({ visible: true });
  await dropdown.waitFor();
  // The calendar opens on the current month; `ms` is a moment of this test run, so its day is shown.
  const label = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  await dropdown.getByRole('button', { name: label, exact: true }).click();
  const two = (n: number) => String(n).padStart(2, '0');
  await dropdown.getByLabel('Hours').fill(two(d.getHours()));
  await dropdown.getByLabel('Minutes').fill(two(d.getMinutes()));
  await dropdown.getByLabel('Seconds').fill(two(d.getSeconds()));
  await dropdown.getByRole('button', { name: 'Set date and time' }).click();
}

describe('Operations in the browser: groups, partitions, leaders, messages (web mode, real cluster)', () => {
  const ctx = useSandboxWebApp();
  let app: AppHarness;
  const stamp = Date.now();
  const topic = `ui-ops-${stamp}`;
  const group = `ui-ops-group-${stamp}`;
  let between = 0;

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 2, replicationFactor: Math.min(3, brokerCount()) });
    const produce = (label: string) => {
      for (const p of [0, 1])
        kcat(['-P', '-t', topic, '-p', String(p), '-z', 'snappy'], `${[0, 1, 2].map((i) => `${label}-${p}-${i}`).join('\n')}\n`);
    };
    produce('early');
    // The picker has whole seconds: a gap of over a second puts a whole second between the two batches.
    await new Promise((r) => setTimeout(r, 1_100));
    between = Math.ceil(Date.now() / 1000) * 1000;
    await new Promise((r) => setTimeout(r, between - Date.now() + 100));
    produce('late');
    // The group reads everything with kcat, commits and leaves: an empty group at the end of both partitions.
    kcat(['-C', '-G', group, '-o', 'beginning', '-e', '-q', topic]);
  }, 60_000);

  afterAll(async () => {
    await app.call('groups.delete', { groupId: group }).catch(() => undefined);
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  const open = async (): Promise<Page> => {
    const page = await ctx.browser.newPage({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
    await page.goto(ctx.app.server.loginUrl);
    return page;
  };

  it('browses snappy batches from a date and time, and exports them as JSON Lines', async () => {
    const page = await open();
    await page.goto(`${new URL(ctx.app.server.loginUrl).origin}/topics/${topic}`);
    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.getByLabel('From', { exact: true }).first().click();
    await page.getByRole('option', { name: 'date and time' }).click();
    await pickDateTime(page, 'browse-from-time', between);
    await page.getByRole('button', { name: 'Read' }).click();
    await expect.poll(() => page.getByTestId('browse-summary').textContent(), { timeout: 20_000 }).toMatch(/^6 shown/);
    const shown = await page.getByRole('table', { name: 'Messages' }).locator('tbody').textContent();
    expect(shown).toContain('late-0-0');
    expect(shown).not.toContain('early-');
    await page.screenshot({ path: `${screenshotDir}/messages-from-time.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-jsonl').click()]);
    expect(download.suggestedFilename()).toBe(`${topic}.jsonl`);
    const file = join(mkdtempSync(join(tmpdir(), 'kcc-e2e-jsonl-')), 'out.jsonl');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const oracle = kcat(['-C', '-t', topic, '-e', '-q', '-f', '%p|%o|%s\\n'])
      .trim()
      .split('\n')
      .filter((l) => l.includes('late-'))
      .sort();
    expect(
      lines
        .map((l) => JSON.parse(l) as { partition: number; offset: string; value: { text: string } })
        .map((m) => `${m.partition}|${m.offset}|${m.value.text}`)
        .sort(),
    ).toEqual(oracle);
    await page.close();
  });

  it('resets a group to a date and time and to offsets per partition, then deletes it', async () => {
    const page = await open();
    await page.getByRole('link', { name: 'Consumer groups' }).click();
    await page.getByTestId(`group-${group}`).click({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('group-lag').textContent(), { timeout: 15_000 }).toBe('lag 0');
    const reset = page.getByTestId('reset-offsets');
    await reset.getByLabel('To', { exact: true }).first().click();
    await page.getByRole('option', { name: 'date and time' }).click();
    await pickDateTime(page, 'reset-at', between);
    await reset.getByTestId('reset-preview').click();
    // The preview shows where each partition would go before anything is committed.
    await expect.poll(() => reset.getByTestId('plan-0').textContent(), { timeout: 15_000 }).toMatch(/^063re-reads 3/);
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '6'],
      [1, '6'],
    ]);
    await page.screenshot({ path: `${screenshotDir}/groups-reset-preview.png` });
    await reset.getByTestId('reset-apply').click();
    await expect
      .poll(() => page.getByTestId('reset-result').textContent(), { timeout: 15_000 })
      .toBe('Committed: partition 0 → 3, partition 1 → 3');
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '3'],
      [1, '3'],
    ]);
    await page.screenshot({ path: `${screenshotDir}/groups-reset-datetime.png` });

    await reset.getByLabel('To', { exact: true }).first().click();
    await page.getByRole('option', { name: 'offset per partition' }).click();
    await reset.getByLabel('New offset of partition 0').fill('1');
    await reset.getByLabel('New offset of partition 1').fill('5');
    await page.screenshot({ path: `${screenshotDir}/groups-reset-offsets.png` });
    await reset.getByTestId('reset-preview').click();
    await reset.getByTestId('reset-apply').click();
    await expect
      .poll(() => page.getByTestId('reset-result').textContent(), { timeout: 15_000 })
      .toBe('Committed: partition 0 → 1, partition 1 → 5');
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '1'],
      [1, '5'],
    ]);
    await expect.poll(() => page.getByTestId('group-lag').textContent(), { timeout: 15_000 }).toBe('lag 6');

    await reset.getByLabel('To', { exact: true }).first().click();
    await page.getByRole('option', { name: 'one offset (every partition)' }).click();
    await reset.getByTestId('reset-offset').fill('2');
    await reset.getByTestId('reset-preview').click();
    await expect.poll(() => reset.getByTestId('plan-1').textContent(), { timeout: 15_000 }).toMatch(/^152re-reads 3/);
    await reset.getByTestId('reset-apply').click();
    await expect
      .poll(() => page.getByTestId('reset-result').textContent(), { timeout: 15_000 })
      .toBe('Committed: partition 0 → 2, partition 1 → 2');
    expect([...groupOffsets(group)].sort()).toEqual([
      [0, '2'],
      [1, '2'],
    ]);

    await page.getByTestId('delete-group').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
    await expect.poll(() => page.getByTestId(`group-${group}`).count(), { timeout: 15_000 }).toBe(0);
    expect(listGroups()).not.toContain(group);
    await page.close();
  });

  it('adds partitions after warning about key order', async () => {
    const page = await open();
    await page.goto(`${new URL(ctx.app.server.loginUrl).origin}/topics/${topic}`);
    await page.getByTestId('partition-1').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Add partitions…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('key-order-warning').textContent()).toContain('most keys go to a different partition');
    await dialog.getByLabel('New partition count').fill('4');
    await page.screenshot({ path: `${screenshotDir}/topic-add-partitions.png` });
    await dialog.getByRole('button', { name: 'Add partitions' }).click();
    await expect
      .poll(() => dialog.getByTestId('partitions-added').textContent(), { timeout: 20_000 })
      .toContain('now has 4 partitions (was 2)');
    expect(describeTopic(topic).partitionCount).toBe(4);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('partition-3').waitFor({ timeout: 20_000 });
    await page.close();
  });

  it.skipIf(brokerCount() < 2)('elects the preferred leader from the Overview count', async () => {
    // A stock broker rebalances leaders itself (every 300 s) once over 10 % of a broker's preferred partitions are led
    // elsewhere, and could beat the click to it. One partition in 36 stays under that threshold: the case in which a
    // user has to press the button.
    const wide = `${topic}-wide`;
    await app.call('topics.create', { name: wide, partitions: 36, replicationFactor: Math.min(3, brokerCount()) });
    await expect.poll(() => describeTopic(wide).partitions.filter((p) => p.leader >= 0).length, { timeout: 20_000 }).toBe(36);
    const before = describeTopic(wide).partitions.find((p) => p.partition === 0);
    if (!before) throw new Error('no partition 0');
    const reordered = [...before.replicas.filter((r) => r !== before.leader), before.leader];
    const file = join(mkdtempSync(join(tmpdir(), 'kcc-e2e-reorder-')), 'reassign.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic: wide, partition: 0, replicas: reordered }] }));
    kafkaTool('kafka-reassign-partitions.sh', ['--reassignment-json-file', file, '--execute']);
    await expect
      .poll(() => kafkaTool('kafka-reassign-partitions.sh', ['--reassignment-json-file', file, '--verify']), { timeout: 30_000 })
      .toMatch(/is completed/);

    const page = await open();
    await expect
      .poll(async () => Number(await page.getByTestId('stat-non-preferred').textContent()), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/overview-leader-not-preferred.png` });
    await page.getByTestId('elect-all').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('confirm-election').click();
    await expect
      .poll(() => dialog.getByTestId('election-result').textContent(), { timeout: 30_000 })
      .toMatch(/[1-9]\d* partition\(s\) moved/);
    await page.screenshot({ path: `${screenshotDir}/overview-election-result.png` });
    await expect.poll(() => describeTopic(wide).partitions.find((p) => p.partition === 0)?.leader, { timeout: 10_000 }).toBe(reordered[0]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('stat-non-preferred').textContent(), { timeout: 20_000 }).toBe('0');
    await page.close();
    await app.call('topics.delete', { name: wide, confirm: wide });
  });
});
