import type { Acknowledgement } from '../../lambda/core/acknowledgement';
import type { BackupSetSettings } from '../../lambda/core/backup-server';
import { NO_EXTRAS } from '../../lambda/core/build-digest';
import type { DigestExtras, DigestRow } from '../../lambda/core/digest';
import type { DigestEvent, EventPublisher, PublishReport } from '../../lambda/core/digest-events';
import type { DigestRenderer } from '../../lambda/core/digest-renderer';
import type { DigestRequest } from '../../lambda/core/digest-request';
import type { DigestSettings } from '../../lambda/core/digest-settings';
import {
  DeliveryFailedError,
  LoginRefusedError,
  NoAnswerError,
  NoUsableAnswerError,
  ServerAnswerError,
  ServerUnreachableError,
} from '../../lambda/core/errors';
import { type HistoryStore, HistoryStoreError } from '../../lambda/core/history-store';
import type { DigestEmail, Mailer } from '../../lambda/core/mailer';
import {
  deliverDigest,
  deliverKnowingIssues,
  type RunDependencies,
  runDigest,
} from '../../lambda/core/run-digest';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';
import { MemoryAcknowledgementStore } from '../support/memory-acknowledgement-store';
import { nightSettings } from '../support/night-settings';
import { RecordingLog } from '../support/recording-log';
import { RecordingMailer } from '../support/recording-mailer';
import { NIGHT_OF_28TH as window } from '../support/report-night';

// The use case with fakes of every port: a small renderer (the shipped Handlebars one is tested
// elsewhere and takes seconds to build), a recording mailer, log and event publisher.

const GENERATED_AT = new Date('2026-11-29T06:00:05Z');

/** Subject and text say what the digest held, so a test can tell the digests apart. */
const plainRenderer: DigestRenderer = {
  render: (digest) => ({
    subject: `${digest.title} ${digest.label}: ${digest.totals.rows} rows`,
    html: `<p>${digest.title}</p>`,
    text: (digest.notices ?? []).join('\n'),
  }),
};

const settingsWith = (parts: Parameters<typeof nightSettings>[0] = {}): DigestSettings =>
  nightSettings({
    ...parts,
    mail: { to: ['ops@example.com', 'lead@example.com'], replyTo: 'replies@example.com', ...parts.mail },
  });

const request = (change: Partial<DigestRequest> = {}): DigestRequest => ({
  anchor: new Date('2026-11-29T06:00:00Z'),
  dryRun: false,
  trigger: 'schedule',
  idempotencyKey: 'run-29',
  ...change,
});

const DAILY: BackupSetSettings = {
  id: '1',
  name: 'Docs',
  schedule: { kind: 'rules', rules: [{ kind: 'interval', hours: 24 }] },
  destinations: [{ id: 'd1', name: 'Cloud' }],
};

/** alice, watched whole: one set, one good backup at 22:00. Five calls, all answered. */
function goodNight(): FakeBackupServer {
  const job = listedJob('alice', '1', '2026-11-28 22:00:00');
  return new FakeBackupServer()
    .listingOf('alice', '2026-11-28', { jobs: [job], unreadable: [] })
    .summaryOf('alice', '1', job.jobId, summaryFor(job))
    .setsOf('alice', [{ id: '1', name: 'Docs' }])
    .settingsOf('alice', '1', DAILY);
}

/** alice, watched whole, and every call about her failing with `error`. */
const aliceFailing = (error: Error): FakeBackupServer =>
  new FakeBackupServer()
    .listingOf('alice', '2026-11-28', error)
    .listingOf('alice', '2026-11-29', error)
    .setsOf('alice', error);

/** The ports of a run, recording what they were told. */
function ports(server: FakeBackupServer, change: Partial<RunDependencies> = {}) {
  const mailer = new RecordingMailer();
  const log = new RecordingLog();
  const deps: RunDependencies = {
    server,
    renderer: plainRenderer,
    mailer,
    log,
    now: () => GENERATED_AT,
    ...change,
  };
  return { deps, mailer, log };
}

const linesOf = (log: RecordingLog, message: string) =>
  log.lines.filter(([, said]) => said === message).map(([level, , attributes]) => [level, attributes]);

const NO_ROWS = { failed: 0, missed: 0, unknown: 0, error: 0, warning: 0, running: 0, ok: 0 };

