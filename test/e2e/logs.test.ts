import { appendFileSync, closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

function logDirOf(id: string): string {
  const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { services: Array<{ id: string; logDir?: string }> };
  const dir = profile.services.find((s) => s.id === id)?.logDir;
  if (!dir) throw new Error(`${id} has no logDir in the sandbox profile`);
  return dir;
}

/** A log4j line stamped now, as the sandbox's brokers (on UTC) write theirs. */
function log4jLine(level: string, text: string): string {
  const ts = new Date().toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  return `[${ts}] ${level} ${text} (kcc.e2e.LogsView)`;
}

/** The timestamp (to the second) of the first entry of `file` after byte `offset`, read from the file itself. */
function timestampAfter(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, offset);
    const m = /\n\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),\d{3}\]/.exec(buf.subarray(0, n).toString('utf8'));
    if (!m?.[1]) throw new Error(`no log4j line after byte ${offset} of ${file}`);
    return m[1];
  } finally {
    closeSync(fd);
  }
}

/** Sets the jump-to-time picker to a wall-clock `YYYY-MM-DD HH:mm:ss`: the day in the calendar, then the time. */
async function pickTime(page: Page, wall: string): Promise<void> {
  const [date = '', time = ''] = wall.split(' ');
  const [h = '', mi = '', s = ''] = time.split(':');
  await page.getByTestId('jump-time').click();
  const dropdown = page.locator('.mantine-Popover-dropdown').filter({ visible: true });
  await dropdown.waitFor();
  const label = new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  await dropdown.getByRole('button', { name: label, exact: true }).click();
  await dropdown.getByLabel('Hours').fill(h);
  await dropdown.getByLabel('Minutes').fill(mi);
  await dropdown.getByLabel('Seconds').fill(s);
  await dropdown.getByRole('button', { name: 'Set date and time' }).click();
}

/** The entry at the top of the list's viewport: its source and its first timestamp. */
async function topEntry(page: Page): Promise<{ source: string; ts: string } | undefined> {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="log-entries"]')?.getBoundingClientRect();
    if (!box) return undefined;
    const rows = [...document.querySelectorAll('[data-testid="log-entry"]')]
      .map((r) => ({ rect: r.getBoundingClientRect(), text: r.textContent ?? '', source: r.getAttribute('data-source') ?? '' }))
      .filter((x) => x.rect.bottom > box.top + 2)
      .sort((a, b) => a.rect.top - b.rect.top);
    const first = rows[0];
    const ts = first ? /\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/.exec(first.text)?.[1] : undefined;
    return first && ts ? { source: first.source, ts } : undefined;
  });
}

async function levelChip(page: Page, level: string, on: boolean): Promise<void> {
  const chip = page.getByRole('checkbox', { name: level, exact: true });
  // The chip's input is visually hidden: a person clicks its label.
  if ((await chip.isChecked()) !== on) await page.getByRole('group', { name: 'Levels' }).getByText(level, { exact: true }).click();
  await expect.poll(() => chip.isChecked()).toBe(on);
}

