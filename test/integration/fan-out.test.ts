import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createFanOutHarness, type FanOutHarness } from '../../dev/local/fan-out-harness';
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
import { type SsmStandIn, startSsmStandIn } from '../../dev/local/ssm-stand-in';
import type { TaskEvent } from '../../dev/local/state-machine-runner';
import { S3RunData } from '../../lambda/adapters/run-data/s3-run-data';
import { startScriptedServer } from '../support/scripted-http-server';
import { handlerFor } from '../support/use-config';

// A whole server of 14 users in batches of 3: five batches, the second of which always fails.
const NOW = new Date('2026-11-29T06:00:00Z');
const SCHEDULED = '2026-11-29T06:00:00Z';
const USERS = 14;
const USERS_PER_BATCH = 3;
const TIMEOUT = Object.assign(new Error('Task timed out after 300.00 seconds'), { name: 'Sandbox.Timedout' });

type CsvRow = Record<string, string>;

let local: LocalEnvironment;
let s3: S3Local;
// Merge sends the digest, so Merge pings the monitor outside AWS (deploy.heartbeatUrl).
let monitor: Awaited<ReturnType<typeof startScriptedServer>>;
let ssm: SsmStandIn;
let restoreEnv: () => void;
let dir: string;
let configPath: string;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'scale', users: USERS, setsPerUser: 2, now: () => NOW });
  s3 = await startS3Local({ accessKeyId: 'local', secretAccessKey: 'local' });
  monitor = await startScriptedServer((_request, res) => {
    res.writeHead(200);
    res.end('OK');
  });
  ssm = await startSsmStandIn({
    [CREDENTIALS_PARAMETER]: JSON.stringify({
      SysUser: local.simulator.sysUser,
      SysPwd: local.simulator.sysPwd,
    }),
    '/backup-digest/heartbeat-url': `${monitor.url}/fan-out-check`,
  });
  restoreEnv = applyEnv({
    ...local.env,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-fan-out-'));
  configPath = join(dir, 'config.json');
  await writeJson(configPath, {
    cbs: simulatorCbs(local.simulator),
    report: { timeZone: local.simulator.timeZone, windowEndsAt: '07:00' },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { allUsers: {} },
    deploy: {
      mode: 'fan-out',
      fanOut: { usersPerBatch: USERS_PER_BATCH, maxConcurrency: 2 },
      heartbeatUrl: { parameter: '/backup-digest/heartbeat-url' },
    },
  });
});

afterAll(async () => {
  restoreEnv();
  await Promise.all([
    local.stop(),
    s3.stop(),
    ssm.stop(),
    monitor.stop(),
    rm(dir, { recursive: true, force: true }),
  ]);
});

function harness(tasks: TaskEvent[], failing: Set<string>): FanOutHarness {
  return createFanOutHarness({
    configPath,
    runData: new S3RunData(s3.bucket),
    // The batch holding the 4th user of the plan dies as Lambda reports a timeout, every try.
    failCollect: (items) => {
      if (!items.some((item) => item.index === USERS_PER_BATCH)) return undefined;
      for (const item of items) failing.add(item.loginName);
      return TIMEOUT;
    },
    onTask: (event) => tasks.push(event),
  });
}

function csvOf(email: ReceivedEmail): CsvRow[] {
  const attachment = email.attachments.find((a) => a.filename?.endsWith('.csv'));
  if (!attachment) throw new Error(`no CSV attached to "${email.subject}"`);
  return parse(Buffer.from(attachment.content, 'base64').toString('utf8'), {
    columns: true,
    bom: true,
  }) as CsvRow[];
}

const byUser = (rows: CsvRow[], users: Set<string>, inside: boolean) =>
  rows
    .filter((row) => users.has(row.user ?? '') === inside)
    .map((row) => JSON.stringify(row))
    .sort();

