import { parseConfig } from '../../lambda/config/load-config';
import { type AudienceSelector, audienceShare } from '../../lambda/core/audience';
import { NO_EXTRAS } from '../../lambda/core/build-digest';
import { ALL_USERS } from '../../lambda/core/collect-rows';
import type { DigestExtras, DigestRow } from '../../lambda/core/digest';
import type { DigestRenderer } from '../../lambda/core/digest-renderer';
import type { DigestRequest } from '../../lambda/core/digest-request';
import { DeliveryFailedError } from '../../lambda/core/errors';
import { silentLog } from '../../lambda/core/log';
import type { DigestEmail, Mailer } from '../../lambda/core/mailer';
import { OWNERS_ON_ROWS, ownerDirectory, resolveOwners } from '../../lambda/core/owner-directory';
import { computeWindow } from '../../lambda/core/report-window';
import { deliverDigest } from '../../lambda/core/run-digest';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { FakeBackupServer } from '../support/fake-backup-server';
import { RecordingMailer } from '../support/recording-mailer';
import { shippedRenderer } from '../support/shipped-renderers';

const row = (
  loginName: string,
  owner: string | undefined,
  backupSetId: string,
  jobClass: DigestRow['jobClass'] = 'ok',
): DigestRow => ({ jobClass, reason: jobClass, user: { loginName, owner }, backupSetId, notes: [] });

// bob and ben belong to reseller-east, dave to reseller-west, alice to no one; carol's owner is
// not on her rows (the config named her without one).
const ROWS: DigestRow[] = [
  row('alice', undefined, 'a1', 'failed'),
  row('bob', 'reseller-east', 'b1', 'missed'),
  row('bob', 'reseller-east', 'b2'),
  row('ben', 'reseller-east', 'n1'),
  row('dave', 'reseller-west', 'd1', 'warning'),
  row('carol', undefined, 'c1', 'failed'),
];

const logins = (rows: readonly DigestRow[]) => rows.map((r) => `${r.user.loginName}/${r.backupSetId}`);

describe('audienceShare picks the rows an audience selects', () => {
  test.each<[string, AudienceSelector, string[]]>([
    ['one owner', { owners: ['reseller-east'] }, ['bob/b1', 'bob/b2', 'ben/n1']],
    ['two owners', { owners: ['reseller-east', 'reseller-west'] }, ['bob/b1', 'bob/b2', 'ben/n1', 'dave/d1']],
    ['login names', { loginNames: ['alice', 'dave'] }, ['alice/a1', 'dave/d1']],
    ['backup sets', { backupSets: ['b2', 'c1'] }, ['bob/b2', 'carol/c1']],
    [
      'lists together: any of them',
      { owners: ['reseller-west'], backupSets: ['a1'] },
      ['alice/a1', 'dave/d1'],
    ],
    ['everything', { everything: true }, logins(ROWS)],
    ['an owner no row has', { owners: ['reseller-north'] }, []],
  ])('%s', (_, select, expected) => {
    const share = audienceShare(select, ROWS, NO_EXTRAS, ownerDirectory([{ loginName: 'carol' }], true));

    expect(logins(share.rows)).toEqual(expected);
    expect(share.unplaced).toEqual([]);
  });

  test('a user whose owner is unknown is not placed by an owners selector, and is named', () => {
    const share = audienceShare({ owners: ['reseller-east'] }, ROWS, NO_EXTRAS, OWNERS_ON_ROWS);

    expect(logins(share.rows)).toEqual(['bob/b1', 'bob/b2', 'ben/n1']);
    expect(share.unplaced).toEqual(['alice', 'carol']);
  });

  test('the owner from CBS places a row the config named without one', () => {
    const owners = ownerDirectory([{ loginName: 'carol', owner: 'reseller-west' }], true);

    const share = audienceShare({ owners: ['reseller-west'] }, ROWS, NO_EXTRAS, owners);

    expect(logins(share.rows)).toEqual(['dave/d1', 'carol/c1']);
  });

  test('a row about the whole server goes to every audience: no one reads an all-clear for a night nothing was checked', () => {
    const serverWide: DigestRow = {
      jobClass: 'error',
      reason: 'could not list',
      user: ALL_USERS,
      notes: [],
    };

    const share = audienceShare({ loginNames: ['dave'] }, [serverWide, ...ROWS], NO_EXTRAS, OWNERS_ON_ROWS);

    expect(share.rows.map((r) => r.user.loginName)).toEqual([ALL_USERS.loginName, 'dave']);
  });

  test('not-scheduled and removed sets follow the selector too', () => {
    const extras: DigestExtras = {
      ...NO_EXTRAS,
      notScheduled: [
        { user: { loginName: 'bob', owner: 'reseller-east' }, backupSetId: 'b9' },
        { user: { loginName: 'dave', owner: 'reseller-west' }, backupSetId: 'd9' },
      ],
      removed: [{ user: { loginName: 'dave', owner: 'reseller-west' }, backupSetId: 'd8' }],
    };

    const share = audienceShare({ owners: ['reseller-west'] }, ROWS, extras, OWNERS_ON_ROWS);

    expect(share.extras.notScheduled.map((l) => l.backupSetId)).toEqual(['d9']);
    expect(share.extras.removed.map((l) => l.backupSetId)).toEqual(['d8']);
  });
});