describe('Logs view in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();
  const marker = `kcc-e2e-logs-${Date.now()}`;

  it('merges two brokers’ server.log live, filters by level, searches, and jumps to a time', async () => {
    const b0 = `${logDirOf('broker-0')}/server.log`;
    const b1 = `${logDirOf('broker-1')}/server.log`;
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs' }).waitFor();

    // Both brokers of kafka-1's one KAFKA_HOME are listed apart, each under its own LOG_DIR.
    await page.getByRole('checkbox', { name: 'broker-0 server.log' }).check();
    await page.getByRole('checkbox', { name: 'broker-1 server.log' }).check();
    await expect.poll(() => page.getByTestId('log-service-broker-0').textContent(), { timeout: 20_000 }).toContain(logDirOf('broker-0'));
    for (const id of ['source-broker-0-server.log', 'source-broker-1-server.log']) {
      await expect.poll(() => page.getByTestId(id).getByLabel('following').count(), { timeout: 30_000 }).toBe(1);
    }

    // Entries written now arrive live, each under its own broker; the stack trace stays with its entry.
    appendFileSync(b0, `${log4jLine('WARN', `${marker} broker-0 warning`)}\n`);
    appendFileSync(
      b1,
      `${log4jLine('ERROR', `${marker} broker-1 failure`)}\njava.lang.IllegalStateException: ${marker}\n\tat kcc.E2e.run(E2e.java:1)\n`,
    );
    const failure = page.getByTestId('log-entry').filter({ hasText: `${marker} broker-1 failure` });
    await expect.poll(() => failure.count(), { timeout: 20_000 }).toBe(1);
    expect(await failure.getAttribute('data-source')).toBe(`broker-1:${b1}`);
    expect(await failure.getAttribute('data-level')).toBe('ERROR');
    expect(await failure.textContent()).toContain('at kcc.E2e.run(E2e.java:1)');
    const warning = page.getByTestId('log-entry').filter({ hasText: `${marker} broker-0 warning` });
    await expect.poll(() => warning.getAttribute('data-source'), { timeout: 20_000 }).toBe(`broker-0:${b0}`);
    await page.screenshot({ path: `${screenshotDir}/logs-two-brokers.png` });

    // A long line is folded, and opens whole on a click.
    const long = `kcc-e2e-long-${Date.now()} ${'0123456789'.repeat(300)}`;
    appendFileSync(b0, `${log4jLine('INFO', long)}\n`);
    const longEntry = page.getByTestId('log-entry').filter({ hasText: long.slice(0, 30) });
    await expect.poll(() => longEntry.count(), { timeout: 20_000 }).toBe(1);
    expect(await longEntry.textContent()).not.toContain(long);
    await longEntry.getByRole('button', { name: 'Show the whole line' }).click();
    await expect.poll(() => longEntry.textContent()).toContain(long);

    // Level filter: errors only.
    for (const l of ['WARN', 'INFO', 'DEBUG', 'TRACE']) await levelChip(page, l, false);
    await expect.poll(() => failure.count()).toBe(1);
    const levelsShown = await page
      .getByTestId('log-entry')
      .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-level')))]);
    expect(levelsShown).toEqual(['ERROR']);
    await page.getByRole('button', { name: 'Toggle light/dark theme' }).click();
    await page.screenshot({ path: `${screenshotDir}/logs-errors-only-dark.png` });
    await page.getByRole('button', { name: 'Toggle light/dark theme' }).click();
    for (const l of ['WARN', 'INFO', 'DEBUG', 'TRACE']) await levelChip(page, l, true);

    // Search: both marker entries match (the failure twice over: its line and its stack trace are one entry).
    await page.getByRole('textbox', { name: 'Search log entries' }).fill(marker);
    await expect.poll(() => page.getByTestId('match-count').textContent()).toBe('– / 2');
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => page.getByTestId('match-count').textContent()).toBe('1 / 2');
    await page.getByRole('switch', { name: 'Only matching' }).click({ force: true });
    await expect.poll(() => page.getByTestId('log-entry').count()).toBe(2);
    const sources = await page.getByTestId('log-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source')));
    expect(sources).toEqual([`broker-0:${b0}`, `broker-1:${b1}`]);
    expect(await page.locator('[data-testid="log-entry"] mark').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${screenshotDir}/logs-search.png` });
    await page.getByRole('switch', { name: 'Only matching' }).click({ force: true });
    await page.getByRole('textbox', { name: 'Search log entries' }).fill('');

    // Jump to a time older than what was read of a third file: the view reads further back to reach it. A file of
    // broker-1 large enough (a restart empties kafkaServer.out, the hour's turn server.log; state-change.log rolls too).
    const name = ['kafkaServer.out', 'state-change.log', 'controller.log'].find(
      (n) => statSync(`${logDirOf('broker-1')}/${n}`).size > 240 * 1024,
    );
    if (!name) throw new Error('no log of broker-1 holds more than 240 KiB: the sandbox has only just started');
    const third = `${logDirOf('broker-1')}/${name}`;
    await page.getByRole('checkbox', { name: `broker-1 ${name}` }).check();
    await expect.poll(() => page.getByTestId(`source-broker-1-${name}`).getByLabel('following').count(), { timeout: 30_000 }).toBe(1);
    const target = timestampAfter(third, statSync(third).size - 200 * 1024);
    const countsBefore = await page.getByTestId('log-counts').textContent();
    await pickTime(page, target);
    await page.getByRole('button', { name: 'Jump', exact: true }).click();
    await expect.poll(() => page.getByTestId('jump-note').textContent(), { timeout: 30_000 }).toContain(`Showing entries from ${target}`);
    expect(await page.getByTestId('log-counts').textContent()).not.toBe(countsBefore);
    await expect.poll(async () => (await topEntry(page))?.ts, { timeout: 10_000 }).toBe(target);
    // The first entry at that second is the third file's (the brokers' server.log may hold the same second too).
    expect((await topEntry(page))?.source).toMatch(/^broker-[01]:/);
    await page.screenshot({ path: `${screenshotDir}/logs-jump.png` });
    await page.close();
  });
});
