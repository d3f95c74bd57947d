import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxUp } from '../../sandbox/index';
import { killService } from '../setup/sandbox-fixture';
import { screenshotDir } from './browser';
import { useSandboxWebApp } from './web-app';

describe('Brokers and cluster health in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();
  // The first test kills a broker; bring the sandbox whole again for the suites after this one.
  afterAll(() => sandboxUp());

  it('shows all brokers registered, then a killed broker absent without a reload', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(ctx.app.server.loginUrl);
    await expect.poll(() => page.getByTestId('stat-brokers').textContent(), { timeout: 20_000 }).toBe('4 / 4');
    await page.screenshot({ path: `${screenshotDir}/overview-cluster.png` });
    await page.getByRole('link', { name: 'Brokers' }).click();
    for (const id of [0, 1, 2, 3])
      await expect.poll(() => page.getByTestId(`broker-state-${id}`).textContent(), { timeout: 10_000 }).toBe('registered');
    expect(await page.getByRole('table', { name: 'Brokers' }).textContent()).toContain('PLAINTEXT://127.0.0.4:9092');
    // Leaders per broker as the bars show them, against kcat's metadata (librdkafka) as the oracle, read together
    // (leadership may move while the page updates).
    const barsAgainstKcat = async () => {
      const meta = JSON.parse(execFileSync('kcat', ['-L', '-J', '-b', '127.0.0.3:9092'], { encoding: 'utf8', timeout: 20_000 })) as {
        topics: Array<{ partitions: Array<{ leader: number }> }>;
      };
      const oracle = [0, 1, 2, 3].map((id) => `${meta.topics.flatMap((t) => t.partitions).filter((p) => p.leader === id).length} leaders`);
      const shown = await Promise.all([0, 1, 2, 3].map((id) => page.getByTestId(`balance-leaders-${id}`).textContent()));
      return JSON.stringify(shown) === JSON.stringify(oracle) ? 'same' : `${JSON.stringify(shown)} vs kcat ${JSON.stringify(oracle)}`;
    };
    await expect.poll(barsAgainstKcat, { timeout: 20_000, interval: 1_000 }).toBe('same');
    await page.getByTestId('balance').screenshot({ path: `${screenshotDir}/brokers-balance.png` });
    await page.getByRole('button', { name: 'Run doctor' }).click();
    await expect.poll(() => page.getByTestId('doctor').locator('[data-severity="ok"]').count(), { timeout: 15_000 }).toBe(4);
    expect(await page.getByTestId('doctor').locator('[data-severity="error"]').count()).toBe(0);
    await page.screenshot({ path: `${screenshotDir}/brokers.png` });
    await page.getByTestId('broker-row-0').getByRole('button', { name: 'Configs' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Broker configuration' }).textContent(), { timeout: 15_000 })
      .toContain('advertised.listeners');
    await page.screenshot({ path: `${screenshotDir}/broker-configs.png` });
    await page.keyboard.press('Escape');

    const killedAt = Date.now();
    await killService('broker-2', 'SIGKILL');
    // Pushed by the ZooKeeper watch through the WebSocket: within the session timeout (6 s) + 2 s, and margin for the page.
    await expect.poll(() => page.getByTestId('broker-state-2').textContent(), { timeout: 12_000, interval: 200 }).toBe('absent');
    const seenAfter = Date.now() - killedAt;
    expect(seenAfter).toBeLessThan(12_000);
    await page.screenshot({ path: `${screenshotDir}/brokers-absent.png` });
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => page.getByTestId('absent-brokers').textContent(), { timeout: 10_000 }).toContain('broker 2');
    // The topology picture follows the same watch: broker-2's box turns absent, its neighbours stay running.
    await expect.poll(() => page.getByTestId('topology-service-broker-2').getAttribute('data-state'), { timeout: 10_000 }).toBe('absent');
    expect(await page.getByTestId('topology-service-broker-3').getAttribute('data-state')).toBe('running');
    await page.getByTestId('topology').screenshot({ path: `${screenshotDir}/topology-broker-killed.png` });
    expect(Number(await page.getByTestId('stat-urp').textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/overview-broker-absent.png` });
    await page.close();
  });

  it('browses ZooKeeper down to a broker registration', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(ctx.app.server.loginUrl);
    await page.getByRole('link', { name: 'ZooKeeper' }).click();
    await page.getByTestId('znode-brokers').click({ timeout: 15_000 });
    await page.getByTestId('znode-ids').click();
    await page.getByTestId('znode-0').click();
    await expect.poll(() => page.getByTestId('znode-data').textContent(), { timeout: 10_000 }).toContain('"PLAINTEXT://127.0.0.3:9092"');
    expect(await page.getByTestId('zk-path').textContent()).toContain('brokers');
    await page.screenshot({ path: `${screenshotDir}/zookeeper.png` });
    await page.close();
  });
});
