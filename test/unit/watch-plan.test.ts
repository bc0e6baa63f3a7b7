import { DateTime } from 'luxon';
import type { JobRecord } from '../../lambda/core/backup-server';
import type { WatchSettings } from '../../lambda/core/digest-settings';
import { planWatch, selectJobs, type UserPlan } from '../../lambda/core/watch-plan';

const watch = (w: Partial<WatchSettings>): WatchSettings => ({ users: [], backupSets: [], jobs: [], ...w });
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const WINDOW = {
  start: utc('2026-11-28T06:00:00Z'),
  end: utc('2026-11-29T06:00:00Z'),
  label: '2026-11-28',
  timeZone: 'UTC',
};

describe('planWatch', () => {
  test('one plan per user however often named; users watched whole, sets as targets in config order', () => {
    const plan = planWatch(
      watch({
        users: [{ loginName: 'alice' }],
        backupSets: [
          { loginName: 'bob', backupSetId: '2', destinationId: 'd1', name: 'Mail' },
          { loginName: 'alice', backupSetId: '1' },
          { loginName: 'bob', backupSetId: '3' },
        ],
      }),
    );

    expect(plan.users).toEqual([
      {
        user: { loginName: 'alice', owner: undefined },
        wholeUser: true,
        targets: [{ backupSetId: '1', destinationId: undefined, name: undefined }],
      },
      {
        user: { loginName: 'bob', owner: undefined },
        wholeUser: false,
        targets: [
          { backupSetId: '2', destinationId: 'd1', name: 'Mail' },
          { backupSetId: '3', destinationId: undefined, name: undefined },
        ],
      },
    ]);
  });

  test('a set named twice on the same destination is one target; on another destination, two', () => {
    const plan = planWatch(
      watch({
        backupSets: [
          { loginName: 'bob', backupSetId: '2', destinationId: 'd1' },
          { loginName: 'bob', backupSetId: '2', destinationId: 'd1', name: 'again' },
          { loginName: 'bob', backupSetId: '2', destinationId: 'd2' },
          { loginName: 'bob', backupSetId: '2' },
          { loginName: 'bob', backupSetId: '2' },
          { loginName: 'bob', backupSetId: '9', destinationId: 'd1' },
        ],
      }),
    );

    expect(plan.users[0]?.targets.map((t) => [t.backupSetId, t.destinationId, t.name])).toEqual([
      ['2', 'd1', undefined],
      ['2', 'd2', undefined],
      ['2', undefined, undefined],
      ['9', 'd1', undefined],
    ]);
  });

  test('the same login under two owners is two users', () => {
    const plan = planWatch(
      watch({
        users: [
          { loginName: 'x', owner: 'a' },
          { loginName: 'x', owner: 'b' },
          { loginName: 'x', owner: 'a' },
        ],
      }),
    );

    expect(plan.users.map((u) => u.user)).toEqual([
      { loginName: 'x', owner: 'a' },
      { loginName: 'x', owner: 'b' },
    ]);
  });

  test('whole-server users: added whole after the named ones; a named one listed by the server turns whole, not doubled', () => {
    const plan = planWatch(
      watch({
        backupSets: [
          { loginName: 'bob', backupSetId: '2' },
          { loginName: 'dan', backupSetId: '4' },
        ],
      }),
      [
        { loginName: 'carol', owner: 'r1' },
        { loginName: 'bob', owner: 'r9' },
      ],
    );

    expect(plan.users.map((u) => [u.user.loginName, u.user.owner, u.wholeUser, u.targets.length])).toEqual([
      ['bob', undefined, true, 1],
      ['dan', undefined, false, 1],
      ['carol', 'r1', true, 0],
    ]);
  });

  test('pinned jobs are handed on as configured', () => {
    const jobs = [{ loginName: 'a', backupSetId: '1', jobId: '2026-11-28-22-00-00', idStart: undefined }];

    expect(planWatch(watch({ jobs })).pinned).toBe(jobs);
  });
});

const job = (fields: Partial<JobRecord>): JobRecord => ({
  jobId: '2026-11-28-22-00-00',
  loginName: 'bob',
  backupSetId: '2',
  status: 'BS_STOP_SUCCESS',
  startTime: { at: utc('2026-11-28T22:00:00Z') },
  ...fields,
});
const bob = (targets: UserPlan['targets'], wholeUser = false): UserPlan => ({
  user: { loginName: 'bob' },
  wholeUser,
  targets,
});

