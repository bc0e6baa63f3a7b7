import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, which dev/ensure-chromium.sh installs; CHROMIUM_PATH for another one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, and quiet: no sandbox (we run as root), no GPU, and nothing that phones home, so a
 * run touches no network and starts in a second or two.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LocalBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Starts Chromium with a fresh profile folder (Playwright passes it as `--user-data-dir`, which it
 * does not accept among `args`), removed again on close.
 */
export async function launchChromium(options: { offline?: boolean } = {}): Promise<LocalBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'backup-digest-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      // Nothing in a digest may load from outside; offline makes a stray reference fail loudly.
      // Off only where a test opens a page on loopback (the snooze page).
      offline: options.offline ?? true,
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