test("one email holds every user across the batches, the failed batch's users as not checked, and equals a single run for the rest", async () => {
  // prepare: the simulator has answered nothing yet
  await local.ses.clear();
  const tasks: TaskEvent[] = [];
  const failing = new Set<string>();
  const run = harness(tasks, failing);

  // act: the schedule's event, through Start, the synthesized definition and the real handlers
  const { start, output } = await run.start({ scheduledTime: SCHEDULED });

  // assert: the definition ran Plan, five batches (one failing, retried once, then caught), Merge
  expect(start).toMatchObject({ started: true, name: 'schedule-2026-11-29T06-00-00-000Z' });
  const states = tasks.map((task) => task.state);
  expect(states.filter((s) => s === 'Plan')).toHaveLength(1);
  expect(states.filter((s) => s === 'CollectBatch')).toHaveLength(5 + 1);
  expect(tasks.filter((t) => t.state === 'CollectBatch' && t.error === 'Sandbox.Timedout')).toHaveLength(2);
  expect(states.filter((s) => s === 'MarkBatchNotChecked')).toHaveLength(1);
  expect(states.at(-1)).toBe('Merge');
  expect(failing.size).toBe(USERS_PER_BATCH);

  // CBS was asked for the user list once, and nothing twice across the batches
  const calls = local.simulator.calls();
  expect(calls['2/ListUsers']).toBe(1);
  expect(local.simulator.repeatedCalls()).toEqual({});
  expect(calls.ListBackupSets).toBe(USERS - USERS_PER_BATCH);

  // one email, with every user's rows
  const emails = await local.ses.emails();
  expect(emails).toHaveLength(1);
  const email = emails[0] as ReceivedEmail;
  expect(output).toMatchObject({ sent: true, messageId: email.messageId, rows: expect.any(Number) });
  const rows = csvOf(email);
  const users = new Set(rows.map((row) => row.user));
  expect(users).toEqual(new Set(local.simulator.users().map((user) => user.loginName)));
  expect(users.size).toBe(USERS);

  // the failed batch's users are there, each as not checked, saying why
  const failed = rows.filter((row) => failing.has(row.user ?? ''));
  expect(failed).toHaveLength(USERS_PER_BATCH);
  for (const row of failed) {
    expect(row.class).toBe('not checked');
    expect(row.reason).toBe(
      'not checked: the batch of users it was collected in failed: Sandbox.Timedout: Task timed out after 300.00 seconds',
    );
  }
  expect(email.body.text).toContain(`${USERS_PER_BATCH} not checked`);
  // Merge pinged the monitor once, after the one email went
  expect(monitor.requests.map((r) => r.path)).toEqual(['/fan-out-check']);

  // every other user's rows are exactly those one function in single mode sends
  await local.ses.clear();
  const single = await handlerFor(configPath)({ scheduledTime: SCHEDULED });
  expect(single).toMatchObject({ sent: true });
  const [singleEmail] = await local.ses.emails();
  if (!singleEmail) throw new Error('single mode sent nothing');
  const singleRows = csvOf(singleEmail);
  expect(byUser(rows, failing, false)).toEqual(byUser(singleRows, failing, false));
  expect(byUser(rows, failing, false).length).toBeGreaterThan(USERS);
}, 120_000);

test('a second start of the same scheduled time is refused by name and sends nothing', async () => {
  // prepare: the first run of the day
  const run = harness([], new Set());
  await run.start({ scheduledTime: '2026-11-30T06:00:00Z' });
  await local.ses.clear();

  const pings = monitor.requests.length;

  // act: the scheduler delivers the same time again
  const again = await run.start({ scheduledTime: '2026-11-30T06:00:00Z' });

  // assert
  expect(again.start).toEqual({
    started: false,
    reason: 'a run of this name exists',
    name: 'schedule-2026-11-30T06-00-00-000Z',
  });
  expect(again.output).toBeUndefined();
  expect(await local.ses.emails()).toEqual([]);
  expect(monitor.requests).toHaveLength(pings);
}, 120_000);
