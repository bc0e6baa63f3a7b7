import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { demoConfig } from '../../dev/demo/demo-config';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../dev/local/dynamodb-local';
import { applyEnv, type LocalEnvironment, startLocalEnvironment } from '../../dev/local/local-environment';
import { RunInProgressError } from '../../lambda/adapters/idempotency/run-once';
import { DynamoSentBatches } from '../../lambda/adapters/mail/sent-batches';
import { DigestFailedError } from '../../lambda/core/errors';
import type { DigestHandler } from '../../lambda/entry/handler';
import { handlerWithConfig } from '../support/use-config';

// At most one digest per scheduled run, over the real SDK and Powertools against dynalite on loopback.
const NOW = new Date('2026-11-29T06:00:00Z');

let local: LocalEnvironment;
let dynamo: DynamoDbLocal;
let restoreEnv: () => void;
let dir: string;
let handler: DigestHandler;

/** A Lambda context with plenty of time left, as the idempotency layer reads it. */
function lambdaContext(): Context {
  return { getRemainingTimeInMillis: () => 300_000, awsRequestId: 'req' } as unknown as Context;
}

async function useConfig(config: unknown): Promise<void> {
  handler = await handlerWithConfig(dir, config);
}

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dynamo = await startDynamoDbLocal();
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-idem-'));
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
  await useConfig(demoConfig(local.simulator));
});

test('two invocations for the same scheduled time send one email', async () => {
  const event = { scheduledTime: '2026-11-29T06:00:00Z' };

  const first = await handler(event, lambdaContext());
  // A scheduler retry writes the same instant with an offset: still the same run.
  const second = await handler({ scheduledTime: '2026-11-29T07:00:00+01:00' }, lambdaContext());

  const emails = await local.ses.emails();
  expect(emails).toHaveLength(1);
  expect(second.messageId).toBe(first.messageId);
  expect(emails[0]?.messageId).toBe(first.messageId);
});

test('duplicates arriving at once send one email; the one that finds the run in progress fails, so Lambda retries it', async () => {
  const event = { scheduledTime: '2026-11-30T06:00:00Z' };

  const results = await Promise.allSettled([
    handler(event, lambdaContext()),
    handler(event, lambdaContext()),
  ]);

  expect(await local.ses.emails()).toHaveLength(1);
  const failed = results.filter((r) => r.status === 'rejected');
  expect(failed.length).toBeLessThanOrEqual(1);
  for (const f of failed) expect(f.reason).toBeInstanceOf(RunInProgressError);
  // Lambda's retry, a minute later, finds the run completed and answers with it.
  const retry = await handler(event, lambdaContext());
  const sent = results.find((r) => r.status === 'fulfilled');
  expect(sent?.status === 'fulfilled' && sent.value).toEqual(retry);
  expect(await local.ses.emails()).toHaveLength(1);
});

test('a failed run stays retryable: the retry sends the digest', async () => {
  const event = { scheduledTime: '2026-11-29T05:00:00Z' };
  const config = demoConfig(local.simulator);
  await useConfig({ ...config, cbs: { ...config.cbs, baseUrl: 'http://127.0.0.1:9', maxAttempts: 1 } });

  await expect(handler(event, lambdaContext())).rejects.toBeInstanceOf(DigestFailedError);
  await useConfig(config);
  const retry = await handler(event, lambdaContext());

  const subjects = (await local.ses.emails()).map((e) => e.subject);
  expect(subjects).toHaveLength(2);
  expect(subjects[0]).toMatch(/^Backups 2026-11-28: FAILED, no digest: CBS could not be reached/);
  expect(subjects[1]).toMatch(/^Backups 2026-11-28: \d+ failed, \d+ missed/);
  expect(retry.sent).toBe(true);
});

test('on-demand runs are not deduplicated unless asked', async () => {
  await handler({}, lambdaContext());
  await handler({}, lambdaContext());
  await handler({ dedupeKey: 'rerun-1' }, lambdaContext());
  await handler({ dedupeKey: 'rerun-1' }, lambdaContext());

  expect(await local.ses.emails()).toHaveLength(3);
});

test('the ledger of sent mail batches lives in the idempotency table, beside the run records', async () => {
  const client = new DynamoDBClient({ endpoint: dynamo.url });
  const ledger = new DynamoSentBatches(dynamo.tableName, client);

  const before = await ledger.sent('schedule:2026-12-01T06:00:00.000Z#batch');
  await ledger.record('schedule:2026-12-01T06:00:00.000Z#batch', 'ses-1');
  const after = await ledger.sent('schedule:2026-12-01T06:00:00.000Z#batch');
  const other = await ledger.sent('schedule:2026-12-02T06:00:00.000Z#batch');
  client.destroy();

  expect([before, after, other]).toEqual([undefined, 'ses-1', undefined]);
});
