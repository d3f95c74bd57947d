import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { findAccessibilityProblems, findLayoutProblems, watchConsole } from './visual-checks';

// The gate's checkers on small pages of known defects: a gate that cannot fail
// on a clipped badge would pass a broken view too.
describe('the visual gate’s checkers, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    // axe needs a page of a context made with newContext().
    page = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
  });
  afterAll(async () => {
    await browser.close();
  });

  const badge = (width: string, text: string): string =>
    `<span class="mantine-Badge-root" style="display:inline-flex;width:${width};font:12px sans-serif"><span class="mantine-Badge-label" style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${text}</span></span>`;

  it('finds a state badge cut with an ellipsis, and passes the same badge given room', async () => {
    await page.setContent(`<main>${badge('48px', 'REGISTERED')}</main>`);
    const narrow = await findLayoutProblems(page);
    expect(narrow).toEqual([expect.objectContaining({ kind: 'truncated', what: expect.stringContaining('REGISTERED') })]);
    await page.setContent(`<main>${badge('auto', 'REGISTERED')}</main>`);
    expect(await findLayoutProblems(page)).toEqual([]);
  });

  it('finds a button cut off by the edge of its card', async () => {
    await page.setContent(
      `<div style="width:200px;overflow:hidden;border:1px solid"><div style="display:flex;gap:8px;white-space:nowrap"><span style="flex:none;width:170px">records/s 800</span><button>Stop</button></div></div>`,
    );
    const found = await findLayoutProblems(page);
    expect(found).toEqual([expect.objectContaining({ kind: 'clipped', what: expect.stringContaining('Stop') })]);
  });

  it('finds a button whose label is wider than the button', async () => {
    await page.setContent(`<button style="width:40px;overflow:hidden;white-space:nowrap">all 1 (leader)</button>`);
    expect(await findLayoutProblems(page)).toEqual([expect.objectContaining({ kind: 'clipped' })]);
  });

  it('finds two form labels drawn over each other, and none when their columns fit them', async () => {
    const form = (column: string) =>
      `<div style="display:grid;grid-template-columns:${column} ${column};font:14px sans-serif"><label style="white-space:nowrap">Compression</label><label style="white-space:nowrap">Batch (KiB)</label></div>`;
    await page.setContent(form('60px'));
    const found = await findLayoutProblems(page);
    expect(found).toContainEqual(expect.objectContaining({ kind: 'overlap', what: expect.stringContaining('Compression') }));
    expect(found).toContainEqual(expect.objectContaining({ kind: 'overflowing', what: expect.stringContaining('Compression') }));
    await page.setContent(form('auto'));
    expect(await findLayoutProblems(page)).toEqual([]);
  });

  it('reports grey-on-grey text as a serious contrast violation', async () => {
    await page.setContent(
      `<html lang="en"><head><title>t</title></head><body><main><p style="color:#999;background:#aaa">faint text</p></main></body></html>`,
    );
    const found = await findAccessibilityProblems(page);
    expect(found.map((f) => f.what)).toContain('color-contrast (serious)');
    await page.setContent(
      `<html lang="en"><head><title>t</title></head><body><main><p style="color:#000;background:#fff">plain text</p></main></body></html>`,
    );
    expect(await findAccessibilityProblems(page)).toEqual([]);
  });

  it('collects console errors and uncaught errors', async () => {
    const p = await (await browser.newContext()).newPage();
    const consoleWatch = watchConsole(p);
    await p.setContent(`<script>console.error('boom'); setTimeout(() => { throw new Error('uncaught') });</script>`);
    await p.waitForTimeout(100);
    const found = consoleWatch.take();
    expect(found.map((f) => f.detail)).toEqual(expect.arrayContaining(['boom', expect.stringContaining('uncaught')]));
    expect(consoleWatch.take()).toEqual([]);
    await p.close();
  });
});
