import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { demoConfig } from '../../dev/demo/demo-config';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../dev/local/dynamodb-local';
import {
  applyEnv,
  type LocalEnvironment,
  startLocalEnvironment,
  writeJson,
} from '../../dev/local/local-environment';
import { RunInProgressError } from '../../lambda/adapters/idempotency/run-once';
import type { DigestHandler } from '../../lambda/entry/handler';
import { handlerWithConfig } from '../support/use-config';

// Crash → retry → exactly one email, over real processes, dynalite, the simulator and SES local.
const NOW = new Date('2026-11-29T06:00:00Z');
/** The function timeout the crashed invocation had: its in-progress record expires after it. */
// Well above the 10 s the run keeps for sending, so it surely starts fetching on a busy machine.
const FUNCTION_TIMEOUT_MS = 20_000;
const CHILD = resolve(__dirname, '../support/crashing-invocation.ts');

let local: LocalEnvironment;
let dynamo: DynamoDbLocal;
let restoreEnv: () => void;
let child: ChildProcess | undefined;
let handler: DigestHandler;
let configPath: string;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dynamo = await startDynamoDbLocal();
  restoreEnv = applyEnv({
    ...local.env,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    IDEMPOTENCY_TABLE: dynamo.tableName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const dir = await mkdtemp(join(tmpdir(), 'backup-digest-crash-'));
  configPath = join(dir, 'config.json');
  await writeJson(configPath, demoConfig(local.simulator));
  handler = await handlerWithConfig(dir, demoConfig(local.simulator));
});

afterAll(async () => {
  child?.kill('SIGKILL');
  restoreEnv();
  await Promise.all([local.stop(), dynamo.stop()]);
});

function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    awsRequestId: 'retry',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  } as unknown as Context;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The in-progress expiry (epoch ms) of the one idempotency record in the table. */
async function inProgressExpiry(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: dynamo.url });
  try {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: dynamo.tableName }));
    expect(Items).toHaveLength(1);
    expect(Items[0]?.status?.S).toBe('INPROGRESS');
    return Number(Items[0]?.in_progress_expiration?.N);
  } finally {
    client.destroy();
  }
}

const totalCalls = () => Object.values(local.simulator.calls()).reduce((a, b) => a + b, 0);

test('a run killed mid-way: the retry fails while its record is in progress, then sends exactly one email', async () => {
  // prepare: every CBS answer hangs, so the run is surely mid-way when it is killed.
  const event = { scheduledTime: '2026-11-29T06:00:00Z' };
  local.simulator.setFaults([{ mode: 'slow', delayMs: 60_000 }]);
  const spawnedAt = Date.now();
  // node itself, not the tsx wrapper: SIGKILL must reach the process that runs the handler.
  child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify(event), String(FUNCTION_TIMEOUT_MS)],
    {
      env: { ...process.env, CONFIG_PATH: configPath },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((r) => child?.once('exit', (_code, signal) => r(signal)));

  // act 1: kill the process once it is talking to CBS (its idempotency record is written by then).
  await until(() => totalCalls() > 0, 'the crashing run to call CBS');
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const killedAt = Date.now();
  local.simulator.clearFaults();
  // The record of the crashed run expires when that invocation would have timed out.
  const expiry = await inProgressExpiry();
  expect(expiry).toBeGreaterThan(killedAt);
  expect(expiry).toBeLessThanOrEqual(killedAt + FUNCTION_TIMEOUT_MS);
  expect(expiry).toBeGreaterThanOrEqual(spawnedAt + FUNCTION_TIMEOUT_MS);

  // assert 1: an immediate retry (Lambda's own, or the scheduler's) fails rather than "succeeding" unsent.
  const early = handler(event, lambdaContext(FUNCTION_TIMEOUT_MS));
  await expect(early).rejects.toBeInstanceOf(RunInProgressError);
  await expect(early).rejects.toThrow(/in progress or crashed/);
  expect(await local.ses.emails()).toHaveLength(0);

  // act 2: once the crashed invocation's timeout has passed, Lambda's next retry runs the digest.
  await new Promise((r) => setTimeout(r, Math.max(0, expiry + 200 - Date.now())));
  const retried = await handler(event, lambdaContext(FUNCTION_TIMEOUT_MS));
  const duplicate = await handler(event, lambdaContext(FUNCTION_TIMEOUT_MS));

  // assert 2: one email in all, and the late duplicate answers with the run that sent it.
  const emails = await local.ses.emails();
  expect(emails).toHaveLength(1);
  expect('messageId' in retried && retried.messageId).toBe(emails[0]?.messageId);
  expect(duplicate).toEqual(retried);
}, 60_000);
