/**
 * `npm run demo [OUT_DIR]`: the whole production path on loopback, no AWS account needed. Starts
 * the CBS simulator, an SSM stand-in and aws-ses-v2-local, invokes the real Lambda handler, then
 * writes the emails SES received to out/: HTML, text, the MIME message, the attached list of jobs,
 * and, where Chromium is installed (dev/ensure-chromium.sh), a screenshot of the HTML. The admins'
 * full digest goes to out/, and each of two resellers' digests (an audience selecting the users
 * its sub-admin owns in CBS) to out/<audience>/. The run's EventBridge events (one summary, one per
 * row that needs attention) reach a loopback stand-in and are written to out/events.json.
 *
 * History lives in dynalite (a DynamoDB on npm) for the run. Its table starts empty, so the run
 * first reads the last week back from the simulator's listings, as a first run in AWS would: the
 * digest then shows every case history adds (gina's sets: a retry that recovered, a job stuck for
 * two days, a set failing five nights running, one without a success on record, sets that were
 * not due, one not scheduled at all).
 *
 * Snooze links are on, pointing at the snooze page on a loopback stand-in of its function URL. The
 * demo follows the first one as a person would (open, fill in, send) and writes the digest a dry
 * run makes afterwards, with that row under Known issues, as after-snooze.txt.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { composeMime } from '../../lambda/adapters/mail/ses-mailer';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../local/chromium';
import { createHistoryTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb-local';
import {
  applyEnv,
  type LocalEnvironment,
  startLocalEnvironment,
  writeJson,
} from '../local/local-environment';
import { startSnoozeServer } from '../local/snooze-server';
import { demoConfig } from './demo-config';
import { followFirstSnoozeLink } from './follow-snooze-link';

/** A wide mail client's reading pane; the browser test also checks a 375 px phone. */
const SCREENSHOT_WIDTH = 800;

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? 'out');
  const local = await startLocalEnvironment({ scenario: 'demo' });
  const dynamo = await startDynamoDbLocal();
  try {
    const configPath = join(outDir, 'demo.config.json');
    const config = demoConfig(local.simulator);
    // gina's sets are the ones only a digest with schedules and memory reads right.
    config.watch.users = [...(config.watch.users ?? []), { loginName: 'gina' }];
    // Two resellers (sub-admins in CBS) get a digest of their own users beside the admins' full one.
    config.mail.audiences = DEMO_AUDIENCES;
    await writeJson(configPath, { ...config, snooze: { enabled: true } });
    const historyTable = await createHistoryTable(dynamo.url);
    // In AWS the key is a generated secret; here a fresh one per demo.
    const key = randomBytes(32).toString('base64url');
    const restore = applyEnv({
      ...local.env,
      CONFIG_PATH: configPath,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      HISTORY_TABLE: historyTable,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      // The run's events go to the EventBridge stand-in; they are written to out/events.json.
      EVENT_BUS_NAME: 'default',
    });
    try {
      // Imported after the environment is set, as Lambda would load it.
      const { createHandler } = await import('../../lambda/entry/handler');
      const { createRuntime } = await import('../../lambda/entry/runtime');
      const { createSnoozeHandler } = await import('../../lambda/entry/snooze-handler');
      const { SnoozeTokens } = await import('../../lambda/adapters/snooze/snooze-token');
      const { DynamoDbAcknowledgementStore } = await import(
        '../../lambda/adapters/history/dynamodb-acknowledgement-store'
      );
      const snooze = await startSnoozeServer(
        createSnoozeHandler(async () => ({
          tokens: new SnoozeTokens(key),
          store: new DynamoDbAcknowledgementStore({
            tableName: historyTable,
            client: localDynamoDbClient(dynamo.url),
          }),
          log: { debug() {}, info() {}, warn() {}, error() {} },
        })),
      );
      const handler = createHandler(() => createRuntime({ snooze: { url: snooze.url, key } }));
      const result = await handler({});
      const written: string[] = [];
      const admins = await saveEmail(local, result.messageId, outDir, written);
      const snoozed = await followFirstSnoozeLink(admins.html, {
        note: 'demo: a known issue',
        by: 'npm run demo',
        days: 7,
      });
      await snooze.stop();
      const after = await handler({ dryRun: true });
      await writeFile(join(outDir, 'after-snooze.txt'), after.text ?? '');
      written.push(join(outDir, 'after-snooze.txt'));
      console.log(`Snooze link followed: ${snoozed.status} ${snoozed.text}`);
      if (chromiumAvailable()) {
        await screenshot(admins.html, join(outDir, 'digest.png'));
        written.push(join(outDir, 'digest.png'));
      } else {
        console.log(`No Chromium at ${CHROMIUM_PATH}: run dev/ensure-chromium.sh for a screenshot.`);
      }
      const lines = [`${admins.subject} | sent to ${admins.to.join(', ')}`];
      // Each reseller's digest: only its own users' rows, its own subject, verdict and CSV.
      for (const audience of result.audiences ?? []) {
        const dir = join(outDir, audience.audience);
        await mkdir(dir, { recursive: true });
        const sent = await saveEmail(local, audience.messageId, dir, written);
        lines.push(`${sent.subject} | sent to ${sent.to.join(', ')}`);
      }
      const eventsPath = join(outDir, 'events.json');
      await writeFile(eventsPath, `${JSON.stringify(local.events.events, null, 2)}\n`);
      written.push(eventsPath);
      lines.push(`${local.events.events.length} events published (1 summary, one per row needing attention)`);
      console.log(`${lines.join('\n')}\n${written.join('\n')}`);
    } finally {
      restore();
    }
  } finally {
    await dynamo.stop();
    await local.stop();
  }
}

const DEMO_AUDIENCES = [
  {
    name: 'reseller-east',
    to: ['noc@east-it.example'],
    title: 'Backups of East IT customers',
    select: { owners: ['reseller-east'] },
  },
  { name: 'reseller-west', to: ['helpdesk@west-it.example'], select: { owners: ['reseller-west'] } },
];

/** Writes the email SES received under `messageId` to `dir`: HTML, text, the MIME message, its files. */
async function saveEmail(
  local: LocalEnvironment,
  messageId: string | undefined,
  dir: string,
  written: string[],
): Promise<{ subject: string; to: string[]; html: string }> {
  const email = (await local.ses.emails()).find((e) => e.messageId === messageId);
  if (!email) throw new Error(`SES stand-in holds no message ${messageId}`);
  const html = email.body.html ?? '';
  const text = email.body.text ?? '';
  const attachments = email.attachments.map((a) => ({
    filename: a.filename ?? 'attachment',
    contentType: a.contentType,
    content: Buffer.from(a.content, 'base64'),
  }));
  // The stand-in keeps the parts it parsed, not the bytes: compose them again as the mailer does.
  const eml = await composeMime({
    from: email.from,
    to: email.destination.to,
    subject: email.subject,
    html,
    text,
    attachments,
  });
  const save = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    written.push(path);
  };
  await save('digest.html', html);
  await save('digest.txt', text);
  await save('digest.eml', eml);
  for (const attachment of attachments) await save(attachment.filename, attachment.content);
  return { subject: email.subject, to: email.destination.to, html };
}

async function screenshot(html: string, path: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: SCREENSHOT_WIDTH, height: 800 });
    await page.setContent(html);
    await page.screenshot({ path, fullPage: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
