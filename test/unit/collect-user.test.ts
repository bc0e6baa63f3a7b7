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
    expect(
      found.observations.map((o) => [o.backupSetId, o.name, o.complete, o.removed, o.jobs.length]),
    ).toEqual([
      ['1', 'Laptop', true, false, 1],
      ['2', 'Mail', true, false, 0],
    ]);
    expect(found.observations[0]?.destinations).toEqual([{ id: 'd1', name: 'Cloud' }]);
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
    expect(found.rows[0]).not.toHaveProperty('destinationName');
  });
});
