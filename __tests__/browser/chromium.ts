// The system's Chromium (Debian's `chromium` package), driven by playwright-core: never a
// downloaded browser build. Where it is not installed the browser tests say so loudly and pass.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '.screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, or returns undefined after a loud SKIPPED line when it is not installed. */
export async function launchChromium(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    console.warn(
      `\n***** SKIPPED: browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does it). *****\n`,
    );
    return undefined;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
