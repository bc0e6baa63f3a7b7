import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { parse } from 'csv-parse/sync';
import {
  createHistoryTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../dev/local/dynamodb-local';
import { createFanOutHarness } from '../../dev/local/fan-out-harness';
import {
  applyEnv,
  CREDENTIALS_PARAMETER,
  type LocalEnvironment,
  simulatorCbs,
  startLocalEnvironment,
  writeJson,
} from '../../dev/local/local-environment';
import { type S3Local, startS3Local } from '../../dev/local/s3-local';
import type { ReceivedEmail } from '../../dev/local/ses-local';
import { startSsmStandIn } from '../../dev/local/ssm-stand-in';
import type { TaskEvent } from '../../dev/local/state-machine-runner';
import { DynamoDbAcknowledgementStore } from '../../lambda/adapters/history/dynamodb-acknowledgement-store';
import { type RunFacts, RunMetrics } from '../../lambda/adapters/metrics/run-metrics';
import { S3RunData } from '../../lambda/adapters/run-data/s3-run-data';
import { startScriptedServer } from '../support/scripted-http-server';
import { handlerFor } from '../support/use-config';

// Fan-out mode remembers nights as a single run does: each batch recalls, backfills, judges and
// saves its own users' sets; Merge adds up what the batches found and writes the run's metrics.
// The demo server (gina's history cases, frank suspended), two users per batch.
const NOW = new Date('2026-11-29T06:00:00Z');
const SCHEDULED = NOW.toISOString();

class RecordedMetrics extends RunMetrics {
  readonly published: RunFacts[] = [];
  constructor() {
    super(new Metrics({ namespace: 'test' }));
  }
  override publish(facts: RunFacts): void {
    this.published.push(facts);
  }
}

let local: LocalEnvironment;
let dynamo: DynamoDbLocal;
let s3: S3Local;
let dir: string;
let configPath: string;
let restoreEnv: () => void = () => {};

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  [dynamo, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3Local({ accessKeyId: 'local', secretAccessKey: 'local' }),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-fan-out-history-'));
  configPath = join(dir, 'config.json');
  await writeJson(configPath, {
    cbs: simulatorCbs(local.simulator),
    report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { allUsers: {} },
    deploy: { mode: 'fan-out', fanOut: { usersPerBatch: 2, maxConcurrency: 2 } },
  });
});
afterEach(() => restoreEnv());
afterAll(async () => {
  await Promise.all([local.stop(), dynamo.stop(), s3.stop(), rm(dir, { recursive: true, force: true })]);
});

