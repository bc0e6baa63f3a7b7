import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoConfig } from '../../dev/demo/demo-config';
import { type LocalBrowser, launchChromium } from '../../dev/local/chromium';
import { localDynamoDbClient } from '../../dev/local/dynamodb-local';
import { writeJson } from '../../dev/local/local-environment';
import { type SnoozeServer, startSnoozeServer } from '../../dev/local/snooze-server';
import { DynamoDbAcknowledgementStore } from '../../lambda/adapters/history/dynamodb-acknowledgement-store';
import { SnoozeTokens, snoozeLinks } from '../../lambda/adapters/snooze/snooze-token';
import { silentLog } from '../../lambda/core/log';
import { createHandler, type DigestHandler } from '../../lambda/entry/handler';
import { createRuntime } from '../../lambda/entry/runtime';
import { createSnoozeHandler } from '../../lambda/entry/snooze-handler';
import { forged, type LocalWithHistory, startLocalWithHistory } from '../support/local-with-history';
import { lowestContrast } from './page-checks';

// A snooze round trip as a person makes it: the demo digest (real handler, simulator, history in
// dynalite) opened in Chromium, its first Snooze link followed to the page on the loopback stand-in
// of the function URL, the form sent, and the next digest read. Then the links that must not work.
const NOW = new Date('2026-11-29T06:00:00Z');
const KEY = randomBytes(32).toString('base64url');

let env: LocalWithHistory;
let snooze: SnoozeServer;
let browser: LocalBrowser;
let page: Page;
let digest: DigestHandler;

beforeAll(async () => {
  env = await startLocalWithHistory(NOW, 'snooze-browser');
  const { local, dynamo, table, dir } = env;
  snooze = await startSnoozeServer(
    createSnoozeHandler(async () => ({
      tokens: new SnoozeTokens(KEY),
      store: new DynamoDbAcknowledgementStore({ tableName: table, client: localDynamoDbClient(dynamo.url) }),
      log: silentLog,
    })),
  );
  const configPath = join(dir, 'config.json');
  await writeJson(configPath, { ...demoConfig(local.simulator), snooze: { enabled: true } });
  digest = createHandler(() => createRuntime({ configPath, snooze: { url: snooze.url, key: KEY } }));
  browser = await launchChromium({ offline: false });
  page = await browser.context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([snooze?.stop(), env?.stop()]);
});

const tonight = async () => digest({ scheduledTime: NOW.toISOString(), dryRun: true });

test.each(['light', 'dark'] as const)(
  'the Snooze links are readable in %s mode (WCAG AA)',
  async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    await page.setContent((await tonight()).html ?? '');

    const { ratio, text } = await page.evaluate(lowestContrast);

    expect({ ratio: ratio >= 4.5, text }).toEqual({ ratio: true, text });
    await page.emulateMedia({ colorScheme: 'light' });
  },
);

describe('a Snooze link, followed in Chromium', () => {
  let firstLink = '';
  let snoozed = '';

  test('link → confirmation page → POST → the next digest shows the row under Known issues', async () => {
    const before = await tonight();
    await page.setContent(before.html ?? '');
    const links = page.getByRole('link', { name: 'Snooze' });
    const problems =
      before.counts.failed + before.counts.missed + before.counts.unknown + before.counts.error;
    expect(await links.count()).toBe(problems);
    firstLink = (await links.first().getAttribute('href')) ?? '';
    expect(firstLink.startsWith(`${snooze.url}?t=`)).toBe(true);

    const confirmation = await page.goto(firstLink);
    expect(confirmation?.status()).toBe(200);
    snoozed = (await page.locator('form b').textContent()) ?? '';
    await page.getByLabel('Why is it known?').fill('laptop in repair <script>');
    await page.getByLabel('Your name').fill('alice');
    await page.getByLabel('For').selectOption('14');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Snooze' }).click(),
    ]);
    expect(answer.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Snoozed');
    expect(await page.locator('body').textContent()).toContain('"laptop in repair <script>" (alice)');

    const after = await tonight();
    const text = (after.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Known issues (1), not counted above');
    expect(text).toContain(`* ${snoozed}`);
    expect(text).toContain('Known issue: laptop in repair <script> (alice, until');
    expect(after.known).toBe(1);
    const afterProblems =
      after.counts.failed + after.counts.missed + after.counts.unknown + after.counts.error;
    expect(afterProblems).toBe(problems - 1);
    // Escaped in the mail, as on the page.
    expect(after.html).toContain('laptop in repair &lt;script&gt;');
  });

  test('the same link used again is refused with a clear page, and changes nothing', async () => {
    await page.goto(firstLink);
    await page.getByLabel('Why is it known?').fill('something else');
    await page.getByLabel('Your name').fill('mallory');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Snooze' }).click(),
    ]);

    expect(answer.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('This link was already used');
    expect((await tonight()).text).not.toContain('something else');
  });

  test('a forged link is refused', async () => {
    const token = forged(new URL(firstLink).searchParams.get('t') ?? '', { u: 'carol' });

    const answer = await page.goto(`${snooze.url}?t=${token}`);

    expect(answer?.status()).toBe(403);
    expect(await page.locator('body').textContent()).toContain('This is not a valid Snooze link.');
    expect(await page.locator('form').count()).toBe(0);
  });

  test('a link older than 14 days is refused as expired', async () => {
    const row = {
      jobClass: 'failed' as const,
      reason: 'x',
      user: { loginName: 'bob' },
      backupSetId: '1',
      notes: [],
    };
    const old =
      snoozeLinks(new SnoozeTokens(KEY), snooze.url)(row, new Date(Date.now() - 15 * 86_400_000)) ?? '';

    const answer = await page.goto(old);

    expect(answer?.status()).toBe(410);
    expect(await page.locator('body').textContent()).toContain('This Snooze link has expired');
  });
});
