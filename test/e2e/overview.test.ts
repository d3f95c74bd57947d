import { describe, expect, it } from 'vitest';
import { screenshotDir } from './browser';
import { startWebApp, useSandboxWebApp } from './web-app';

describe('Overview in the browser (web mode, real sandbox)', () => {
  const ctx = useSandboxWebApp();

  it('shows app info and the sandbox profile that came through the server', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(ctx.app.server.loginUrl);
    await expect.poll(() => page.getByTestId('app-info').textContent(), { timeout: 15_000 }).toMatch(/Kafka Control Center .* web mode/);
    const card = page.getByTestId('profile-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('sandbox');
    expect(await card.textContent()).toContain('127.0.0.3:9092');
    const hosts = await page.getByRole('table', { name: 'Hosts' }).locator('tbody tr').allTextContents();
    expect(hosts.map((h) => h.split('127.')[0])).toEqual(['kafka-1', 'kafka-2', 'kafka-3', 'datalake-1']);
    const services = await page.getByRole('table', { name: 'Services' }).locator('tbody tr').count();
    expect(services).toBe(11);
    // The topology: a box per host holding its services, each running once the statuses arrive.
    const topology = page.getByTestId('topology');
    expect(await topology.locator('[data-testid^="topology-host-"]').count()).toBe(4);
    await expect
      .poll(
        async () =>
          new Set(
            await topology.locator('[data-testid^="topology-service-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
          ),
        {
          timeout: 30_000,
        },
      )
      .toEqual(new Set(['running']));
    expect(await topology.locator('[data-testid^="topology-service-"]').count()).toBe(11);
    expect(await page.getByTestId('topology-host-kafka-1').textContent()).toMatch(/broker-0.*broker-1/);
    await page.getByTestId('topology').screenshot({ path: `${screenshotDir}/topology.png` });
    // The token left the address bar once the cookie took over.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: `${screenshotDir}/overview.png`, fullPage: true });
    await page.close();
  });

  it('refuses the UI without the token', async () => {
    const page = await ctx.browser.newPage();
    const res = await page.goto(ctx.app.server.url);
    expect(res?.status()).toBe(401);
    await page.close();
  });

  it('shows a malformed profile as an error naming the field and line', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const bad = join(mkdtempSync(join(tmpdir(), 'kcc-bad-')), 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nname: broken\nhosts:\n  - id: a\n    address: 10.0.0.1\n    user: u\n    port: 99999\nkafka:\n  bootstrap: [a:9092]\n  zookeeper: a:2181\n',
    );
    const badApp = await startWebApp({ profileFile: bad });
    try {
      const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 700 } });
      await page.goto(badApp.server.loginUrl);
      const alert = page.locator('[data-error-code="invalid_profile"]');
      await alert.waitFor({ timeout: 15_000 });
      const text = await alert.textContent();
      expect(text).toContain('hosts[0].port');
      expect(text).toContain('line 7');
      await page.screenshot({ path: `${screenshotDir}/overview-invalid-profile.png` });
      await page.close();
    } finally {
      await badApp.close();
    }
  });
});
