import zlib from 'node:zlib';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

describe('Producers & consumers in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();

  it('offers to create a missing topic, runs a producer and a consumer group live, stops them and verifies the run', async () => {
    const topic = `ui-load-${Date.now()}`;
    const page = await ctx.browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Producers & consumers' }).click();

    const producer = page.getByRole('form', { name: 'Producer' });
    await producer.getByLabel('Topic').fill(topic);
    await producer.getByText('duration', { exact: true }).click();
    await producer.getByLabel('Duration (s)').fill('120');
    await producer.getByLabel('Throughput (records/s)').fill('800');
    await producer.getByRole('button', { name: 'Start producer' }).click();
    await expect.poll(() => producer.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('does not exist');
    await producer.getByRole('button', { name: `Create topic “${topic}”` }).click();
    const dialog = page.getByRole('dialog', { name: 'Create topic' });
    expect(await dialog.getByLabel('Name').inputValue()).toBe(topic);
    await dialog.getByLabel('Partitions').fill('6');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await producer.getByRole('button', { name: 'Start producer' }).click();
    await page.getByText(`${topic} · 120 s · IoT JSON · 800/s · acks=all`).waitFor({ timeout: 15_000 });

    await page.getByRole('tab', { name: 'Consumer' }).click();
    const consumer = page.getByRole('form', { name: 'Consumer' });
    await consumer.getByLabel('Topics').fill(topic);
    await consumer.getByLabel('Topics').press('Tab');
    await consumer.getByLabel('Members').fill('2');
    await consumer.getByText('earliest', { exact: true }).click();
    await consumer.getByRole('button', { name: 'Start consumer' }).click();
    await page.getByText(`${topic} · ephemeral group · 2 member(s) · from earliest · until stopped`).waitFor({ timeout: 15_000 });

    // Both run and report: the running list holds two cards whose records/s is near the target, with charts drawn.
    const cards = page.locator('[data-testid^="workload-w"]');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(2);
    await expect
      .poll(
        async () => {
          const texts = await cards.allTextContents();
          return texts.filter((t) => /records\/s(\d{3})/.test(t.replace(/,/g, ''))).length;
        },
        { timeout: 30_000 },
      )
      .toBe(2);
    await page.waitForTimeout(6_000);
    expect(await page.locator('[data-testid="throughput-chart"] canvas').count()).toBe(2);
    await page.screenshot({ path: `${screenshotDir}/workloads-running.png`, fullPage: true });

    for (let i = 0; i < 2; i++) await cards.first().getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(0);
    const past = page.getByRole('table');
    await expect.poll(() => past.textContent(), { timeout: 10_000 }).toMatch(/\d+ records sent, [\d.]+ records\/sec/);
    expect(await past.textContent()).toMatch(/\d+ records received/);
    await past.getByRole('button', { name: 'Verify' }).first().click();
    await expect
      .poll(() => page.getByTestId('verify-result').textContent(), { timeout: 60_000 })
      .toMatch(/^✓ [\d,]+\/[\d,]+ acknowledged records found/);
    await page.screenshot({ path: `${screenshotDir}/workloads-past.png`, fullPage: true });
    await page.close();
    const admin = new Kafka({ clientId: 'kcc-e2e', brokers: ['127.0.0.3:9092'], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
  });

  it('runs an unthrottled producer with the Java client settings, and the page gets one report a second, not one per record', async () => {
    const topic = `ui-fast-${Date.now()}`;
    const admin = new Kafka({ clientId: 'kcc-e2e', brokers: ['127.0.0.3:9092'], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 3 }], waitForLeaders: true });
    const page = await ctx.browser.newPage({ viewport: { width: 1500, height: 1000 } });
    // Every WebSocket frame that carries a workload report, as the page receives it.
    const reports: number[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        if (String(payload).includes('"workload.sample"')) reports.push(Date.now());
      }),
    );
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Producers & consumers' }).click();
    const producer = page.getByRole('form', { name: 'Producer' });
    await producer.getByLabel('Topic').fill(topic);
    await producer.getByLabel('Values').click();
    await page.getByRole('option', { name: 'Random bytes' }).click();
    await producer.getByRole('textbox', { name: 'Records', exact: true }).fill('1500000');
    await producer.getByRole('textbox', { name: 'Throughput (records/s)' }).fill('');
    // The Java client's names, with its fast values already in place.
    expect(await producer.getByLabel('batch.size (bytes)').inputValue()).toBe('262,144');
    expect(await producer.getByLabel('linger.ms').inputValue()).toBe('5');
    expect(await producer.getByLabel('max.in.flight.requests.per.connection').inputValue()).toBe('5');
    await producer.getByLabel('compression.type').click();
    // The web app runs on this same Node.js.
    if (typeof (zlib as Record<string, unknown>).zstdCompressSync !== 'function')
      expect(await page.getByRole('option', { name: /zstd \(needs Node\.js 22\.15\+\)/ }).isDisabled()).toBe(true);
    await page.getByRole('option', { name: 'lz4', exact: true }).click();
    await producer.getByRole('button', { name: 'Start producer' }).click();
    const card = page.locator('[data-testid^="workload-w"]');
    await card.first().waitFor({ timeout: 15_000 });
    const startedAt = Date.now();
    await page.waitForTimeout(4_000);
    await page.screenshot({ path: `${screenshotDir}/workloads-fast.png`, fullPage: true });
    await expect.poll(() => card.count(), { timeout: 120_000 }).toBe(0);
    const seconds = (Date.now() - startedAt) / 1000;
    const past = page.getByRole('table');
    await expect.poll(() => past.textContent(), { timeout: 10_000 }).toMatch(/1500000 records sent/);
    const rate = Number(/1500000 records sent, ([\d.]+) records\/sec/.exec((await past.textContent()) ?? '')?.[1] ?? 0);
    // 1.5 million records went by at tens of thousands a second, and the page heard about them about once a second.
    expect(rate).toBeGreaterThan(20_000);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(seconds) + 3);
    await page.screenshot({ path: `${screenshotDir}/workloads-fast-done.png`, fullPage: true });
    await page.close();
    await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
  }, 180_000);
});
