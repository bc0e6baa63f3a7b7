import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { demoConfig } from '../../dev/demo/demo-config';
import { applyEnv, type LocalEnvironment, startLocalEnvironment } from '../../dev/local/local-environment';
import { DigestFailedError } from '../../lambda/core/errors';
import type { DigestHandler } from '../../lambda/entry/handler';
import type { RunResult } from '../../lambda/entry/invoke';
import type { Fault } from '../../simulator';
import { handlerWithConfig } from '../support/use-config';

// Each fault injected into the simulator over real HTTP, and the email the admins then receive.
const NOW = new Date('2026-11-29T06:00:00Z');
const EVENT = { scheduledTime: NOW.toISOString() };

let local: LocalEnvironment;
let restoreEnv: () => void;
let dir: string;
let baseline: RunResult;
let handler: DigestHandler;

async function useConfig(cbs: Record<string, unknown> = {}): Promise<void> {
  const config = demoConfig(local.simulator);
  handler = await handlerWithConfig(dir, {
    ...config,
    cbs: { ...config.cbs, requestTimeoutMs: 1_000, retryBaseDelayMs: 5, maxAttempts: 4, ...cbs },
  });
}

/** Runs with the faults armed and returns the result and the one email the admins received. */
async function runWith(faults: Fault[], context?: Context) {
  local.simulator.setFaults(faults);
  await local.ses.clear();
  const injectedBefore = local.simulator.faultsInjected();
  const outcome = await handler(EVENT, context).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  local.simulator.clearFaults();
  const emails = await local.ses.emails();
  expect(emails).toHaveLength(1);
  const email = emails[0];
  if (!email) throw new Error('no email');
  const result = outcome.result;
  return {
    ...outcome,
    result,
    email,
    // The text part wraps at 80 columns; compare its words, not its line breaks.
    text: (email.body.text ?? '').replace(/\s+/g, ' '),
    injected: local.simulator.faultsInjected() - injectedBefore,
  };
}

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-faults-'));
  restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT' });
  await useConfig();
  const clean = await runWith([]);
  if (!clean.result) throw new Error('the baseline run failed');
  baseline = clean.result;
});

afterAll(async () => {
  restoreEnv();
  await local.stop();
});

beforeEach(() => useConfig());

describe('transient faults are retried: the admins get the same digest as without them', () => {
  test.each<[string, Fault[]]>([
    ['connection resets on job listings', [{ mode: 'reset', endpoint: 'ListBackupJobStatus', first: 3 }]],
    [
      'a 503 from a reverse proxy on job reports',
      [{ mode: 'proxy-error', endpoint: 'GetBackupJobReportSummary', first: 3 }],
    ],
    ['an HTML sign-in page where JSON was expected', [{ mode: 'html-page', first: 2 }]],
    ['429 Too Many Requests', [{ mode: 'too-many-requests', retryAfterSeconds: 0, first: 2 }]],
    ['a truncated JSON answer', [{ mode: 'malformed-json', endpoint: 'ListBackupSets', first: 1 }]],
    [
      'a slow answer past the request timeout',
      [{ mode: 'slow', delayMs: 1_500, endpoint: 'ListBackupSets', first: 1 }],
    ],
  ])('%s', async (_name, faults) => {
    const { result, email, injected } = await runWith(faults);

    expect(injected).toBeGreaterThan(0);
    expect(result?.counts).toEqual(baseline.counts);
    expect(email.subject).toBe(baseline.subject);
  });
});

describe('faults that do not pass: only the rows they touch say why, the rest is sent', () => {
  test("a user whose proxy always answers HTML: that user's rows are not checked", async () => {
    const { result, text } = await runWith([{ mode: 'html-page', loginName: 'bob' }]);

    expect(result?.sent).toBe(true);
    expect(text).toMatch(
      /bob \(sub-admin reseller-east\) \/ every backup set NOT CHECKED: could not list [^*]*answered text\/html[^*]*not JSON/,
    );
    expect(result?.counts.ok).toBeGreaterThan(0);
  });

  test('an answer larger than the cap is refused, named in the row', async () => {
    await useConfig({ maxResponseBytes: 1024 * 1024 });
    const { result, text, injected } = await runWith([
      { mode: 'huge-body', bytes: 4 * 1024 * 1024, endpoint: 'ListBackupSets', loginName: 'alice' },
    ]);

    expect(injected).toBe(1);
    expect(result?.sent).toBe(true);
    expect(text).toContain('ListBackupSets: answer larger than 1048576 bytes refused');
  });

  test('running out of time: what was not fetched is "out of time", and the email still goes', async () => {
    // 12 s left: 10 s are kept to render and send, so 2 s remain for CBS, and reports take 1.5 s each.
    const context = { getRemainingTimeInMillis: () => 12_000 } as unknown as Context;
    await useConfig({ requestTimeoutMs: 10_000 });
    const started = Date.now();
    const { result, text } = await runWith(
      [{ mode: 'slow', delayMs: 1_500, endpoint: 'GetBackupJobReportSummary' }],
      context,
    );

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result?.sent).toBe(true);
    expect(result?.counts.error).toBeGreaterThan(baseline.counts.error);
    expect(text).toContain('out of time: the run stopped fetching to leave time to send this digest');
  });
});

describe('total failure: the admins get a notice naming the cause, and the invocation fails', () => {
  test.each<[string, Fault[], RegExp]>([
    [
      'wrong credentials',
      [{ mode: 'wrong-credentials' }],
      /CBS refused the system user: Incorrect system username\/password/,
    ],
    [
      'an expired password',
      [{ mode: 'password-expired' }],
      /CBS refused the system user: Password has expired\. Please change your password before logging in again\./,
    ],
    // Whichever call failed first is named: listings of jobs and of sets start together.
    [
      'CBS unreachable',
      [{ mode: 'reset' }],
      /CBS could not be reached: (ListBackupJobStatus|ListBackupSets): cannot reach CBS \(ECONNRESET\)/,
    ],
  ])('%s', async (_name, faults, cause) => {
    const { error, email, text } = await runWith(faults);

    expect(error).toBeInstanceOf(DigestFailedError);
    expect((error as DigestFailedError).noticeSent).toBe(true);
    expect(email.subject).toMatch(new RegExp(`^Backups 2026-11-28: FAILED, no digest: ${cause.source}$`));
    expect(text).toMatch(new RegExp(`Cause: ${cause.source}`));
  });
});