/** What every summary of a night of one good row to the two admins says, sent or not. */
const ONE_OK_ROW = {
  reportDate: '2026-11-28',
  window: { start: '2026-11-28T07:00:00+01:00', end: '2026-11-29T07:00:00+01:00', timeZone: 'Europe/Berlin' },
  subject: 'Backups 2026-11-28: 1 rows',
  counts: { ...NO_ROWS, ok: 1 },
  rows: 1,
  dryRun: false,
  recipients: 2,
};

async function failureOf(run: Promise<unknown>): Promise<Error> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof Error)) throw new Error(`expected the run to fail, it gave ${String(error)}`);
  return error;
}

/** A history store that cannot be reached at all. */
const downHistory: HistoryStore = {
  load: async () => {
    throw new HistoryStoreError('DynamoDB: throttled');
  },
  loadUserSets: async () => {
    throw new HistoryStoreError('DynamoDB: throttled');
  },
  save: async () => {
    throw new HistoryStoreError('DynamoDB: throttled');
  },
};

describe('runDigest', () => {
  test("collects, judges, builds, renders and sends the admins' digest, and says what it did", async () => {
    const server = goodNight();
    const { deps, mailer, log } = ports(server);

    const outcome = await runDigest(deps, settingsWith(), request(), window);

    expect(outcome.summary).toStrictEqual({
      ...ONE_OK_ROW,
      sent: true,
      messageId: 'm-1',
      historyFaults: 0,
      cbsCalls: 5,
      cbsFailures: 0,
    });
    expect(server.calls).toHaveLength(5);
    expect(mailer.sent).toStrictEqual<DigestEmail[]>([
      {
        from: 'digest@example.com',
        to: ['ops@example.com', 'lead@example.com'],
        replyTo: 'replies@example.com',
        onceKey: 'run-29',
        subject: 'Backups 2026-11-28: 1 rows',
        html: '<p>Backups</p>',
        text: '',
      },
    ]);
    expect(outcome.rendered).toEqual({
      subject: 'Backups 2026-11-28: 1 rows',
      html: '<p>Backups</p>',
      text: '',
    });
    expect(outcome.digest).toMatchObject({
      title: 'Backups',
      cbsTimeZone: 'Europe/Berlin',
      generatedAt: '2026-11-29T06:00:05.000Z',
      notices: [],
      rows: [expect.objectContaining({ jobClass: 'ok', backupSetId: '1', destinationName: 'Cloud' })],
    });
    expect(outcome.digest.known).toBeUndefined();
    expect(outcome.audiences).toEqual([]);
    expect(linesOf(log, 'run started')).toEqual([
      [
        'info',
        {
          trigger: 'schedule',
          dryRun: false,
          windowStart: '2026-11-28T07:00:00.000+01:00',
          windowEnd: '2026-11-29T07:00:00.000+01:00',
        },
      ],
    ]);
    // Logged as delivery ended, before the run added what it counted of CBS and the history store.
    const {
      cbsCalls: _calls,
      cbsFailures: _failures,
      historyFaults: _faults,
      ...delivered
    } = outcome.summary;
    expect(linesOf(log, 'run finished')).toEqual([['info', delivered]]);
  });

  test('counts every call made to CBS and those that failed; a failed call costs only its row', async () => {
    const lost = listedJob('alice', '1', '2026-11-28 23:00:00');
    const server = goodNight().listingOf('alice', '2026-11-29', { jobs: [lost], unreadable: [] });
    server.summaryOf('alice', '1', lost.jobId, new Error('GetBackupJobReportSummary: HTTP 500'));
    const { deps } = ports(server);

    const { summary } = await runDigest(deps, settingsWith(), request(), window);

    expect(server.calls).toHaveLength(6);
    expect(summary).toMatchObject({ cbsCalls: 6, cbsFailures: 1, sent: true });
  });

  test('a refused login stops the run with that very error, and nothing is sent', async () => {
    const refused = new LoginRefusedError('Login: CBS answered Error: wrong password', 'wrong password');
    const { deps, mailer } = ports(aliceFailing(refused));

    const error = await failureOf(runDigest(deps, settingsWith(), request(), window));

    expect(error).toBe(refused);
    expect(mailer.sent).toEqual([]);
  });

  test('a server that never answered is unreachable, in the words of its first failure', async () => {
    const down = new NoAnswerError('ListBackupJobStatus: connect ECONNREFUSED');
    const { deps, mailer } = ports(aliceFailing(down));

    const error = await failureOf(runDigest(deps, settingsWith(), request(), window));

    // Not its subclass NoUsableAnswerError: the server is down, not refusing.
    expect(error.constructor).toBe(ServerUnreachableError);
    expect(error.message).toBe('ListBackupJobStatus: connect ECONNREFUSED');
    expect(error.cause).toBe(down);
    expect(mailer.sent).toEqual([]);
  });

  test('a server that answered, but nothing usable, fails the run naming its first failure', async () => {
    const denied = new ServerAnswerError(
      'ListBackupJobStatus: CBS answered Error: no API rights',
      'no rights',
    );
    const server = aliceFailing(denied).listingOf(
      'alice',
      '2026-11-29',
      new NoAnswerError('ListBackupJobStatus: timeout'),
    );
    const { deps, mailer } = ports(server);

    const error = await failureOf(runDigest(deps, settingsWith(), request(), window));

    expect(error).toBeInstanceOf(NoUsableAnswerError);
    expect(error.message).toBe('ListBackupJobStatus: CBS answered Error: no API rights');
    expect(error.cause).toBe(denied);
    expect(mailer.sent).toEqual([]);
  });

  test('a server that failed every call with no error at all still fails the run, and says so', async () => {
    const server = new FakeBackupServer();
    const nothing = () => Promise.reject(undefined);
    server.listJobs = nothing;
    server.listBackupSets = nothing;
    const { deps } = ports(server);

    const error = await failureOf(runDigest(deps, settingsWith(), request(), window));

    expect(error).toBeInstanceOf(NoUsableAnswerError);
    expect(error.message).toBe('no call succeeded');
    expect(error.cause).toBeUndefined();
  });

  test('a history store that cannot be read: the digest goes, says so, and the fault is counted', async () => {
    const { deps, mailer } = ports(goodNight(), { history: downHistory });

    const { summary, digest } = await runDigest(deps, settingsWith(), request(), window);

    expect(summary).toMatchObject({ historyFaults: 1, sent: true, cbsFailures: 0 });
    expect(digest.notices).toEqual([
      'History is unavailable tonight (DynamoDB: throttled): no strips or last-success ages, and tonight is not remembered.',
    ]);
    expect(mailer.sent).toHaveLength(1);
  });

  test('a digest not delivered fails the run, its summary still counting the calls and history faults', async () => {
    const mailer: Mailer = {
      send: async () => {
        throw new Error('SES: throttled');
      },
    };
    const { deps } = ports(goodNight(), { mailer, history: downHistory });

    const error = await failureOf(runDigest(deps, settingsWith(), request(), window));

    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect((error as DeliveryFailedError).summary).toMatchObject({
      sent: false,
      failure: 'Error: SES: throttled',
      cbsCalls: 5,
      cbsFailures: 0,
      historyFaults: 1,
    });
  });

  test('any other failure on the way is thrown as it is', async () => {
    const broken = new Error('clock stopped');
    const { deps } = ports(goodNight(), {
      now: () => {
        throw broken;
      },
    });

    const error = await failureOf(runDigest(deps, settingsWith(), request(), window));

    expect(error).toBe(broken);
  });

  test('an audience by sub-admin: CBS is asked the owners of the users named without one, set lines too', async () => {
    // bob's row carries its owner; nina's set is not scheduled and rex's set is gone: only those
    // two lines name users whose owner the config does not give.
    const bobJob = listedJob('bob', '1', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('bob', '2026-11-28', { jobs: [bobJob], unreadable: [] })
      .summaryOf('bob', '1', bobJob.jobId, summaryFor(bobJob))
      .settingsOf('bob', '1', DAILY)
      .settingsOf('nina', '5', { ...DAILY, id: '5', schedule: { kind: 'off' } })
      .settingsOf(
        'rex',
        '7',
        new ServerAnswerError('2/GetBackupSet: no such set', 'Backup set "7" does not exist'),
      )
      .usersAre({
        users: [
          { loginName: 'bob', owner: 'east' },
          { loginName: 'nina', owner: 'east' },
          { loginName: 'rex', owner: 'east' },
        ],
        unreadable: [],
      });
    const settings = settingsWith({
      mail: {
        audiences: [
          { name: 'by-login', to: ['x@example.com'], select: { loginNames: ['bob'] } },
          { name: 'east', to: ['east@example.com'], select: { owners: ['east'] } },
        ],
      },
      watch: {
        backupSets: [
          { loginName: 'bob', owner: 'east', backupSetId: '1' },
          { loginName: 'nina', backupSetId: '5', name: 'Idle' },
          { loginName: 'rex', backupSetId: '7', name: 'Gone' },
        ],
      },
    });
    const { deps } = ports(server);

    const outcome = await runDigest(deps, settings, request(), window);

    expect(server.calls.filter((call) => call === 'listUsers')).toHaveLength(1);
    const east = outcome.audiences.find((audience) => audience.name === 'east')?.digest;
    expect(east?.rows.map((row) => row.user.loginName)).toEqual(['bob']);
    expect(east?.notScheduled?.map((line) => line.user.loginName)).toEqual(['nina']);
    expect(east?.removed?.map((line) => line.user.loginName)).toEqual(['rex']);
    expect(east?.notices).toEqual([]);
  });

  test('no audience selects by sub-admin: CBS is not asked for its users', async () => {
    const server = goodNight();
    const settings = settingsWith({
      mail: { audiences: [{ name: 'alice', to: ['alice@example.com'], select: { loginNames: ['alice'] } }] },
    });
    const { deps } = ports(server);

    const outcome = await runDigest(deps, settings, request(), window);

    expect(server.calls).not.toContain('listUsers');
    expect(outcome.audiences.map((audience) => [audience.name, audience.digest.rows.length])).toEqual([
      ['alice', 1],
    ]);
  });
});

// A row per user; bob and ben belong to east, carol to no one the rows know of.
const row = (loginName: string, owner: string | undefined, jobClass: DigestRow['jobClass']): DigestRow => ({
  jobClass,
  reason: jobClass,
  user: { loginName, owner },
  backupSetId: `${loginName}-1`,
  notes: [],
});
const ROWS = [row('bob', 'east', 'failed'), row('ben', 'east', 'ok'), row('carol', undefined, 'missed')];

function deliveryPorts(change: Partial<RunDependencies> = {}) {
  const { deps, mailer, log } = ports(new FakeBackupServer(), change);
  const { server: _server, ...rest } = deps;
  return { deps: rest, mailer, log };
}

describe('deliverKnowingIssues', () => {
  const active: Acknowledgement = {
    target: { loginName: 'bob', owner: 'east', backupSetId: 'bob-1' },
    note: 'disk replaced on Monday',
    by: 'ops',
    createdAt: '2026-11-27T10:00:00Z',
    expiresAt: '2026-12-04T10:00:00Z',
  };
  // Ended at midnight, before the digest was made at 06:00:05.
  const ended: Acknowledgement = {
    target: { loginName: 'carol', backupSetId: 'carol-1' },
    note: 'on holiday',
    by: 'ops',
    createdAt: '2026-11-20T10:00:00Z',
    expiresAt: '2026-11-29T00:00:00Z',
  };
  const extras: DigestExtras = { ...NO_EXTRAS, notices: ['An earlier notice.'] };

  test('without a store, every row counts and there is no known-issues list', async () => {
    const { deps } = deliveryPorts();

    const outcome = await deliverKnowingIssues(deps, settingsWith(), request(), window, ROWS, extras);

    expect(outcome.digest.known).toBeUndefined();
    expect(outcome.digest.totals.rows).toBe(3);
    expect(outcome.digest.notices).toEqual(['An earlier notice.']);
    expect(outcome.summary).not.toHaveProperty('known');
  });

  test('held acknowledgements leave their rows out of the verdict; an ended one is forgotten once sent', async () => {
    const store = new MemoryAcknowledgementStore([active, ended]);
    const { deps, mailer } = deliveryPorts({ acknowledgements: store });

    const outcome = await deliverKnowingIssues(deps, settingsWith(), request(), window, ROWS, extras);

    expect(outcome.digest.known?.map((issue) => issue.row.user.loginName)).toEqual(['bob']);
    expect(outcome.digest.snoozesEnded?.map((end) => end.ack.target.loginName)).toEqual(['carol']);
    expect(outcome.digest.notices).toEqual(['An earlier notice.']);
    expect(outcome.summary).toMatchObject({ known: 1, rows: 2, sent: true });
    expect(mailer.sent).toHaveLength(1);
    expect([...store.acks.values()]).toEqual([active]);
  });

  test('a dry run forgets no acknowledgement, ended or not', async () => {
    const store = new MemoryAcknowledgementStore([active, ended]);
    const { deps, mailer } = deliveryPorts({ acknowledgements: store });

    const outcome = await deliverKnowingIssues(
      deps,
      settingsWith(),
      request({ dryRun: true }),
      window,
      ROWS,
      extras,
    );

    expect(outcome.summary).toMatchObject({ known: 1, dryRun: true, sent: false });
    expect(mailer.sent).toEqual([]);
    expect(store.acks.size).toBe(2);
  });

  test('a store that cannot be read: every row counts, one notice after the others, and the run goes on', async () => {
    const store = new MemoryAcknowledgementStore([active]);
    store.failWith = new Error('DynamoDB: access denied');
    const { deps, mailer } = deliveryPorts({ acknowledgements: store });

    const outcome = await deliverKnowingIssues(deps, settingsWith(), request(), window, ROWS, extras);

    expect(outcome.digest.notices).toEqual([
      'An earlier notice.',
      'Acknowledgements could not be read tonight (DynamoDB: access denied): known issues are counted as problems.',
    ]);
    expect(outcome.digest.known).toBeUndefined();
    expect(outcome.summary).toMatchObject({ rows: 3, sent: true });
    expect(mailer.sent).toHaveLength(1);
  });
});

describe('deliverDigest', () => {
  const audiences = [
    {
      name: 'east',
      to: ['east@example.com'],
      replyTo: 'east-desk@example.com',
      select: { owners: ['east'] },
    },
    { name: 'carol', to: ['carol@example.com'], title: 'Carol', select: { loginNames: ['carol'] } },
  ];

  test("each audience's digest goes to its own people under its own key; the summary lists them in order", async () => {
    const { deps, mailer, log } = deliveryPorts();
    const settings = settingsWith({
      mail: { audiences: [audiences[1], { ...audiences[0], select: { loginNames: ['bob', 'ben'] } }] },
    });

    const outcome = await deliverDigest(deps, settings, request(), window, ROWS);

    expect(mailer.sent.map((email) => [email.to, email.replyTo, email.onceKey, email.subject])).toEqual([
      [
        ['ops@example.com', 'lead@example.com'],
        'replies@example.com',
        'run-29',
        'Backups 2026-11-28: 3 rows',
      ],
      [['carol@example.com'], 'replies@example.com', 'run-29#audience#carol', 'Carol 2026-11-28: 1 rows'],
      [
        ['east@example.com'],
        'east-desk@example.com',
        'run-29#audience#east',
        'Backups for east 2026-11-28: 2 rows',
      ],
    ]);
    expect(mailer.sent.map((email) => email.from)).toEqual([
      'digest@example.com',
      'digest@example.com',
      'digest@example.com',
    ]);
    expect(outcome.audiences.map((a) => [a.name, a.digest.title, a.rendered?.subject])).toEqual([
      ['carol', 'Carol', 'Carol 2026-11-28: 1 rows'],
      ['east', 'Backups for east', 'Backups for east 2026-11-28: 2 rows'],
    ]);
    expect(outcome.summary.audiences).toStrictEqual([
      {
        audience: 'carol',
        counts: { ...NO_ROWS, missed: 1 },
        rows: 1,
        recipients: 1,
        sent: true,
        quiet: false,
        subject: 'Carol 2026-11-28: 1 rows',
        messageId: 'm-2',
      },
      {
        audience: 'east',
        counts: { ...NO_ROWS, failed: 1, ok: 1 },
        rows: 2,
        recipients: 1,
        sent: true,
        quiet: false,
        subject: 'Backups for east 2026-11-28: 2 rows',
        messageId: 'm-3',
      },
    ]);
    // Every user placed: no digest says otherwise.
    expect([outcome.digest, ...outcome.audiences.map((a) => a.digest)].map((d) => d.notices)).toEqual([
      [],
      [],
      [],
    ]);
    expect(linesOf(log, 'rows not placed in an audience')).toEqual([]);
  });

  test("a user whose sub-admin is unknown: the admins' digest names it, the audience's says it is left out", async () => {
    const { deps, mailer, log } = deliveryPorts();
    const settings = settingsWith({ mail: { audiences } });

    const outcome = await deliverDigest(
      deps,
      settings,
      request(),
      window,
      [...ROWS, row('cora', undefined, 'ok')],
      {
        ...NO_EXTRAS,
        notices: ['An earlier notice.'],
      },
    );

    expect(outcome.digest.notices).toEqual([
      'An earlier notice.',
      'The sub-admin of 2 backup users (carol, cora) could not be read from CBS, so their rows are not in the digest of east.',
    ]);
    const [east, carol] = outcome.audiences.map((audience) => audience.digest);
    expect(east?.notices).toEqual([
      'An earlier notice.',
      "The sub-admin of 2 backup users could not be read from CBS; their rows are in the admins' digest only.",
    ]);
    expect(east?.rows.map((r) => r.user.loginName)).toEqual(['bob', 'ben']);
    // The audience by login name placed everyone it selects.
    expect(carol?.notices).toEqual(['An earlier notice.']);
    expect(linesOf(log, 'rows not placed in an audience')).toEqual([
      ['warn', { audience: 'east', users: ['carol', 'cora'] }],
    ]);
    expect(mailer.sent).toHaveLength(3);
  });

  test('an all-clear night with sendWhen "attention": nothing sent, the summary says quiet and has no message', async () => {
    const { deps, mailer, log } = deliveryPorts();
    const settings = settingsWith({ report: { sendWhen: 'attention' } });

    const outcome = await deliverDigest(deps, settings, request(), window, [row('ben', 'east', 'ok')]);

    expect(mailer.sent).toEqual([]);
    expect(outcome.summary).toStrictEqual({
      ...ONE_OK_ROW,
      sent: false,
      quiet: true,
    });
    expect(outcome.rendered.subject).toBe('Backups 2026-11-28: 1 rows');
    expect(linesOf(log, 'run finished')).toEqual([['info', outcome.summary]]);
  });

  test('digests not rendered or not sent: the others go, and the run fails naming each', async () => {
    const recording = new RecordingMailer();
    const mailer: Mailer = {
      send: async (email) => {
        if (email.to.includes('carol@example.com')) throw new Error('SES: rejected');
        return recording.send(email);
      },
    };
    const renderer: DigestRenderer = {
      render: (digest) => {
        if (digest.title === 'Backups') throw new TypeError('template broke');
        return plainRenderer.render(digest);
      },
    };
    const { deps, log } = deliveryPorts({ mailer, renderer });
    const settings = settingsWith({ mail: { audiences } });

    const error = await failureOf(deliverDigest(deps, settings, request(), window, ROWS));

    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect(error.message).toBe(
      '2 digests not delivered: admins (TypeError: template broke); carol (Error: SES: rejected)',
    );
    const { summary } = error as DeliveryFailedError;
    expect(summary).toMatchObject({ subject: '', sent: false, failure: 'TypeError: template broke' });
    expect(summary).not.toHaveProperty('messageId');
    expect(recording.sent.map((email) => email.to)).toEqual([['east@example.com']]);
    expect(linesOf(log, 'run finished with digests not delivered')).toEqual([
      ['error', { ...summary, failed: ['admins', 'carol'] }],
    ]);
    expect(linesOf(log, 'run finished')).toEqual([]);
  });

  test("the run's events are published after the mail, and the summary counts them", async () => {
    const published: DigestEvent[][] = [];
    const events: EventPublisher = {
      publish: async (batch): Promise<PublishReport> => {
        published.push([...batch]);
        return { published: batch.length - 1, failed: 1, error: 'one refused' };
      },
    };
    const { deps } = deliveryPorts({ events });

    const outcome = await deliverDigest(deps, settingsWith(), request(), window, ROWS);

    expect(published).toHaveLength(1);
    const [run, ...attention] = published[0] ?? [];
    expect(run).toMatchObject({
      kind: 'run',
      detail: { runKey: 'run-29', emails: [{ audience: 'admins', sent: true, quiet: false, failed: false }] },
    });
    // Owners as the rows carry them: carol's is unknown.
    expect(attention.map((event) => event.detail)).toEqual([
      expect.objectContaining({ user: 'bob', subAdmin: 'east' }),
      expect.objectContaining({ user: 'carol', subAdmin: null }),
    ]);
    expect(outcome.summary.events).toStrictEqual({ published: 2, failed: 1 });
  });

  test('a dry run publishes no events, sends nothing, and still renders', async () => {
    const publish = jest.fn<Promise<PublishReport>, [readonly DigestEvent[]]>();
    const { deps, mailer } = deliveryPorts({ events: { publish } });

    const outcome = await deliverDigest(deps, settingsWith(), request({ dryRun: true }), window, ROWS);

    expect(publish).not.toHaveBeenCalled();
    expect(mailer.sent).toEqual([]);
    expect(outcome.summary).not.toHaveProperty('events');
    expect(outcome.summary).toMatchObject({ dryRun: true, sent: false });
    expect(outcome.rendered.subject).toBe('Backups 2026-11-28: 3 rows');
  });
});
