import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: no browser download. The flags
 * keep it from reaching out to the internet, which this machine does not have.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const screenshotDir = new URL('./screenshots/', import.meta.url).pathname;
