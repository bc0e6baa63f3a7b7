import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoConfig } from '../../dev/demo/demo-config';
import { type LocalBrowser, launchChromium } from '../../dev/local/chromium';
import { applyEnv, startLocalEnvironment, writeJson } from '../../dev/local/local-environment';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import { everyKindOfRow } from '../support/digest-fixtures';
import { handlerFor } from '../support/use-config';
import { lowestContrast, pageText, pageWidths } from './page-checks';

// The demo digest, made by the real handler from the simulator's demo data, seen by a real browser
// as a phone (375 px) and a wide reading pane (800 px) would show it, in light and dark mode; and
// the golden tests' model, whose CBS values include a path too long for any phone.
const NOW = new Date('2026-11-29T06:00:00Z');
const WIDTHS = [375, 800] as const;
const TEMPLATES = join(__dirname, '..', '..', 'templates');
const SCHEMES = ['light', 'dark'] as const;
/** WCAG AA for body text. */
const MIN_CONTRAST = 4.5;

let browser: LocalBrowser;
let page: Page;
const pages: Record<'demo' | 'every kind of row', string> = { demo: '', 'every kind of row': '' };
const requests: string[] = [];

beforeAll(async () => {
  const local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  const dir = await mkdtemp(join(tmpdir(), 'backup-digest-browser-'));
  const configPath = join(dir, 'config.json');
  const restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT' });
  try {
    await writeJson(configPath, demoConfig(local.simulator));
    const result = await handlerFor(configPath)({ scheduledTime: NOW.toISOString(), dryRun: true });
    pages.demo = result.html ?? '';
  } finally {
    restoreEnv();
    await Promise.all([local.stop(), rm(dir, { recursive: true, force: true })]);
  }
  pages['every kind of row'] = HandlebarsRenderer.fromDirectory(TEMPLATES).render(everyKindOfRow()).html;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('request', (request) => {
    if (!/^(about|data):/.test(request.url())) requests.push(request.url());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function show(html: string, width: number, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.setContent(html);
}

describe.each(WIDTHS)('at %i px', (width) => {
  test.each(SCHEMES)('the demo digest fits the width without scrolling sideways (%s)', async (scheme) => {
    await show(pages.demo, width, scheme);

    const { scrollWidth, innerWidth } = await page.evaluate(pageWidths);

    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });

  test('a name too long for the screen wraps instead of widening the page', async () => {
    await show(pages['every kind of row'], width, 'light');

    const { scrollWidth, innerWidth } = await page.evaluate(pageWidths);

    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });

  test('the demo digest shows the verdict first, then counts, problems, warnings and OK jobs', async () => {
    await show(pages.demo, width, 'light');

    const shown = await page.evaluate(pageText);

    expect(shown.first).toMatch(/^\d+ of \d+ backup sets need attention$/);
    expect(shown.headings.map((h) => h.replace(/ \(\d+\)/, ''))).toEqual([
      'Failed',
      'Missed: no backup ran',
      'Unknown status',
      'Could not be checked',
      'Completed with warnings',
      // Big Data's run in progress is later than its finished one, which decides the set's night.
      'OK, by user',
    ]);
    // The class of a row is said in words, not only by colour.
    for (const word of ['FAILED', 'MISSED', 'UNKNOWN', 'NOT CHECKED', 'WARNING']) {
      expect(shown.visible).toContain(word);
    }
    expect(shown.visible).toContain('Photos <b>& "more"</b> ✓');
  });

  test.each(SCHEMES)('keeps every text readable against its background (%s)', async (scheme) => {
    await show(pages['every kind of row'], width, scheme);

    const worst = await page.evaluate(lowestContrast);

    // The text is in the message when it fails, to say where to look.
    expect(worst.ratio >= MIN_CONTRAST ? 'readable' : worst).toBe('readable');
  });
});

test('loads nothing from outside the message', () => {
  expect(requests).toEqual([]);
});
