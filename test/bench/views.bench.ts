/**
 * Benchmark (not a test): the views at real sizes, in headless Chromium against web mode on the running sandbox.
 *  1. Hosts & services: time from opening the view until every service shows a status, in a fresh window of a cold
 *     app (first SSH connections) and of a warm one (connections open).
 *  2. Topics with BENCH_TOPICS topics (default 10,000; created once, kept): time to the first rows, from the
 *     navigation (state already loaded) and from a fresh window (fetching the whole state); Chromium long tasks
 *     (PerformanceObserver 'longtask', > 50 ms) while scrolling the whole list and while topics are created and
 *     deleted for BENCH_CHURN_S seconds (default 15); and the bytes the page received per change against the size
 *     of the whole state. Scrolling and churn run twice: with the cluster on the same cores as the page, then with
 *     the sandbox's JVMs held to one core and the browser and app to the other, as when the brokers run on their own
 *     hosts; each prints the CPU every kind of process used meanwhile, and Chromium's trace of the page's main
 *     thread: each task over 50 ms with the CPU it held, which tells the page's own work apart from waiting for a core.
 * Run: npm run bench:views (builds the renderer first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Admin } from '@platformatic/kafka';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { sandboxUp } from '../../sandbox/index';
import { profileSchema } from '../../src-main/profile/schemas';
import { launchBrowser } from '../e2e/browser';
import { startWebApp } from '../e2e/web-app';
import { ensureMetaTopics } from './bench-topics';
import { describeTracedTasks, traceMainThread, tracedTaskOf, type TracedTask } from './main-thread-trace';
import { cpuByKind, describeCpuSince, pidsOfBrowserAndApp, pidsOfJvms, schedulingGroups } from './process-cpu';

const topicsWanted = Number(process.env.BENCH_TOPICS ?? 10_000);
const churnSeconds = Number(process.env.BENCH_CHURN_S ?? 15);
const viewport = { width: 1280, height: 800 };

interface LongTask {
  start: number;
  duration: number;
}

/** A call the page made, by when its response ended (page time). */
interface Fetched {
  name: string;
  end: number;
}

