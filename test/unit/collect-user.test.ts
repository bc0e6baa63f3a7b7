import { DateTime } from 'luxon';
import type { BackupSetSettings } from '../../lambda/core/backup-server';
import { collectUser } from '../../lambda/core/collect-user';
import { ServerAnswerError } from '../../lambda/core/errors';
import { NO_OVERRIDES } from '../../lambda/core/resolve-expectation';
import type { UserPlan } from '../../lambda/core/watch-plan';
import { FAKE_CBS_ZONE, FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';

// One user, collected directly: rows, jobs and observations compared field by field.
const WINDOW = {
  start: DateTime.fromISO('2026-11-28T07:00:00', { zone: FAKE_CBS_ZONE }),
  end: DateTime.fromISO('2026-11-29T07:00:00', { zone: FAKE_CBS_ZONE }),
  label: '2026-11-28',
  timeZone: FAKE_CBS_ZONE,
};
const DATES = ['2026-11-28', '2026-11-29'];
const user = { loginName: 'ann' };
const whole: UserPlan = { user, wholeUser: true, targets: [] };
const daily: BackupSetSettings = {
  id: '1',
  name: 'Laptop (CBS)',
  schedule: { kind: 'rules', rules: [{ kind: 'interval', hours: 24 }] },
  destinations: [{ id: 'd1', name: 'Cloud' }],
};
const collect = (server: FakeBackupServer, plan: UserPlan = whole) =>
  collectUser(server, plan, DATES, WINDOW, NO_OVERRIDES);

describe('collectUser', () => {
  test('a whole user: its job row with the destination name, its sets observed with schedule and evidence', async () => {
    const job = listedJob('ann', '1', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('ann', '1', job.jobId, summaryFor(job))
      .setsOf('ann', [
        { id: '1', name: 'Laptop' },
        { id: '2', name: 'Mail' },
      ])
      .settingsOf('ann', '1', daily);

    const found = await collect(server);

    expect(found.rows.map((r) => [r.jobClass, r.backupSetId, r.jobId, r.destinationName])).toEqual([
      ['ok', '1', job.jobId, 'Cloud'],
    ]);
    expect(found.jobs).toEqual([job]);
    expect(found.observations.map((o) => [o.backupSetId, o.name, o.complete, o.removed, o.jobCount])).toEqual(
      [
        ['1', 'Laptop', true, false, 1],
        ['2', 'Mail', true, false, 0],
      ],
    );
    expect(found.observations[0]?.destination).toEqual({ id: 'd1', name: 'Cloud' });
    expect(found.observations[0]?.expectation).toMatchObject({
      source: 'cbs',
      rules: daily.schedule.kind === 'rules' ? daily.schedule.rules : [],
    });
    // Set 2 has no settings (an older CBS): its schedule is guessed, and the note says why.
    expect(found.observations[1]?.expectation).toMatchObject({
      source: 'fallback',
      note: 'schedule not read from CBS (HTTP 404); expecting a daily backup',
    });
  });

  test('a failed ListBackupSets in whole-user mode: one row saying so, and no set is taken as evidence', async () => {
    const job = listedJob('ann', '1', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('ann', '1', job.jobId, summaryFor(job))
      .setsOf('ann', new Error('ListBackupSets: HTTP 503'));

    const found = await collect(server);

    expect(found.rows).toEqual([
      {
        jobClass: 'error',
        reason: 'could not list the backup sets: ListBackupSets: HTTP 503',
        user,
        backupSetId: undefined,
        notes: [],
      },
      expect.objectContaining({ jobClass: 'ok', backupSetId: '1', jobId: job.jobId }),
    ]);
    // Its sets are unknown: nothing can be called missed or removed on that evidence.
    expect(found.observations).toEqual([]);
  });

  test('failures with the same cause are one row naming every call; different causes, one row each', async () => {
    const refused = new ServerAnswerError(
      'ListBackupJobStatus: CBS answered Error: User "ann" not found',
      'User "ann" not found',
    );
    const sameWords = new ServerAnswerError(
      'ListBackupSets: CBS answered Error: User "ann" not found',
      'User "ann" not found',
    );
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', refused)
      .listingOf('ann', '2026-11-29', new Error('ListBackupJobStatus: HTTP 502'))
      .setsOf('ann', sameWords);

    const found = await collect(server);

    expect(found.rows.map((r) => r.reason)).toEqual([
      'could not list the jobs of 2026-11-28 or the backup sets: ListBackupJobStatus: CBS answered Error: User "ann" not found',
      'could not list the jobs of 2026-11-29: ListBackupJobStatus: HTTP 502',
    ]);
  });

  test('a named set with no job that CBS says does not exist is removed; other failures remove nothing', async () => {
    const plan: UserPlan = {
      user,
      wholeUser: false,
      targets: [
        { backupSetId: '1', name: 'Gone' },
        { backupSetId: '3', name: 'Lost' },
        { backupSetId: '4', name: 'Here' },
      ],
    };
    const server = new FakeBackupServer()
      .settingsOf(
        'ann',
        '3',
        new ServerAnswerError(
          '2/GetBackupSet: CBS answered Error: Backup set "3" does not exist',
          'Backup set "3" does not exist',
        ),
      )
      .settingsOf('ann', '4', new ServerAnswerError('2/GetBackupSet: CBS answered Error: busy', 'busy'));

    const found = await collect(server, plan);

    expect(found.observations.map((o) => [o.backupSetId, o.removed])).toEqual([
      ['1', false],
      ['3', true],
      ['4', false],
    ]);
    expect(found.observations[2]?.expectation.note).toBe(
      'schedule not read from CBS (busy); expecting a daily backup',
    );
    // Named sets only: no ListBackupSets, as every one has a name.
    expect(server.calls.filter((c) => c.startsWith('listBackupSets'))).toEqual([]);
  });

  test('in whole-user mode a set with no job that CBS does not list is removed', async () => {
    const plan: UserPlan = { user, wholeUser: true, targets: [{ backupSetId: '9', name: 'Old' }] };
    const server = new FakeBackupServer().setsOf('ann', [{ id: '1', name: 'Laptop' }]);

    const found = await collect(server, plan);

    expect(found.observations.map((o) => [o.backupSetId, o.removed])).toEqual([
      ['9', true],
      ['1', false],
    ]);
  });

  test('a named set without a name anywhere: ListBackupSets is asked once, for names only', async () => {
    const plan: UserPlan = {
      user,
      wholeUser: false,
      targets: [{ backupSetId: '1' }, { backupSetId: '2', name: 'Given' }],
    };
    const server = new FakeBackupServer().setsOf('ann', [{ id: '1', name: 'From the list' }]);

    const found = await collect(server, plan);

    expect(found.observations.map((o) => o.name)).toEqual(['From the list', 'Given']);
    expect(server.calls.filter((c) => c.startsWith('listBackupSets'))).toEqual(['listBackupSets ann']);
    // Not removed: ListBackupSets was asked for names, not as the list of the user's sets.
    expect(found.observations.map((o) => o.removed)).toEqual([false, false]);
  });

  test('unreadable entries: one row per listing, its set named when all share one, the set not complete', async () => {
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', {
        jobs: [],
        unreadable: [
          { reason: 'entry 0: ID: required', backupSetId: '1' },
          { reason: 'entry 1: ID: required', backupSetId: '1' },
          { reason: 'entry 2: ID: required', backupSetId: '1' },
          { reason: 'entry 3: ID: required', backupSetId: '1' },
        ],
      })
      .listingOf('ann', '2026-11-29', {
        jobs: [],
        unreadable: [{ reason: 'entry 0: BackupSetID: required' }],
      })
      .setsOf('ann', [
        { id: '1', name: 'Laptop' },
        { id: '2', name: 'Mail' },
      ]);

    const found = await collect(server);

    expect(found.rows).toEqual([
      {
        jobClass: 'error',
        reason:
          'CBS listed 4 unreadable jobs for 2026-11-28: entry 0: ID: required; entry 1: ID: required; entry 2: ID: required; and 1 more',
        user,
        backupSetId: '1',
        notes: [],
      },
      {
        jobClass: 'error',
        reason: 'CBS listed an unreadable job for 2026-11-29: entry 0: BackupSetID: required',
        user,
        backupSetId: undefined,
        notes: [],
      },
    ]);
    // An entry of unknown set makes no set's "no job" evidence.
    expect(found.observations.map((o) => o.complete)).toEqual([false, false]);
  });

  test('the summary call gets the destination of the set when the listing names none', async () => {
    const job = listedJob('ann', '1', '2026-11-28 22:00:00', { destinationId: undefined });
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('ann', '1', job.jobId, summaryFor(job))
      .setsOf('ann', [{ id: '1', name: 'Laptop' }])
      .settingsOf('ann', '1', daily);

    const found = await collect(server);

    expect(found.rows.map((r) => [r.destinationId, r.destinationName, r.backupSetName])).toEqual([
      ['d1', 'Cloud', 'Set 1'],
    ]);
  });

  test('a job to another destination than the set’s first is not given that destination’s name', async () => {
    const job = listedJob('ann', '1', '2026-11-28 22:00:00', { destinationId: 'd9' });
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('ann', '1', job.jobId, summaryFor(job))
      .setsOf('ann', [{ id: '1', name: 'Laptop' }])
      .settingsOf('ann', '1', daily);

    const found = await collect(server);

    expect(found.rows[0]).toMatchObject({ destinationId: 'd9' });
    expect(found.rows[0]?.destinationName).toBeUndefined();
  });
});

describe('collectUser, at the edges', () => {
  test('exactly three unreadable entries show all three and no "more"; entries of two sets name no set', async () => {
    const server = new FakeBackupServer().listingOf('ann', '2026-11-28', {
      jobs: [],
      unreadable: [
        { reason: 'a', backupSetId: '1' },
        { reason: 'b', backupSetId: '2' },
        { reason: 'c', backupSetId: '1' },
      ],
    });

    const found = await collect(server);

    expect(found.rows).toEqual([
      {
        jobClass: 'error',
        reason: 'CBS listed 3 unreadable jobs for 2026-11-28: a; b; c',
        user,
        backupSetId: undefined,
        notes: [],
      },
    ]);
  });

  test('a long CBS reason for an unread schedule is cut to 80 characters; one of 80 is kept whole', async () => {
    const long = 'x'.repeat(100);
    const eighty = 'y'.repeat(80);
    const plan: UserPlan = {
      user,
      wholeUser: false,
      targets: [
        { backupSetId: '1', name: 'A' },
        { backupSetId: '2', name: 'B' },
      ],
    };
    const server = new FakeBackupServer()
      .settingsOf('ann', '1', new ServerAnswerError(`2/GetBackupSet: ${long}`, long))
      .settingsOf('ann', '2', new Error(eighty));

    const found = await collect(server, plan);

    expect(found.observations.map((o) => o.expectation.note)).toEqual([
      `schedule not read from CBS (${'x'.repeat(77)}…); expecting a daily backup`,
      `schedule not read from CBS (${eighty}); expecting a daily backup`,
    ]);
    expect(found.observations.map((o) => o.destination)).toEqual([undefined, undefined]);
  });

  test('names: asked of ListBackupSets only when neither config nor 2/GetBackupSet gave one, and taken for the right set', async () => {
    const named: BackupSetSettings = { ...daily, id: '1', name: 'From settings' };
    const nameless: BackupSetSettings = { ...daily, id: '2', name: undefined };
    const server = new FakeBackupServer()
      .settingsOf('ann', '1', named)
      .settingsOf('ann', '2', nameless)
      .setsOf('ann', [
        { id: '9', name: 'Other' },
        { id: '2', name: 'From the list' },
      ]);

    const both = await collect(server, {
      user,
      wholeUser: false,
      targets: [{ backupSetId: '1' }, { backupSetId: '2' }],
    });
    expect(both.observations.map((o) => o.name)).toEqual(['From settings', 'From the list']);
    expect(server.calls.filter((c) => c.startsWith('listBackupSets'))).toHaveLength(1);

    server.calls.length = 0;
    const first = await collect(server, { user, wholeUser: false, targets: [{ backupSetId: '1' }] });
    expect(first.observations.map((o) => o.name)).toEqual(['From settings']);
    expect(server.calls.filter((c) => c.startsWith('listBackupSets'))).toEqual([]);
  });

  test('a set on two destinations is observed once; its job names it from the observation when the listing does not', async () => {
    const job = listedJob('ann', '2', '2026-11-28 22:00:00', {
      backupSetName: undefined,
      destinationId: undefined,
    });
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('ann', '2', job.jobId, summaryFor(job));
    const plan: UserPlan = {
      user,
      wholeUser: false,
      targets: [
        { backupSetId: '2', name: 'Mail' },
        { backupSetId: '2', destinationId: 'd2', name: 'Mail too' },
      ],
    };

    const found = await collect(server, plan);

    expect(found.observations.map((o) => [o.backupSetId, o.name])).toEqual([['2', 'Mail']]);
    // No settings answered, so no destination known: the row has none rather than a guess.
    expect(found.rows.map((r) => [r.backupSetName, r.destinationId])).toEqual([['Mail', undefined]]);
  });

  test('a set with a job is never removed, even when CBS no longer lists it', async () => {
    const job = listedJob('ann', '5', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('ann', '5', job.jobId, summaryFor(job))
      .setsOf('ann', [{ id: '1', name: 'Laptop' }]);

    const found = await collect(server, {
      user,
      wholeUser: true,
      targets: [{ backupSetId: '5', name: 'Moved' }],
    });

    expect(found.observations.map((o) => [o.backupSetId, o.removed, o.jobCount])).toEqual([
      ['5', false, 1],
      ['1', false, 0],
    ]);
  });

  test("a date's listing that failed leaves no set's evidence complete", async () => {
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-29', new Error('ListBackupJobStatus: HTTP 502'))
      .setsOf('ann', [{ id: '1', name: 'Laptop' }]);

    const found = await collect(server);

    expect(found.observations.map((o) => o.complete)).toEqual([false]);
  });

  test('what the listings hold of earlier nights: the dates CBS answered, and only their jobs from before the window', async () => {
    const early = listedJob('ann', '1', '2026-11-28 05:00:00');
    const unstarted = {
      ...listedJob('ann', '1', '2026-11-28 04:00:00'),
      idStart: undefined,
      startTime: undefined,
    };
    const tonight = listedJob('ann', '1', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('ann', '2026-11-28', { jobs: [early, unstarted, tonight], unreadable: [] })
      .listingOf('ann', '2026-11-29', new Error('ListBackupJobStatus: HTTP 502'))
      .summaryOf('ann', '1', tonight.jobId, summaryFor(tonight))
      .setsOf('ann', [{ id: '1', name: 'Laptop' }]);

    const found = await collect(server);

    expect(found.listedBefore).toEqual({ dates: ['2026-11-28'], jobs: [early] });
  });
});

describe('collectUser, expectations shared across a run', () => {
  test('sets with the same schedule share one expectation; a different schedule or grace gets its own', async () => {
    const weekly: BackupSetSettings = {
      ...daily,
      id: '3',
      schedule: { kind: 'rules', rules: [{ kind: 'calendar', weekdays: [7], at: { hour: 22, minute: 0 } }] },
    };
    const server = new FakeBackupServer()
      .setsOf('ann', [
        { id: '1', name: 'Laptop' },
        { id: '2', name: 'Mail' },
        { id: '3', name: 'Weekly' },
      ])
      .setsOf('bob', [{ id: '1', name: 'Bob laptop' }])
      .settingsOf('ann', '1', daily)
      .settingsOf('ann', '2', { ...daily, id: '2', name: 'Mail' })
      .settingsOf('ann', '3', weekly)
      .settingsOf('bob', '1', { ...daily, name: 'Bob laptop' });
    const expectations = new Map();

    const ann = await collectUser(server, whole, DATES, WINDOW, NO_OVERRIDES, expectations);
    const bob = await collectUser(
      server,
      { user: { loginName: 'bob' }, wholeUser: true, targets: [] },
      DATES,
      WINDOW,
      NO_OVERRIDES,
      expectations,
    );
    const graceful = await collectUser(server, whole, DATES, WINDOW, { ...NO_OVERRIDES, graceMinutes: 90 });

    const [one, two, three] = ann.observations.map((o) => o.expectation);
    expect(two).toBe(one);
    expect(bob.observations[0]?.expectation).toBe(one);
    expect(three).not.toBe(one);
    expect(three?.rules).toEqual(weekly.schedule.kind === 'rules' ? weekly.schedule.rules : []);
    expect(graceful.observations[0]?.expectation).toEqual({ ...one, graceMinutes: 90 });
    expect(expectations.size).toBe(2);
  });
});
