import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

describe('Topic sizes and message counts in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();

  it('shows a topic’s message count and size, sorts by them, the brokers’ log directories, and a topic’s produce rate', async () => {
    const small = `ui-storage-small-${Date.now()}`;
    const big = `ui-storage-big-${Date.now()}`;
    const kafka = new Kafka({ clientId: 'kcc-e2e', brokers: ['127.0.0.3:9092'], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    // Idempotent: a batch retried under load must not count twice.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await admin.connect();
    await producer.connect();
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await admin.createTopics({
        topics: [
          { topic: small, numPartitions: 2 },
          { topic: big, numPartitions: 3 },
        ],
        waitForLeaders: true,
      });
      const batch = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(size) }));
      await producer.send({ topic: small, messages: batch(7, 10) });
      await producer.send({ topic: big, messages: batch(1234, 200) });
      // What the brokers hold is the oracle: a send retried across a broker restart elsewhere in the run can store a
      // batch twice, and the view must show that too.
      const held = async (t: string) =>
        (await admin.fetchTopicOffsets(t)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0).toLocaleString('en-US');
      const [smallCount, bigCount] = [await held(small), await held(big)];
      expect(Number(smallCount)).toBeGreaterThanOrEqual(7);
      expect(Number(bigCount.replace(/,/g, ''))).toBeGreaterThanOrEqual(1234);

      await page.goto(ctx.app.server.loginUrl);
      await page.getByRole('link', { name: 'Topics' }).click();
      await page.getByRole('textbox', { name: 'Search topics' }).fill('ui-storage-');
      const row = (t: string) => page.getByTestId(`topic-row-${t}`);
      await row(big).waitFor({ timeout: 20_000 });
      // The figures are read every 30 s: a topic made a moment ago may need the next read.
      await expect.poll(() => row(big).getByTestId('topic-messages').textContent(), { timeout: 45_000, interval: 1000 }).toBe(bigCount);
      expect(await row(small).getByTestId('topic-messages').textContent()).toBe(smallCount);
      expect(await row(big).getByTestId('topic-size').textContent()).toMatch(/^[\d.]+ (KiB|MiB)$/);

      // Sorting by Messages, largest first: the big topic above the small one.
      const header = page.getByRole('columnheader', { name: 'Messages' });
      await header.click();
      await header.click();
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      const order = await page
        .locator('[data-testid^="topic-row-ui-storage-"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
      expect(order.indexOf(`topic-row-${big}`)).toBeLessThan(order.indexOf(`topic-row-${small}`));
      await page.screenshot({ path: `${screenshotDir}/topics-sizes.png` });

      await page.getByRole('link', { name: 'Brokers' }).click();
      const dirs = page.getByRole('table', { name: 'Log directories' });
      await expect.poll(() => dirs.locator('tbody tr').count(), { timeout: 20_000 }).toBe(4);
      expect(await dirs.textContent()).toMatch(/kafka-logs/);
      await page.getByTestId('log-dirs').screenshot({ path: `${screenshotDir}/brokers-log-dirs.png` });

      // The topic page's produce rate: none while idle, then the rate of a steady producer.
      await page.getByRole('link', { name: 'Topics' }).click();
      await page.getByRole('textbox', { name: 'Search topics' }).fill(big);
      await page.getByRole('link', { name: big, exact: true }).click();
      const rate = page.getByTestId('produce-rate');
      await expect.poll(() => rate.textContent(), { timeout: 15_000 }).toBe('0 records/s');
      const feeding = setInterval(() => void producer.send({ topic: big, messages: batch(100, 20) }).catch(() => undefined), 500);
      try {
        await expect
          .poll(async () => Number((await rate.textContent())?.replace(/[^\d]/g, '') || 0), { timeout: 20_000, interval: 1000 })
          .toBeGreaterThan(50);
      } finally {
        clearInterval(feeding);
      }
      expect(await page.locator('[data-testid="produce-rate-chart"] canvas').count()).toBe(1);
      await page.screenshot({ path: `${screenshotDir}/topic-produce-rate.png` });
    } finally {
      await page.close();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [small, big] }).finally(() => admin.disconnect());
    }
  });
});