describe('selectJobs', () => {
  test('a target with a destination takes only jobs to that destination; one without, any', () => {
    const toD1 = job({ jobId: 'j1', destinationId: 'd1' });
    const toD2 = job({ jobId: 'j2', destinationId: 'd2' });

    expect(selectJobs(bob([{ backupSetId: '2', destinationId: 'd1' }]), [toD1, toD2], WINDOW)).toEqual({
      jobs: [toD1],
      missed: [],
    });
    expect(selectJobs(bob([{ backupSetId: '2' }]), [toD1, toD2], WINDOW).jobs).toEqual([toD1, toD2]);
  });

  test('a job only to another destination leaves the target missed', () => {
    const toD2 = job({ destinationId: 'd2' });

    expect(
      selectJobs(bob([{ backupSetId: '2', destinationId: 'd1', name: 'Mail' }]), [toD2], WINDOW),
    ).toEqual({
      jobs: [],
      missed: [{ backupSetId: '2', destinationId: 'd1', name: 'Mail' }],
    });
  });

  test('jobs of other sets are left out unless the whole user is watched', () => {
    const other = job({ backupSetId: '7' });

    expect(selectJobs(bob([{ backupSetId: '2' }]), [other], WINDOW).jobs).toEqual([]);
    expect(selectJobs(bob([], true), [other], WINDOW).jobs).toEqual([other]);
  });

  test('the window: start included, end excluded; a job without a readable start is kept, its id start used first', () => {
    const atStart = job({ jobId: 'a', startTime: { at: WINDOW.start } });
    const atEnd = job({ jobId: 'b', startTime: { at: WINDOW.end } });
    const before = job({ jobId: 'c', startTime: { at: WINDOW.start.minus({ seconds: 1 }) } });
    const unreadable = job({ jobId: 'd', startTime: { unreadable: '??' } });
    const byIdOutside = job({
      jobId: 'e',
      startTime: { unreadable: '??' },
      idStart: utc('2026-11-27T22:00:00Z'),
    });
    const byIdInside = job({ jobId: 'f', startTime: undefined, idStart: utc('2026-11-28T22:00:00Z') });

    const { jobs } = selectJobs(
      bob([], true),
      [atStart, atEnd, before, unreadable, byIdOutside, byIdInside],
      WINDOW,
    );

    expect(jobs.map((j) => j.jobId)).toEqual(['a', 'd', 'f']);
  });

  test('a job listed twice (under two dates) is kept once; the same id on another set or destination is another job', () => {
    const first = job({ destinationId: 'd1' });
    const again = job({ destinationId: 'd1' });
    const otherDestination = job({ destinationId: 'd2' });
    const otherSet = job({ backupSetId: '3', destinationId: 'd1' });

    const { jobs } = selectJobs(bob([], true), [first, again, otherDestination, otherSet], WINDOW);

    expect(jobs).toEqual([first, otherDestination, otherSet]);
    expect(jobs[0]).toBe(first);
  });

  test("whole user: every set CBS knows is a target, named; one the config names keeps the config's target", () => {
    const sets = [
      { id: '2', name: 'Files' },
      { id: '5', name: 'Mail' },
      { id: '6', name: 'SQL' },
    ];

    const { missed } = selectJobs(
      bob([{ backupSetId: '2', destinationId: 'd1', name: 'Configured' }], true),
      [job({ backupSetId: '6' })],
      WINDOW,
      sets,
    );

    expect(missed).toEqual([
      { backupSetId: '2', destinationId: 'd1', name: 'Configured' },
      { backupSetId: '5', name: 'Mail' },
    ]);
  });

  test('with several targets, a job of any one of them is kept', () => {
    const ofThree = job({ backupSetId: '3' });

    const { jobs, missed } = selectJobs(bob([{ backupSetId: '2' }, { backupSetId: '3' }]), [ofThree], WINDOW);

    expect(jobs).toEqual([ofThree]);
    expect(missed).toEqual([{ backupSetId: '2' }]);
  });

  test('a set CBS knows that one of several configured targets names is not added again', () => {
    const { missed } = selectJobs(
      bob([{ backupSetId: '9' }, { backupSetId: '2', destinationId: 'd1' }], true),
      [],
      WINDOW,
      [{ id: '2', name: 'Files' }],
    );

    expect(missed).toEqual([{ backupSetId: '9' }, { backupSetId: '2', destinationId: 'd1' }]);
  });

  test('a whole user without CBS sets given has only its configured targets', () => {
    expect(selectJobs(bob([], true), [], WINDOW)).toEqual({ jobs: [], missed: [] });
  });

  test("a user watched by sets only does not take on CBS's other sets", () => {
    const { missed } = selectJobs(bob([{ backupSetId: '2' }]), [], WINDOW, [{ id: '5', name: 'Mail' }]);

    expect(missed).toEqual([{ backupSetId: '2' }]);
  });
});
