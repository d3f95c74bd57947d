/**
 * Benchmark (not a test): the views at real sizes, in headless Chromium against web mode on the running sandbox.
 *  1. Hosts & services: time from opening the view until every service shows a status, in a fresh window of a cold
 *     app (first SSH connections) and of a warm one (connections open).
 *  2. Topics with BENCH_TOPICS topics (default 10,000; created once, kept): time to the first rows, from the
 *     navigation (state already loaded) and from a fresh window (fetching the whole state); Chromium long tasks
 *     (PerformanceObserver 'longtask', > 50 ms) while scrolling the whole list and while topics are created and
 *     deleted for BENCH_CHURN_S seconds (default 15); and the bytes the page received per change against the size
 *     of the whole state.
 * Run: npm run bench:views (builds the renderer first).
 */
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { sandboxUp } from '../../sandbox/index';
import { profileSchema } from '../../src-main/profile/schemas';
import { launchBrowser } from '../e2e/browser';
import { startWebApp } from '../e2e/web-app';
import { ensureMetaTopics } from './bench-topics';

const topicsWanted = Number(process.env.BENCH_TOPICS ?? 10_000);
const churnSeconds = Number(process.env.BENCH_CHURN_S ?? 15);
const viewport = { width: 1280, height: 800 };

interface LongTask {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    kccLongTasks: LongTask[];
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function newPage(browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    window.kccLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.kccLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  return page;
}

async function takeLongTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => window.kccLongTasks.splice(0));
}

function describeTasks(tasks: LongTask[]): string {
  if (tasks.length === 0) return '0 long tasks';
  return `${tasks.length} long tasks, longest ${Math.round(Math.max(...tasks.map((t) => t.duration)))} ms`;
}

async function main(): Promise<void> {
  const { profilePath } = await sandboxUp({ log: () => undefined });
  const profile = profileSchema.parse(parse(readFileSync(profilePath, 'utf8')));
  const services = profile.services.length;
  const bootstrap = profile.kafka.bootstrap;
  const t0 = Date.now();
  const created = await ensureMetaTopics(bootstrap, topicsWanted, () => undefined);
  out(`topics: ${topicsWanted} benchmark topics (${created} created now, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const app = await startWebApp({ profileFile: profilePath });
  const browser = await launchBrowser();
  try {
    // 1. Hosts & services, cold then warm.
    for (const label of ['cold', 'warm']) {
      const page = await newPage(browser);
      await page.goto(app.server.loginUrl);
      await page.getByRole('link', { name: 'Hosts & services' }).waitFor();
      const start = Date.now();
      await page.getByRole('link', { name: 'Hosts & services' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="status-"]').length >= n, services, { timeout: 60_000 });
      const statusesMs = Date.now() - start;
      await page.waitForFunction(() => !document.body.textContent?.includes('checking SSH…'), undefined, { timeout: 60_000 });
      const factsMs = Date.now() - start;
      out(`hosts (${label}): every one of ${services} statuses after ${statusesMs} ms; host facts after ${factsMs} ms`);
      await page.close();
    }

    // 2. Topics.
    const page = await newPage(browser);
    let wsBytes = 0;
    let wsFrames = 0;
    let stateFetches = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/call/cluster.state')) stateFetches++;
    });
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        wsBytes += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length;
        wsFrames++;
      }),
    );
    await page.goto(app.server.loginUrl);
    await page.getByRole('link', { name: 'Topics' }).waitFor();
    // The Overview loads the state: let it, then time the navigation.
    await page.waitForFunction(() => /\d/.test(document.body.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.waitForTimeout(3_000);
    await takeLongTasks(page);
    let start = Date.now();
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.locator('[data-testid^="topic-row-"]').first().waitFor({ timeout: 60_000 });
    const navMs = Date.now() - start;
    const navTasks = await takeLongTasks(page);
    const count = await page.getByTestId('topic-count').textContent();
    out(`topics: first rows ${navMs} ms after the click (${count}); ${describeTasks(navTasks)} while opening`);

    const fresh = await newPage(browser);
    await fresh.goto(app.server.loginUrl);
    await fresh.getByRole('link', { name: 'Topics' }).waitFor();
    start = Date.now();
    await fresh.goto(`${app.server.url}topics`);
    await fresh.locator('[data-testid^="topic-row-"]').first().waitFor({ timeout: 60_000 });
    const freshMs = Date.now() - start;
    out(
      `topics: first rows ${freshMs} ms after opening /topics in a fresh window (whole state fetched); ${describeTasks(await takeLongTasks(fresh))}`,
    );
    await fresh.close();

    // Scroll the whole list with the wheel, as a user would.
    const table = page.getByRole('table', { name: 'Topics' });
    const box = await table.boundingBox();
    if (!box) throw new Error('no Topics table');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
    await takeLongTasks(page);
    const steps = Number(process.env.BENCH_SCROLL_STEPS ?? 200);
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(0, 2_000);
      await page.waitForTimeout(30);
    }
    const scrollTasks = await takeLongTasks(page);
    const lastRow = await page.locator('[data-testid^="topic-row-"]').last().getAttribute('data-testid');
    out(`topics: scrolled ${steps} x 2,000 px to ${lastRow?.replace('topic-row-', '')}: ${describeTasks(scrollTasks)}`);

    // Churn: topics created and deleted while the view is open.
    const kafka = new Kafka({ brokers: bootstrap, clientId: 'kcc-bench-churn', logLevel: logLevel.NOTHING, requestTimeout: 60_000 });
    const admin = kafka.admin();
    await admin.connect();
    const stateBytes = await page.evaluate(
      async () =>
        (
          await (
            await fetch('/api/call/cluster.state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
          ).text()
        ).length,
    );
    wsBytes = 0;
    wsFrames = 0;
    stateFetches = 0;
    await takeLongTasks(page);
    const churnEnd = Date.now() + churnSeconds * 1000;
    let round = 0;
    let changes = 0;
    let previous: string[] = [];
    while (Date.now() < churnEnd) {
      const names = Array.from({ length: 5 }, (_, i) => `bench-churn-${round}-${i}`);
      await admin.createTopics({
        topics: names.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
        waitForLeaders: false,
      });
      if (previous.length > 0) await admin.deleteTopics({ topics: previous });
      changes += names.length + previous.length;
      previous = names;
      round++;
      await page.mouse.wheel(0, round % 2 === 0 ? 1_500 : -1_500);
      await page.waitForTimeout(700);
    }
    if (previous.length > 0) await admin.deleteTopics({ topics: previous });
    await page.waitForTimeout(2_000);
    const churnTasks = await takeLongTasks(page);
    await admin.disconnect();
    out(
      `topics: churn for ${churnSeconds} s (${changes} topics created or deleted): ${describeTasks(churnTasks)}; the page received ${wsFrames} frames, ${wsBytes} bytes (${Math.round(wsBytes / Math.max(1, changes))} bytes a change), against ${stateBytes} bytes for the whole state, which it fetched ${stateFetches} times`,
    );
  } finally {
    await browser.close();
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