describe('resolveOwners', () => {
  const users = [
    { loginName: 'bob', owner: 'reseller-east' },
    { loginName: 'carol' },
    { loginName: 'ghost' },
  ];

  test('asks CBS once for users whose owner the rows do not say; a user CBS does not list has none', async () => {
    const server = new FakeBackupServer().usersAre({
      users: [
        { loginName: 'carol', owner: 'reseller-west' },
        { loginName: 'bob', owner: 'reseller-east' },
      ],
      unreadable: [],
    });

    const owners = await resolveOwners(server, users, [], silentLog);

    expect(server.calls).toEqual(['listUsers']);
    expect(owners.ownerOf({ loginName: 'carol' })).toEqual({ owner: 'reseller-west' });
    expect(owners.ownerOf({ loginName: 'ghost' })).toEqual({ owner: undefined });
  });

  test('asks nothing when whole-server mode already listed every user the rows name', async () => {
    const server = new FakeBackupServer();

    const owners = await resolveOwners(
      server,
      users,
      [{ loginName: 'carol', owner: 'reseller-west' }, { loginName: 'ghost' }],
      silentLog,
    );

    expect(server.calls).toEqual([]);
    expect(owners.ownerOf({ loginName: 'carol' })).toEqual({ owner: 'reseller-west' });
  });

  test('a failed listing leaves those owners unknown and the run going', async () => {
    const server = new FakeBackupServer().usersAre(new Error('HTTP 503'));

    const owners = await resolveOwners(server, users, [], silentLog);

    expect(owners.ownerOf({ loginName: 'carol' })).toBeUndefined();
    expect(owners.ownerOf({ loginName: 'bob', owner: 'reseller-east' })).toEqual({ owner: 'reseller-east' });
  });

  test('a listing with unreadable entries does not claim an unlisted user has no owner', async () => {
    const server = new FakeBackupServer().usersAre({ users: [], unreadable: ['entry 3: no LoginName'] });

    const owners = await resolveOwners(server, users, [], silentLog);

    expect(owners.ownerOf({ loginName: 'ghost' })).toBeUndefined();
  });
});