declare global {
  interface Window {
    kccLongTasks: LongTask[];
    kccFetched: Fetched[];
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function newPage(browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    window.kccLongTasks = [];
    window.kccFetched = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.kccLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // API calls, so that a long task can be told apart as the handling of a response or not.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceResourceTiming[])
        if (e.name.includes('/api/call/')) window.kccFetched.push({ name: e.name.replace(/.*\/api\/call\//, ''), end: e.responseEnd });
    }).observe({ type: 'resource', buffered: true });
  });
  return page;
}

type LongTasks = LongTask[] & { fetched?: Fetched[] };

async function takeLongTasks(page: Page): Promise<LongTasks> {
  const { tasks, fetched } = await page.evaluate(() => ({ tasks: window.kccLongTasks.splice(0), fetched: window.kccFetched.splice(0) }));
  return Object.assign(tasks, { fetched });
}

/**
 * Count and longest; each task with its length, the API response it followed, if one ended within 50 ms before it or
 * during it, and the CPU it held, when Chromium's trace of the same time is given.
 */
function describeTasks(tasks: LongTasks, traced?: ReadonlyArray<TracedTask>): string {
  if (tasks.length === 0) return '0 long tasks';
  const each = tasks.map((t) => {
    const after = tasks.fetched?.find((f) => f.end >= t.start - 50 && f.end <= t.start + t.duration);
    const cpu = traced && tracedTaskOf(traced, t);
    return `${Math.round(t.duration)}${after ? ` (${after.name})` : ''}${cpu ? ` (${cpu.cpuMs.toFixed(1)} ms of CPU)` : ''}`;
  });
  return `${tasks.length} long tasks, longest ${Math.round(Math.max(...tasks.map((t) => t.duration)))} ms [${each.join(', ')}]`;
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

    // On the hosts this app is for, the brokers run on other machines. Each measure below runs twice: with the cluster
    // on the same cores as the page, then with the sandbox's JVMs held to the last core and the browser and the app to
    // the others (taskset; put back afterwards), so that neither side takes a core from the other.
    const cores = availableParallelism();
    const apartLabel = `cluster held to core ${cores - 1}, browser and app to the other${cores > 2 ? 's' : ''}`;
    const apart = async (work: () => Promise<void>): Promise<void> => {
      if (cores < 2) return;
      const jvms = pidsOfJvms();
      const desktop = pidsOfBrowserAndApp();
      const pin = (pids: number[], cpus: string) => {
        for (const pid of pids) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
      };
      pin(jvms, String(cores - 1));
      pin(desktop, cores === 2 ? '0' : `0-${cores - 2}`);
      try {
        await work();
      } finally {
        pin([...jvms, ...desktop], `0-${cores - 1}`);
      }
    };

    // Scroll the whole list with the wheel, as a user would: down, then (cores apart) back up.
    const table = page.getByRole('table', { name: 'Topics' });
    const box = await table.boundingBox();
    if (!box) throw new Error('no Topics table');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
    const steps = Number(process.env.BENCH_SCROLL_STEPS ?? 200);
    const scroll = async (label: string, step: number): Promise<void> => {
      await takeLongTasks(page);
      const scrollTrace = await traceMainThread(page);
      const scrollCpu = cpuByKind();
      const scrollStart = Date.now();
      for (let i = 0; i < steps; i++) {
        await page.mouse.wheel(0, step);
        await page.waitForTimeout(30);
      }
      const scrollTasks = await takeLongTasks(page);
      const scrollTraced = await scrollTrace.stop();
      const lastRow = await page.locator('[data-testid^="topic-row-"]').last().getAttribute('data-testid');
      out(
        `topics: scrolled ${steps} x ${step} px, ${label}, to ${lastRow?.replace('topic-row-', '')}: ${describeTasks(scrollTasks, scrollTraced)}`,
      );
      out(`topics: scrolling, ${label}: ${describeCpuSince(scrollCpu, Date.now() - scrollStart)}`);
      out(`topics: scrolling, ${label}: Chromium's trace: ${describeTracedTasks(scrollTraced)}`);
    };
    await scroll('cluster on the same cores', 2_000);
    await apart(() => scroll(apartLabel, -2_000));

    // Churn: topics created and deleted while the view is open, by a client that asks the brokers for nothing else.
    // kafkajs's admin fetched the metadata of every topic (10,000 of them) before each call: the brokers and this
    // process then spent cores on answering and reading it, beside the page being measured.
    const admin = new Admin({ clientId: 'kcc-bench-churn', bootstrapBrokers: [...bootstrap], timeout: 60_000 });
    const stateBytes = await page.evaluate(
      async () =>
        (
          await (
            await fetch('/api/call/cluster.state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
          ).text()
        ).length,
    );
    const churn = async (label: string, round0: number): Promise<void> => {
      wsBytes = 0;
      wsFrames = 0;
      stateFetches = 0;
      await takeLongTasks(page);
      const trace = await traceMainThread(page);
      const cpuBefore = cpuByKind();
      const started = Date.now();
      const end = started + churnSeconds * 1000;
      let round = round0;
      let changes = 0;
      let previous: string[] = [];
      while (Date.now() < end) {
        const names = Array.from({ length: 5 }, (_, i) => `bench-churn-${round}-${i}`);
        await admin.createTopics({ topics: names, partitions: 1, replicas: 1 });
        if (previous.length > 0) await admin.deleteTopics({ topics: previous });
        changes += names.length + previous.length;
        previous = names;
        round++;
        await page.mouse.wheel(0, round % 2 === 0 ? 1_500 : -1_500);
        await page.waitForTimeout(700);
      }
      if (previous.length > 0) await admin.deleteTopics({ topics: previous });
      await page.waitForTimeout(2_000);
      const tasks = await takeLongTasks(page);
      const cpuLine = describeCpuSince(cpuBefore, Date.now() - started);
      const traced = await trace.stop();
      out(
        `topics: churn for ${churnSeconds} s, ${label} (${changes} topics created or deleted): ${describeTasks(tasks, traced)}; the page received ${wsFrames} frames, ${wsBytes} bytes (${Math.round(wsBytes / Math.max(1, changes))} bytes a change), against ${stateBytes} bytes for the whole state, which it fetched ${stateFetches} times`,
      );
      out(`topics: churn, ${label}: ${cpuLine}`);
      out(`topics: churn, ${label}: Chromium's trace: ${describeTracedTasks(traced)}`);
    };
    out(`topics: churn: ${schedulingGroups()}`);
    // The brokers' work of creating and deleting topics runs on the same two cores as the page.
    await churn('cluster on the same cores', 0);
    await apart(() => churn(apartLabel, 100_000));
    await admin.close();
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
