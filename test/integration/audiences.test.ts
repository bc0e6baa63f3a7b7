import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import type { Context } from 'aws-lambda';
import { type DynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from '../../dev/local/dynamodb-local';
import {
  applyEnv,
  type LocalEnvironment,
  simulatorCbs,
  startLocalEnvironment,
  writeJson,
} from '../../dev/local/local-environment';
import type { ReceivedEmail } from '../../dev/local/ses-local';
import { DynamoSentBatches } from '../../lambda/adapters/mail/sent-batches';
import { SesMailer } from '../../lambda/adapters/mail/ses-mailer';
import type { RunMetrics } from '../../lambda/adapters/metrics/run-metrics';
import { DeliveryFailedError } from '../../lambda/core/errors';
import type { Mailer } from '../../lambda/core/mailer';
import { createHandler, type DigestHandler } from '../../lambda/entry/handler';
import { createRuntime } from '../../lambda/entry/runtime';
import { RecordingMetrics } from '../support/recording-metrics';

// Audiences over loopback: the simulator (bob owned by reseller-east, dave by reseller-west),
// aws-ses-v2-local, and the mail-batch ledger in dynalite, through the real handler.
const NOW = new Date('2026-11-29T06:00:00Z');

let local: LocalEnvironment;
let dynamo: DynamoDbLocal;
let restoreEnv: () => void;
let dir: string;

const AUDIENCES = [
  { name: 'reseller-east', to: ['noc@east.example'], select: { owners: ['reseller-east'] } },
  { name: 'reseller-west', to: ['help@west.example'], select: { owners: ['reseller-west'] } },
];

function configWith(watch: unknown, audiences: unknown = AUDIENCES, report: Record<string, unknown> = {}) {
  return {
    cbs: simulatorCbs(local.simulator),
    report: { timeZone: local.simulator.timeZone, windowEndsAt: '07:00', ...report },
    mail: { from: 'digest@example.com', to: ['admins@example.com'], audiences },
    watch,
    history: { enabled: false },
  };
}

async function handlerOf(config: unknown, mailer?: Mailer, metrics?: RunMetrics): Promise<DigestHandler> {
  const configPath = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeJson(configPath, config);
  return createHandler(() =>
    createRuntime({ configPath, ...(mailer ? { mailer } : {}), ...(metrics ? { metrics } : {}) }),
  );
}

const context = { getRemainingTimeInMillis: () => 300_000, awsRequestId: 'req' } as unknown as Context;
const byRecipient = (emails: ReceivedEmail[]) =>
  Object.fromEntries(emails.map((email) => [email.destination.to.join(','), email]));
/** bob's Photos set: its job in the demo scenario always succeeds, so alone it is all clear. */
const photosId = () =>
  local.simulator
    .users()
    .find((u) => u.loginName === 'bob')
    ?.sets.find((s) => s.name.startsWith('Photos'))?.id;
const listUsersCalls = () => local.simulator.calls()['2/ListUsers'] ?? 0;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dynamo = await startDynamoDbLocal();
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-audiences-'));
  restoreEnv = applyEnv({
    ...local.env,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    IDEMPOTENCY_TABLE: dynamo.tableName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

afterAll(async () => {
  restoreEnv();
  await Promise.all([local.stop(), dynamo.stop()]);
});

beforeEach(async () => {
  await local.ses.clear();
});

test("users named without an owner: one 2/ListUsers places them, and each reseller gets only its users' rows", async () => {
  const before = listUsersCalls();
  const handler = await handlerOf(
    configWith({ users: [{ loginName: 'alice' }, { loginName: 'bob' }, { loginName: 'dave' }] }),
  );

  const result = await handler({ date: '2026-11-28' });

  expect(listUsersCalls() - before).toBe(1);
  const emails = byRecipient(await local.ses.emails());
  expect(Object.keys(emails).sort()).toEqual(['admins@example.com', 'help@west.example', 'noc@east.example']);
  const east = emails['noc@east.example'];
  const west = emails['help@west.example'];
  expect(east?.subject).toBe('Backups for reseller-east 2026-11-28: 1 failed, 2 missed, 1 ok');
  expect(east?.body.text).toMatch(/bob \/ Old Laptop\n\s+MISSED/);
  expect(east?.body.text).not.toMatch(/alice|dave/);
  expect(west?.subject).toBe('Backups for reseller-west 2026-11-28: 1 warning, 0 ok');
  expect(west?.body.text).not.toMatch(/alice|bob/);
  expect(west?.attachments.map((a) => a.filename)).toEqual(['backup-jobs-2026-11-28.csv']);
  expect(Buffer.from(west?.attachments[0]?.content ?? '', 'base64').toString()).not.toMatch(/alice|bob/);
  expect(emails['admins@example.com']?.body.text).toMatch(/alice[\s\S]*bob[\s\S]*dave|dave[\s\S]*bob/);
  expect(result.audiences?.map((a) => [a.audience, a.sent])).toEqual([
    ['reseller-east', true],
    ['reseller-west', true],
  ]);
});

test('whole-server mode places users by the owners 2/ListUsers gave, asking it once', async () => {
  const before = listUsersCalls();
  const handler = await handlerOf(configWith({ allUsers: {} }));

  await handler({ date: '2026-11-28' });

  expect(listUsersCalls() - before).toBe(1);
  const emails = byRecipient(await local.ses.emails());
  expect(emails['noc@east.example']?.body.text).toContain('bob (sub-admin reseller-east)');
  expect(emails['noc@east.example']?.body.text).not.toMatch(/alice|carol|dave|gina/);
  expect(emails['help@west.example']?.subject).toMatch(/^Backups for reseller-west 2026-11-28: /);
});

test('a failed audience fails the run without costing the others; the retry sends only what was not sent', async () => {
  // The real SES mailer and its ledger in dynalite, with SES refusing reseller-west's first message.
  const ses = new SesMailer(
    new SESClient({}),
    new DynamoSentBatches(dynamo.tableName, localDynamoDbClient(dynamo.url)),
  );
  let refused = 0;
  const flaky: Mailer = {
    send: async (email) => {
      if (email.to.includes('help@west.example') && refused++ === 0) throw new Error('MessageRejected');
      return ses.send(email);
    },
  };
  const metrics = new RecordingMetrics();
  const handler = await handlerOf(configWith({ allUsers: {} }), flaky, metrics);
  const event = { scheduledTime: '2026-11-29T06:00:00Z' };

  const first = await handler(event, context).catch((error: unknown) => error);
  const afterFirst = (await local.ses.emails()).map((e) => e.destination.to.join(','));
  const retry = await handler(event, context);
  const afterRetry = (await local.ses.emails()).map((e) => e.destination.to.join(','));
  const replay = await handler(event, context);

  expect(first).toBeInstanceOf(DeliveryFailedError);
  expect((first as Error).message).toContain('reseller-west (Error: MessageRejected)');
  expect(afterFirst.sort()).toEqual(['admins@example.com', 'noc@east.example']);
  // The retry ran the digest anew and SES took only reseller-west's: nobody got theirs twice.
  expect(afterRetry.sort()).toEqual(['admins@example.com', 'help@west.example', 'noc@east.example']);
  expect(retry.audiences?.every((a) => a.sent)).toBe(true);
  expect(replay).toEqual(retry);
  expect(metrics.facts.map((f) => f.outcome)).toEqual(['partly-sent', 'sent', 'replayed']);
  expect(metrics.facts[0]).toMatchObject({ adminsSent: true, digests: { sent: 2, quiet: 0, failed: 1 } });
});

test('quiet nights: an all-clear audience with sendWhen "attention" gets no email, the run still completes', async () => {
  const metrics = new RecordingMetrics();
  const handler = await handlerOf(
    configWith(
      { users: [{ loginName: 'bob', owner: 'reseller-east' }] },
      [
        { name: 'photos-quiet', to: ['quiet@example.com'], select: { backupSets: [photosId()] } },
        {
          name: 'photos-always',
          to: ['always@example.com'],
          select: { backupSets: [photosId()] },
          sendWhen: 'always',
        },
      ],
      { sendWhen: 'attention' },
    ),
    undefined,
    metrics,
  );

  const result = await handler({ date: '2026-11-28' });

  const emails = byRecipient(await local.ses.emails());
  // bob's night needs attention, so the admins hear of it; Photos alone is all clear.
  expect(Object.keys(emails).sort()).toEqual(['admins@example.com', 'always@example.com']);
  expect(emails['always@example.com']?.subject).toBe('Backups for photos-always 2026-11-28: 1 ok');
  expect(result.audiences?.[0]).toMatchObject({
    audience: 'photos-quiet',
    sent: false,
    quiet: true,
    rows: 1,
  });
  expect(metrics.facts).toEqual([
    expect.objectContaining({ outcome: 'sent', digests: { sent: 2, quiet: 1, failed: 0 } }),
  ]);
});

test('an all-clear night with report.sendWhen "attention" sends nothing and counts as a completed run', async () => {
  const metrics = new RecordingMetrics();
  const handler = await handlerOf(
    configWith({ backupSets: [{ loginName: 'bob', owner: 'reseller-east', backupSetId: photosId() }] }, [], {
      sendWhen: 'attention',
    }),
    undefined,
    metrics,
  );

  const result = await handler({ date: '2026-11-28' });

  expect(await local.ses.emails()).toEqual([]);
  expect(result).toMatchObject({ sent: false, quiet: true, rows: 1 });
  expect(metrics.facts).toEqual([expect.objectContaining({ outcome: 'quiet', adminsSent: false })]);
});