function useTable(table: string): void {
  restoreEnv = applyEnv({
    ...local.env,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    HISTORY_TABLE: table,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
}

async function onlyEmail(): Promise<ReceivedEmail> {
  const emails = await local.ses.emails();
  expect(emails).toHaveLength(1);
  return emails[0] as ReceivedEmail;
}

const csvOf = (email: ReceivedEmail): string[] => {
  const attachment = email.attachments.find((a) => a.filename?.endsWith('.csv'));
  if (!attachment) throw new Error(`no CSV attached to "${email.subject}"`);
  const rows = parse(Buffer.from(attachment.content, 'base64').toString('utf8'), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];
  return rows.map((row) => JSON.stringify(row)).sort();
};

/** The text part with wrapped lines joined, so a sentence can be matched whole. */
const textOf = (email: ReceivedEmail): string =>
  (email.body.text ?? '').replace(/\n {2,}/g, ' ').replace(/([^\n])\n(?=[a-z(])/g, '$1 ');

/** The digest's "Note:" lines. */
const notesOf = (email: ReceivedEmail): string[] =>
  textOf(email)
    .split('\n')
    .filter((line) => line.startsWith('Note: '))
    .sort();

test('each batch remembers its own sets: the digest equals a single run with history, and Merge writes the run metrics', async () => {
  // prepare: two empty history tables, one per mode
  const fanOutTable = await createHistoryTable(dynamo.url, 'fan-out-history');
  const singleTable = await createHistoryTable(dynamo.url, 'single-history');
  const tasks: TaskEvent[] = [];
  const metrics = new RecordedMetrics();
  useTable(fanOutTable);
  await local.ses.clear();
  const harness = createFanOutHarness({
    configPath,
    runData: new S3RunData(s3.bucket),
    onTask: (event) => tasks.push(event),
    metrics,
  });

  // act: the first fan-out run backfills; then one function in single mode on its own table
  const { output } = await harness.start({ scheduledTime: SCHEDULED });
  const fanOut = await onlyEmail();
  restoreEnv();
  useTable(singleTable);
  await local.ses.clear();
  await handlerFor(configPath)({ scheduledTime: SCHEDULED });
  const single = await onlyEmail();

  // assert: several batches, and the same digest as one function with history
  expect(tasks.filter((task) => task.state === 'CollectBatch').length).toBeGreaterThanOrEqual(3);
  expect(csvOf(fanOut)).toEqual(csvOf(single));
  expect(notesOf(fanOut)).toEqual(notesOf(single));
  expect(notesOf(fanOut)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^Note: First run with history: the last 7 nights were read back from CBS \(\d+ listing calls\)\.$/,
      ),
      'Note: 1 suspended or locked backup user not checked (they cannot back up).',
    ]),
  );
  expect(textOf(fanOut)).toContain('Last 14 nights, oldest first: ✓ OK');
  expect(textOf(fanOut)).toMatch(/failed 5 nights running/);
  expect(fanOut.subject).toBe(single.subject);

  // Merge wrote the run's metrics once: the dead man's switch hears fan-out runs
  expect(metrics.published).toEqual([
    expect.objectContaining({
      outcome: 'sent',
      rows: output?.rows,
      counts: output?.counts,
      historyFaults: 0,
      cbsCalls: expect.any(Number),
    }),
  ]);
  const [facts] = metrics.published;
  expect(facts?.outcome === 'sent' && facts.cbsCalls).toBeGreaterThan(0);
}, 180_000);

test('a later fan-out run reads what the batches saved: no backfill, the same nights not counted twice', async () => {
  // prepare: a table the first run filled
  const table = await createHistoryTable(dynamo.url, 'fan-out-again');
  useTable(table);
  const harness = createFanOutHarness({ configPath, runData: new S3RunData(s3.bucket) });
  await local.ses.clear();
  await harness.start({ scheduledTime: SCHEDULED });
  const first = await onlyEmail();
  const listingsBefore = local.simulator.calls().ListBackupJobStatus ?? 0;
  await local.ses.clear();

  // act: the same night again, on demand (a new run name)
  await harness.start({ date: '2026-11-28' });
  const again = await onlyEmail();

  // assert: remembered, so no nights read back; gina's failing set still on its fifth night
  expect(textOf(first)).toContain('First run with history');
  expect(textOf(again)).not.toContain('First run with history');
  expect(textOf(again)).toMatch(/failed 5 nights running/);
  expect(textOf(again)).toContain('Last 14 nights, oldest first');
  // Only tonight's listings: two CBS dates per user checked, no backfill.
  const listings = (local.simulator.calls().ListBackupJobStatus ?? 0) - listingsBefore;
  expect(listings).toBeLessThan(2 * local.simulator.users().length + 1);
}, 180_000);

test('a store that cannot be read: the fan-out digest still goes, says so once, and counts the faults', async () => {
  // prepare: a table that does not exist
  useTable('no-such-table');
  const metrics = new RecordedMetrics();
  const harness = createFanOutHarness({ configPath, runData: new S3RunData(s3.bucket), metrics });
  await local.ses.clear();

  // act
  const { output } = await harness.start({ scheduledTime: '2026-11-29T06:00:00.001Z' });
  const email = await onlyEmail();

  // assert
  expect(output).toMatchObject({ sent: true });
  const unavailable = notesOf(email).filter((note) => note.includes('History is unavailable tonight'));
  expect(unavailable).toHaveLength(1);
  expect(textOf(email)).not.toContain('Last 14 nights');
  const [facts] = metrics.published;
  // One refused read per batch that had sets to recall.
  expect(facts?.outcome === 'sent' && facts.historyFaults).toBeGreaterThanOrEqual(2);
}, 180_000);

