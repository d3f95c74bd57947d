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
});
