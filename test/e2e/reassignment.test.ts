import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, describeTopic } from '../integration/kafka-tools';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

/**
 * Reassignment from the Brokers view: a topic crowded on kafka-1's two brokers is planned, shown broker by broker,
 * run with a throttle and checked with kafka-topics.sh --describe.
 */
describe('partition reassignment in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();
  const topic = `kcc-e2e-reassign-${Date.now()}`;
  const kafka = new Kafka({ clientId: 'kcc-e2e-reassign', brokers: [bootstrap()], logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          replicaAssignment: Array.from({ length: 4 }, (_, partition) => ({ partition, replicas: partition % 2 ? [1, 0] : [0, 1] })),
        },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
  });
  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('proposes a spread, shows replicas and leaders per broker before and after, runs it throttled', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'Brokers' }).click();
    await page.getByRole('button', { name: 'Reassign partitions…' }).click();
    const topics = page.getByPlaceholder('all but internal topics');
    await topics.fill(topic);
    await page.getByRole('option', { name: topic }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Propose a plan' }).click();
    const moves = page.getByTestId('reassignment-moves');
    await moves.waitFor({ timeout: 20_000 });
    const brokers = page.getByTestId('reassignment-brokers');
    // Broker 0 held a replica of every partition; after the plan, its share (8 replicas over 4 brokers).
    expect(await brokers.locator('tr', { hasText: 'kafka-1' }).first().textContent()).toMatch(/4 → 2/);
    await page.screenshot({ path: `${screenshotDir}/brokers-reassign-plan.png` });
    const planned = new Map<number, number[]>();
    for (const row of await moves.locator('tbody tr').all()) {
      const cells = await row.locator('td').allTextContents();
      const partition = Number(/-(\d+)$/.exec(cells[0] ?? '')?.[1]);
      planned.set(
        partition,
        (cells[2] ?? '').split(',').map((x) => Number(x.trim())),
      );
    }
    expect(planned.size).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^Run \d+ moves?$/ }).click();
    const result = page.getByTestId('reassignment-result');
    await expect.poll(() => result.textContent(), { timeout: 90_000 }).toMatch(/Reassignment succeeded/);
    await page.screenshot({ path: `${screenshotDir}/brokers-reassign-done.png` });
    const described = describeTopic(topic);
    for (const [partition, replicas] of planned) expect(described.partitions[partition]?.replicas).toEqual(replicas);
    await page.close();
  });
});
