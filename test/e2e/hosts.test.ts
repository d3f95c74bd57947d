import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Kafka, logLevel } from 'kafkajs';
import { brokerIds, sandboxProfilePath, servicePid } from '../setup/sandbox-fixture';
import { profileVariant } from '../integration/app-harness';
import { launchBrowser, screenshotDir } from './browser';
import { startWebApp } from './web-app';

async function openHosts(browser: Browser, loginUrl: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(loginUrl);
  await page.getByRole('link', { name: 'Hosts & services' }).click();
  await page.getByRole('heading', { name: 'Hosts & services' }).waitFor();
  return page;
}

describe('Hosts & services in the browser (web mode, real sandbox)', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every service running, then stops and starts broker-2 with clicks', async () => {
    const app = await startWebApp({ profileFile: sandboxProfilePath() });
    try {
      const page = await openHosts(browser, app.server.loginUrl);
      for (const id of [
        'zk-1',
        'zk-2',
        'zk-3',
        'broker-0',
        'broker-1',
        'broker-2',
        'broker-3',
        'connect',
        'hdfs',
        'flume-ingest',
        'flume-hdfs',
      ]) {
        await expect.poll(() => page.getByTestId(`status-${id}`).textContent(), { timeout: 20_000 }).toBe('running');
      }
      // Each ensemble member's role, as it answers srvr: one leader, two followers.
      await expect
        .poll(
          async () => (await Promise.all(['zk-1', 'zk-2', 'zk-3'].map((id) => page.getByTestId(`zk-role-${id}`).textContent()))).sort(),
          {
            timeout: 20_000,
          },
        )
        .toEqual(['follower', 'follower', 'leader']);
      await expect.poll(() => page.getByTestId('host-reach-kafka-1').textContent(), { timeout: 20_000 }).toMatch(/SSH ok/);
      await expect.poll(() => page.getByTestId('host-kafka-1').textContent(), { timeout: 20_000 }).toMatch(/Java.*openjdk/);
      await page.screenshot({ path: `${screenshotDir}/hosts-running.png`, fullPage: true });

      const row = page.getByTestId('service-row-broker-2');
      await row.getByRole('button', { name: 'Stop', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Stop', exact: true }).click();
      await expect.poll(() => page.getByTestId('status-broker-2').textContent(), { timeout: 60_000 }).toBe('stopped');
      expect(await servicePid('broker-2')).toBeUndefined();
      await expect.poll(() => brokerIds(), { timeout: 10_000 }).not.toContain(2);
      await expect.poll(() => page.getByTestId('latest-operation-state').textContent(), { timeout: 10_000 }).toBe('succeeded');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${screenshotDir}/hosts-stopped.png`, fullPage: true });

      await row.getByRole('button', { name: 'Start', exact: true }).click();
      await expect.poll(() => page.getByTestId('status-broker-2').textContent(), { timeout: 90_000 }).toBe('running');
      expect(await brokerIds()).toContain(2);

      // The log drawer follows broker-2's log: a topic created while it is open shows up in it, live. The lines are
      // a virtualized table (only the rows in view are in the page, spacer rows are aria-hidden), so the search
      // narrows them to that topic's lines first. (A start-up line is no good here: on a busy broker it can be more
      // than the drawer's 500 lines back by the time the drawer opens.)
      const topic = `kcc-e2e-log-${Date.now()}`;
      await row.getByRole('button', { name: 'Log', exact: true }).click();
      await page.getByRole('textbox', { name: 'Search log' }).fill(topic);
      // Following from the file's last lines before the topic exists.
      await expect.poll(() => page.getByText(/kafkaServer\.out · \d+ of \d+ lines/).count(), { timeout: 15_000 }).toBe(1);
      const kafka = new Kafka({ clientId: 'kcc-e2e-log', brokers: ['127.0.0.4:9092'], logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 4 }], waitForLeaders: true });
        const lines = page.getByTestId('log-lines').locator('tbody tr:not([aria-hidden])');
        await expect
          .poll(async () => (await lines.allTextContents()).join('\n'), { timeout: 20_000 })
          .toContain(`Created log for partition ${topic}-0`);
        expect((await lines.allTextContents()).every((l) => l.includes(topic))).toBe(true);
      } finally {
        await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
        await admin.disconnect();
      }
      await page.screenshot({ path: `${screenshotDir}/hosts-log.png` });
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("shows a rolling restart's progress, n of m, and cancels it between brokers", async () => {
    const app = await startWebApp({ profileFile: sandboxProfilePath() });
    try {
      const page = await openHosts(browser, app.server.loginUrl);
      for (const id of ['broker-0', 'broker-1', 'broker-2', 'broker-3'])
        await expect.poll(() => page.getByTestId(`status-${id}`).textContent(), { timeout: 30_000 }).toBe('running');
      const pidsBefore = await Promise.all(['broker-0', 'broker-1', 'broker-2', 'broker-3'].map((id) => servicePid(id)));
      await page.getByRole('button', { name: 'Rolling restart' }).click();
      await page.getByRole('button', { name: 'Restart brokers' }).click();
      const text = page.getByTestId('operation-progress-text');
      // The first broker is back and fully replicated: the second is under way.
      await expect.poll(() => text.textContent(), { timeout: 120_000 }).toMatch(/rolling-restart: 1 of 5 done, now broker-/);
      expect(await page.getByTestId('operation-running').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('20');
      await page.screenshot({ path: `${screenshotDir}/hosts-rolling-restart-progress.png`, fullPage: true });
      await page.getByTestId('operation-running').getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(() => page.getByTestId('operation-running').getByRole('button').textContent(), { timeout: 10_000 })
        .toMatch(/Stopping after this step/);
      await expect.poll(() => page.getByTestId('latest-operation-state').textContent(), { timeout: 120_000 }).toBe('cancelled');
      await page.screenshot({ path: `${screenshotDir}/hosts-rolling-restart-cancelled.png`, fullPage: true });
      // It stopped between brokers: the one under way finished, the others were not touched, and all four serve.
      await expect.poll(() => brokerIds(), { timeout: 60_000 }).toEqual([0, 1, 2, 3]);
      const pidsAfter = await Promise.all(['broker-0', 'broker-1', 'broker-2', 'broker-3'].map((id) => servicePid(id)));
      expect(pidsAfter.filter((p, i) => p !== pidsBefore[i])).toHaveLength(2);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it('shows a failed start with the remote error', async () => {
    const file = profileVariant((p) => {
      const b2 = p.services?.find((s) => s.id === 'broker-2');
      if (!b2 || b2.kind !== 'kafka-broker') throw new Error('no broker-2');
      p.services?.push({ ...b2, id: 'broker-9', brokerId: 9, config: 'config/missing.properties', advertisedAddress: '127.0.0.4:9099' });
    });
    const app = await startWebApp({ profileFile: file });
    try {
      const page = await openHosts(browser, app.server.loginUrl);
      await expect.poll(() => page.getByTestId('status-broker-9').textContent(), { timeout: 20_000 }).toBe('stopped');
      await page.getByTestId('service-row-broker-9').getByRole('button', { name: 'Start', exact: true }).click();
      await expect.poll(() => page.getByTestId('latest-operation-state').textContent(), { timeout: 30_000 }).toBe('failed');
      const panel = await page.getByTestId('operation-panel').textContent();
      expect(panel).toContain('start failed');
      expect(panel).toMatch(/missing\.properties/);
      expect(panel).not.toContain('[object Object]');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${screenshotDir}/hosts-failed-start.png`, fullPage: true });
      await page.close();
    } finally {
      await app.close();
    }
  });

  it('asks to review an unknown host key, shows its fingerprint, and connects once trusted', async () => {
    const knownHosts = join(mkdtempSync(join(tmpdir(), 'kcc-kh-')), 'known_hosts');
    writeFileSync(knownHosts, '');
    const file = profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-3')!.knownHostsFile = knownHosts));
    const app = await startWebApp({ profileFile: file });
    try {
      const page = await openHosts(browser, app.server.loginUrl);
      const card = page.getByTestId('host-kafka-3');
      await card.getByRole('button', { name: 'Review host key…' }).click({ timeout: 20_000 });
      const fp = await page.getByTestId('host-fingerprint').textContent();
      expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      await page.screenshot({ path: `${screenshotDir}/hosts-unknown-key.png` });
      await page.getByRole('button', { name: 'Trust this key' }).click();
      await expect.poll(() => page.getByTestId('host-reach-kafka-3').textContent(), { timeout: 20_000 }).toMatch(/SSH ok/);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it('asks for the passphrase of an encrypted key, and connects once it is given', async () => {
    const { execFileSync } = await import('node:child_process');
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const profile = parse(readFileSync(sandboxProfilePath(), 'utf8')) as { hosts: Array<{ id: string; identityFile: string }> };
    const key = join(mkdtempSync(join(tmpdir(), 'kcc-key-')), 'encrypted');
    execFileSync('cp', [profile.hosts.find((h) => h.id === 'kafka-3')?.identityFile ?? '', key]);
    execFileSync('ssh-keygen', ['-q', '-p', '-N', 'open sesame', '-f', key]);
    const file = profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-3')!.identityFile = key));
    const app = await startWebApp({ profileFile: file });
    try {
      const page = await openHosts(browser, app.server.loginUrl);
      await page.getByTestId('host-kafka-3').getByRole('button', { name: 'Enter key passphrase…' }).click({ timeout: 20_000 });
      await page.getByRole('dialog').locator('input[type=password]').fill('open sesame');
      await page.screenshot({ path: `${screenshotDir}/hosts-passphrase.png` });
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(() => page.getByTestId('host-reach-kafka-3').textContent(), { timeout: 20_000 }).toMatch(/SSH ok/);
      await page.close();
    } finally {
      await app.close();
    }
  });
});
