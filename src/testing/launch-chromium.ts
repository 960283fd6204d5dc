// Headless Chromium for the browser tests and the UI benchmark: Debian's package, or the one named by
// YARDSTICK_CHROMIUM, started with nothing that reaches the network (no updates, no sync, no QUIC).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = (): string => process.env.YARDSTICK_CHROMIUM ?? '/usr/bin/chromium';

/** Launches the browser, or fails saying how to install one. */
export const launchChromium = async (): Promise<Browser> => {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's package (apt-get install chromium) or set YARDSTICK_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
};