describe('deliverDigest per audience', () => {
  const renderer = shippedRenderer;
  const baseConfig = {
    cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/bd/cbs', timeZone: 'Europe/Berlin' },
    report: { timeZone: 'Europe/Berlin', windowEndsAt: '07:00' },
    mail: {
      from: 'digest@example.com',
      to: ['ops@example.com'],
      audiences: [
        { name: 'east', to: ['east@example.com'], select: { owners: ['reseller-east'] } },
        {
          name: 'west',
          to: ['west@example.com'],
          title: 'West IT',
          select: { owners: ['reseller-west'] },
          sendWhen: 'attention',
        },
        { name: 'alice-only', to: ['alice@example.com'], select: { loginNames: ['alice'] } },
      ],
    },
    watch: { users: [{ loginName: 'alice' }] },
  };
  const request: DigestRequest = {
    anchor: new Date('2026-11-29T06:00:00Z'),
    dryRun: false,
    trigger: 'schedule',
    idempotencyKey: 'run-2026-11-29T06:00Z',
  };

  function deliver(mailer: Mailer, config: unknown = baseConfig, renderWith: DigestRenderer = renderer) {
    const settings = digestSettings(parseConfig(config));
    const window = computeWindow(settings.report, request.anchor, request.date);
    return deliverDigest(
      { renderer: renderWith, mailer, log: silentLog, now: () => new Date('2026-11-29T06:00:05Z') },
      settings,
      request,
      window,
      ROWS,
      NO_EXTRAS,
      ownerDirectory([{ loginName: 'carol' }, { loginName: 'alice' }], true),
    );
  }

  const recipientsOf = (email: DigestEmail | undefined) => email?.to.join(',');

  test("each audience gets one email of only its rows, with its own subject, verdict and CSV; the admins' is whole", async () => {
    const mailer = new RecordingMailer();

    const outcome = await deliver(mailer);

    // west selects only dave's warning: all clear, and it asked for mail only on attention.
    expect(mailer.sent.map(recipientsOf)).toEqual([
      'ops@example.com',
      'east@example.com',
      'alice@example.com',
    ]);
    const [admins, east, alice] = mailer.sent;
    expect(admins?.subject).toBe('Backups 2026-11-28: 2 failed, 1 missed, 1 warning, 2 ok');
    expect(east?.subject).toBe('Backups for east 2026-11-28: 1 missed, 2 ok');
    expect(alice?.subject).toBe('Backups for alice-only 2026-11-28: 1 failed, 0 ok');
    expect(east?.text).toContain('1 of 3 backup sets needs attention');
    expect(east?.text).not.toMatch(/alice|carol|dave/);
    const csv = Buffer.from(east?.attachments?.[0]?.content ?? []).toString('utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 3);
    expect(csv).not.toMatch(/alice|carol|dave/);
    // Each email its own idempotency key: a retry skips exactly the audiences SES already took.
    expect(mailer.sent.map((e) => e.onceKey)).toEqual([
      'run-2026-11-29T06:00Z',
      'run-2026-11-29T06:00Z#audience#east',
      'run-2026-11-29T06:00Z#audience#alice-only',
    ]);
    expect(outcome.summary.audiences).toEqual([
      expect.objectContaining({ audience: 'east', sent: true, quiet: false, rows: 3, recipients: 1 }),
      expect.objectContaining({
        audience: 'west',
        sent: false,
        quiet: true,
        rows: 1,
        subject: expect.any(String),
      }),
      expect.objectContaining({ audience: 'alice-only', sent: true, rows: 1 }),
    ]);
    expect(outcome.audiences.map((a) => a.digest.title)).toEqual([
      'Backups for east',
      'West IT',
      'Backups for alice-only',
    ]);
  });

  test('an audience that is not all clear is mailed even with sendWhen "attention"', async () => {
    const mailer = new RecordingMailer();
    const config = {
      ...baseConfig,
      mail: {
        ...baseConfig.mail,
        audiences: [
          {
            name: 'west',
            to: ['west@example.com'],
            title: 'West IT',
            select: { owners: ['reseller-west'], backupSets: ['c1'] },
            sendWhen: 'attention',
          },
        ],
      },
    };

    await deliver(mailer, config);

    expect(mailer.sent.map(recipientsOf)).toEqual(['ops@example.com', 'west@example.com']);
    expect(mailer.sent[1]?.subject).toBe('West IT 2026-11-28: 1 failed, 1 warning, 0 ok');
  });

  test('report.sendWhen "attention": an all-clear night sends the admins nothing, and says so in the summary', async () => {
    const mailer = new RecordingMailer();
    const config = { ...baseConfig, report: { ...baseConfig.report, sendWhen: 'attention' } };
    const settings = digestSettings(parseConfig(config));
    const window = computeWindow(settings.report, request.anchor, request.date);

    const outcome = await deliverDigest(
      { renderer, mailer, log: silentLog, now: () => new Date() },
      { ...settings, mail: { ...settings.mail, audiences: [] } },
      request,
      window,
      [row('bob', 'reseller-east', 'b2'), row('dave', 'reseller-west', 'd1', 'warning')],
    );

    expect(mailer.sent).toEqual([]);
    expect(outcome.summary).toMatchObject({ sent: false, quiet: true, rows: 2 });
    // Audiences inherit report.sendWhen unless they say otherwise.
    expect(settings.mail.audiences.map((a) => a.sendWhen)).toEqual(['attention', 'attention', 'attention']);
  });

  test("one audience's failed send costs no one else their digest; the run then fails naming it", async () => {
    const recording = new RecordingMailer();
    const mailer: Mailer = {
      send: async (email) => {
        if (email.to.includes('east@example.com')) throw new Error('SES said no');
        return recording.send(email);
      },
    };

    const failure = await deliver(mailer).catch((error: unknown) => error);

    expect(recording.sent.map(recipientsOf)).toEqual(['ops@example.com', 'alice@example.com']);
    expect(failure).toBeInstanceOf(DeliveryFailedError);
    const { summary, message } = failure as DeliveryFailedError;
    expect(message).toBe('1 digest not delivered: east (Error: SES said no)');
    expect(summary.sent).toBe(true);
    expect(summary.audiences?.find((a) => a.audience === 'east')).toMatchObject({
      sent: false,
      failure: 'Error: SES said no',
    });
    expect(summary.audiences?.find((a) => a.audience === 'alice-only')).toMatchObject({ sent: true });
  });

  test("a render that fails for one audience does not stop the admins' or the others'", async () => {
    const recording = new RecordingMailer();
    const flaky: DigestRenderer = {
      render: (digest) => {
        if (digest.title === 'Backups for east') throw new Error('template broke');
        return renderer.render(digest);
      },
    };

    const failure = await deliver(recording, baseConfig, flaky).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryFailedError);
    expect(recording.sent.map(recipientsOf)).toEqual(['ops@example.com', 'alice@example.com']);
  });

  test("an acknowledged row is a known issue in its audience's digest only, and leaves that audience's verdict", async () => {
    const mailer = new RecordingMailer();
    const settings = digestSettings(parseConfig(baseConfig));
    const window = computeWindow(settings.report, request.anchor, request.date);
    const ack = {
      target: { loginName: 'bob', owner: 'reseller-east', backupSetId: 'b1' },
      note: 'laptop in repair',
      by: 'ops',
      createdAt: '2026-11-28T10:00:00Z',
      expiresAt: '2026-12-05T10:00:00Z',
    };

    const outcome = await deliverDigest(
      { renderer, mailer, log: silentLog, now: () => new Date('2026-11-29T06:00:05Z') },
      settings,
      request,
      window,
      ROWS,
      { ...NO_EXTRAS, acknowledgements: [ack] },
      ownerDirectory([{ loginName: 'carol' }, { loginName: 'alice' }], true),
    );

    const east = outcome.audiences.find((a) => a.name === 'east')?.digest;
    const alice = outcome.audiences.find((a) => a.name === 'alice-only')?.digest;
    expect(east?.known?.map((k) => k.row.backupSetId)).toEqual(['b1']);
    expect(east?.totals.byClass.missed).toBe(0);
    // All clear now but for the known issue: the subject counts what is left.
    expect(mailer.sent.find((e) => e.to.includes('east@example.com'))?.subject).toBe(
      'Backups for east 2026-11-28: 2 ok',
    );
    expect(alice?.known ?? []).toEqual([]);
    expect(outcome.digest.known?.map((k) => k.row.backupSetId)).toEqual(['b1']);
  });

  test("a user whose owner is unknown is left out of an owner's digest, and both digests say so", async () => {
    const mailer = new RecordingMailer();
    const settings = digestSettings(parseConfig(baseConfig));
    const window = computeWindow(settings.report, request.anchor, request.date);

    await deliverDigest(
      { renderer, mailer, log: silentLog, now: () => new Date() },
      { ...settings, mail: { ...settings.mail, audiences: settings.mail.audiences.slice(0, 1) } },
      request,
      window,
      ROWS,
    );

    const [admins, east] = mailer.sent;
    expect(admins?.text).toMatch(/sub-admin of 2 backup users \(alice, carol\) could not be read from CBS/);
    expect(east?.text).toMatch(/sub-admin of 2 backup users could not be read from CBS/);
    expect(east?.text).not.toMatch(/alice|carol/);
  });
});