test('Merge applies the acknowledgements: a known user under Known issues, an expired one back and forgotten', async () => {
  // prepare: bob acknowledged for a week, carol's acknowledgement expired yesterday
  const table = await createHistoryTable(dynamo.url, 'fan-out-acks');
  useTable(table);
  const acks = new DynamoDbAcknowledgementStore({
    tableName: table,
    client: localDynamoDbClient(dynamo.url),
  });
  const ack = (loginName: string, expiresAt: string) => ({
    target: { loginName },
    note: `${loginName} is known`,
    by: 'ops',
    createdAt: '2026-11-20T00:00:00.000Z',
    expiresAt,
  });
  await acks.put(ack('bob', '2099-01-01T00:00:00.000Z'));
  await acks.put(ack('carol', '2026-11-28T00:00:00.000Z'));
  const harness = createFanOutHarness({ configPath, runData: new S3RunData(s3.bucket) });
  await local.ses.clear();

  // act
  const { output } = await harness.start({ scheduledTime: '2026-11-29T06:00:00.002Z' });
  const text = textOf(await onlyEmail());

  // assert
  expect(output?.known).toBeGreaterThan(0);
  expect(text).toMatch(/Known issues \(\d+\), not counted above/);
  expect(text).toContain('Known issue: bob is known (ops, until');
  expect(text).toContain('Snooze ended: carol (every backup set) counts again');
  expect((await acks.list()).map((a) => a.target.loginName)).toEqual(['bob']);
}, 180_000);

test("Merge pings the heartbeat monitor once the run's digest went, and counts it", async () => {
  // prepare: the heartbeat URL in an SSM stand-in beside the credentials, a monitor that answers 200
  const monitor = await startScriptedServer((_request, res) => {
    res.writeHead(200);
    res.end('OK');
  });
  const ssm = await startSsmStandIn({
    [CREDENTIALS_PARAMETER]: JSON.stringify({
      SysUser: local.simulator.sysUser,
      SysPwd: local.simulator.sysPwd,
    }),
    '/backup-digest/heartbeat-url': `${monitor.url}/fan-out-check`,
  });
  const heartbeatConfig = join(dir, 'heartbeat.json');
  await writeJson(heartbeatConfig, {
    cbs: simulatorCbs(local.simulator),
    report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { allUsers: {} },
    history: { enabled: false },
    deploy: {
      mode: 'fan-out',
      fanOut: { usersPerBatch: 2, maxConcurrency: 2 },
      heartbeatUrl: { parameter: '/backup-digest/heartbeat-url' },
    },
  });
  useTable('unused');
  const restoreSsm = applyEnv({ AWS_ENDPOINT_URL_SSM: ssm.url });
  const metrics = new RecordedMetrics();
  await local.ses.clear();

  try {
    // act
    const { output } = await createFanOutHarness({
      configPath: heartbeatConfig,
      runData: new S3RunData(s3.bucket),
      metrics,
    }).start({ scheduledTime: '2026-11-29T06:00:00.003Z' });

    // assert: one ping, after the email, and the run's metrics say so
    expect(output).toMatchObject({ sent: true });
    expect(await local.ses.emails()).toHaveLength(1);
    expect(monitor.requests.map((request) => request.path)).toEqual(['/fan-out-check']);
    expect(metrics.published).toEqual([expect.objectContaining({ outcome: 'sent', heartbeat: 'ok' })]);
  } finally {
    restoreSsm();
    await Promise.all([ssm.stop(), monitor.stop()]);
  }
}, 180_000);
