/**
 * Launching Debian's Chromium headless with playwright-core (never a downloaded browser),
 * with the flags this machine needs (no background networking: the network is closed).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requireService } from '../helpers/services.js';

/**
 * Chromium on this machine. Missing: the Chromium tests are skipped (the global setup has printed
 * the one line saying so), or fail when FR2EN_REQUIRE_SERVICES is set.
 */
export const chromiumService = requireService('chromium', { quiet: true });

/** The Chromium binary: `FR2EN_CHROMIUM`, else Debian's /usr/bin/chromium, else `chromium` on PATH. */
export const CHROMIUM = chromiumService.path ?? process.env.FR2EN_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set FR2EN_CHROMIUM.`);
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

/**
 * A new page in a fresh context (its own Cache Storage), collecting page errors and the console's
 * messages from before the first navigation, so a test can wait for what the page logs without
 * running anything in it (Playwright's evaluate and locators count as a user gesture).
 */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; console: string[]; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const console: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => console.push(m.text()));
  await page.goto(url);
  return { page, errors, console, close: () => context.close() };
}

/** Resolves once the page has logged `text`, polling from Node only (nothing runs in the page). */
export async function waitForConsole(messages: readonly string[], text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!messages.includes(text)) {
    if (Date.now() > deadline) throw new Error(`The page did not log ${JSON.stringify(text)} within ${timeoutMs} ms (it logged: ${JSON.stringify(messages)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
