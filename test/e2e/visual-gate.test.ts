import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotDir } from './browser';
import { findAccessibilityProblems, findLayoutProblems, formatFindings, watchConsole, type VisualFinding } from './visual-checks';
import { useSandboxWebApp } from './web-app';

/**
 * The visual quality gate: every view, and every drawer and dialog reachable from
 * the navigation, at two window sizes in light and dark. It fails on a console
 * error, a clipped or overflowing control, labels drawn over each other, and
 * axe-core violations of serious or critical impact.
 */
const viewports = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const schemes = ['light', 'dark'] as const;
const combos = viewports.flatMap((viewport) => schemes.map((scheme) => ({ viewport, scheme })));

const dir = `${screenshotDir}/visual`;

/** Waits until the view has drawn its data: no loader left in sight, then a frame or two for layout. */
async function settle(page: Page, ready?: string): Promise<void> {
  if (ready) await page.locator(ready).first().waitFor({ timeout: 20_000 });
  await page
    .locator('.mantine-Loader-root:visible')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
}

describe('visual quality gate (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();

  it.each(combos)('every view at $viewport.width×$viewport.height in $scheme', async ({ viewport, scheme }) => {
    mkdirSync(dir, { recursive: true });
    const context = await ctx.browser.newContext({ viewport, colorScheme: scheme });
    const page = await context.newPage();
    const consoleWatch = watchConsole(page);
    const findings: { state: string; found: VisualFinding[] }[] = [];
    // Names, roles and contrast do not change with the window size, and only the colour rules change with
    // the scheme: axe runs at one size, every rule in light and the colour rules in dark, to keep the gate quick.
    const axeRules =
      viewport.width !== viewports[0].width ? 'none' : scheme === 'light' ? undefined : ['color-contrast', 'link-in-text-block'];
    const tag = `${scheme}-${viewport.width}x${viewport.height}`;

    let mark = Date.now();
    const check = async (state: string): Promise<void> => {
      const t0 = Date.now();
      await page.screenshot({ path: `${dir}/${tag}-${state}.png` });
      const found = [
        ...consoleWatch.take(),
        ...(await findLayoutProblems(page)),
        ...(axeRules === 'none' ? [] : await findAccessibilityProblems(page, axeRules)),
      ];
      if (found.length > 0) findings.push({ state, found });
      if (process.env.KCC_GATE_TIMING) console.log(`${tag} ${state}: reach ${t0 - mark} ms, check ${Date.now() - t0} ms`);
      mark = Date.now();
    };
    const nav = async (label: string, ready?: string): Promise<void> => {
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: label, exact: true }).click();
      await settle(page, ready);
    };
    const closeOverlay = async (): Promise<void> => {
      await page.keyboard.press('Escape');
      await page.locator('[role="dialog"]').first().waitFor({ state: 'hidden', timeout: 5_000 });
    };

    try {
      await page.goto(ctx.app.server.loginUrl);
      await settle(page, '[data-testid="topology"] [data-state="running"]');
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe(scheme);
      await check('overview');

      await nav('Hosts & services', 'button:has-text("Log")');
      await check('hosts');
      await page.getByRole('button', { name: 'Log', exact: true }).first().click();
      await settle(page, '[role="dialog"]');
      await check('hosts-log-drawer');
      await closeOverlay();

      await nav('Brokers', 'table[aria-label="Brokers"] tbody tr');
      await check('brokers');
      // The sandbox is shared: another test may be restarting a broker. A registered one's configs, or the drawer's
      // error if it goes away meanwhile; either is a state to look at.
      await page
        .locator('button:not([disabled])', { hasText: /^Configs$/ })
        .first()
        .click();
      await settle(page, '[role="dialog"] table[aria-label="Broker configuration"] tbody tr, [role="dialog"] [role="alert"]');
      await check('brokers-configs-drawer');
      await closeOverlay();
      // The reassignment drawer with a plan shown (proposing is read-only).
      await page.getByRole('button', { name: 'Reassign partitions…' }).click();
      await settle(page, '[role="dialog"]');
      await page.getByRole('button', { name: 'Propose a plan' }).click();
      await settle(page, '[role="dialog"] [data-testid="reassignment-plan"], [role="dialog"] [role="alert"]');
      await check('brokers-reassign-drawer');
      await closeOverlay();

      await nav('Topics', '[data-testid^="topic-row-"]');
      await check('topics');
      await page.getByRole('button', { name: 'Create topic' }).click();
      await settle(page, '[role="dialog"]');
      await check('topics-create-dialog');
      await closeOverlay();
      await page.getByRole('textbox', { name: 'Search topics' }).fill('sandbox-check');
      await page.getByRole('link', { name: 'sandbox-check', exact: true }).click();
      await settle(page, '[data-testid="partition-0"]');
      await check('topic-partitions');
      await page.getByRole('tab', { name: 'Messages' }).click();
      await settle(page);
      await check('topic-messages');
      // The date-time picker for reading from a moment, open.
      await page.getByLabel('From', { exact: true }).first().click();
      await page.getByRole('option', { name: 'date and time' }).click();
      await page.getByTestId('browse-from-time').click();
      await settle(page, '.mantine-Popover-dropdown:visible');
      await check('topic-messages-date-picker');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Produce…' }).click();
      await settle(page, '[role="dialog"]');
      await check('topic-produce-dialog');
      await closeOverlay();
      await page.getByRole('tab', { name: 'Configuration' }).click();
      await settle(page, 'table[aria-label="Configuration"] tbody tr');
      await check('topic-configs');

      await nav('Consumer groups');
      await check('groups');
      const group = page.locator('[data-testid^="group-"]').first();
      if ((await group.count()) > 0) {
        await group.click();
        await settle(page);
        await check('group-detail');
      }

      await nav('Pipelines', '[data-testid^="pipeline-"] [data-testid="pipeline-state"]');
      await check('pipelines');
      await page.getByRole('button', { name: 'Details' }).first().click();
      await settle(page, '[role="dialog"]');
      await check('pipeline-detail-drawer');
      await closeOverlay();

      await nav('Data lake');
      await check('datalake');

      await nav('Producers & consumers', 'form[aria-label="Producer"]');
      await check('workloads-producer');
      await page.getByRole('tab', { name: 'Consumer' }).click();
      await settle(page, 'form[aria-label="Consumer"]');
      await check('workloads-consumer');
      // A running consumer's card, with its state badge, rates and Stop button; stopped again at once.
      const consumer = page.getByRole('form', { name: 'Consumer' });
      await consumer.getByLabel('Topics').fill('sandbox-check');
      await consumer.getByLabel('Topics').press('Tab');
      await consumer.getByRole('button', { name: 'Start consumer' }).click();
      const card = page.locator('[data-testid^="workload-w"]').filter({ hasText: 'sandbox-check' }).first();
      await card.waitFor({ timeout: 15_000 });
      await settle(page);
      await check('workloads-consumer-running');
      await card.getByRole('button', { name: 'Stop' }).click();
      await card.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByRole('tab', { name: 'Perf tool on hosts' }).click();
      await settle(page, 'form[aria-label="Perf tool on hosts"]');
      await check('workloads-perf-tool');

      await nav('ZooKeeper');
      await check('zookeeper');
      await nav('Logs');
      await check('logs');
      await nav('Profile editor');
      await check('profile-editor');
      await page.getByRole('button', { name: 'Edit active profile' }).click();
      await settle(page, '[aria-label="Profile YAML"]');
      await check('profile-editor-active');
    } finally {
      await context.close();
    }
    const report = findings.map((f) => `${tag} ${f.state}:\n${formatFindings(f.found)}`).join('\n');
    expect(report).toBe('');
  });
});
