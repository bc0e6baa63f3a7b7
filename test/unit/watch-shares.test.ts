import { DateTime } from 'luxon';
import type { WatchSettings } from '../../lambda/core/digest-settings';
import { planWatch } from '../../lambda/core/watch-plan';
import { notCheckedRows, watchByUser, watchOf } from '../../lambda/core/watch-shares';

/** Plans in a stable order: re-planning lists named users before users named only by their sets. */
const sorted = (plans: ReturnType<typeof planWatch>['users']) =>
  [...plans].sort((a, b) =>
    `${a.user.loginName}/${a.user.owner}`.localeCompare(`${b.user.loginName}/${b.user.owner}`),
  );

const idStart = DateTime.fromISO('2026-11-28T22:00:00', { zone: 'Europe/Berlin' });

/** Named users, a user named twice (two owners), sets of a whole user and of another, pinned jobs. */
const watch: WatchSettings = {
  users: [{ loginName: 'alice' }, { loginName: 'bob', owner: 'east' }, { loginName: 'bob', owner: 'west' }],
  backupSets: [
    { loginName: 'alice', backupSetId: 'a1', name: 'Mail' },
    { loginName: 'carol', backupSetId: 'c1', destinationId: 'd1' },
    { loginName: 'carol', backupSetId: 'c2' },
  ],
  jobs: [
    { loginName: 'carol', backupSetId: 'c1', jobId: '2026-11-28-22-00-00', idStart },
    { loginName: 'dave', backupSetId: 'd9', jobId: '2026-11-28-22-00-00', idStart },
  ],
};

describe('watch shares', () => {
  test('keep each login name in one share, its owners and pinned jobs with it, in plan order', () => {
    const shares = watchByUser(planWatch(watch, [{ loginName: 'erin' }]));

    expect(shares.map((share) => share.loginName)).toEqual(['alice', 'bob', 'carol', 'erin', 'dave']);
    expect(shares[1]?.users).toEqual([
      { loginName: 'bob', owner: 'east' },
      { loginName: 'bob', owner: 'west' },
    ]);
    expect(shares[2]?.jobs.map((job) => job.backupSetId)).toEqual(['c1']);
    expect(shares[3]?.users).toEqual([{ loginName: 'erin', owner: undefined }]);
  });

  test('plan back to the very plan they were split from, whichever shares a batch gets', () => {
    const plan = planWatch(watch, [{ loginName: 'erin' }, { loginName: 'alice' }]);
    const shares = watchByUser(plan);

    const again = planWatch(watchOf(shares));
    expect(sorted(again.users)).toEqual(sorted(plan.users));
    expect(again.pinned).toEqual(plan.pinned);
    const [first, second, ...rest] = shares;
    const batches = [[first, second], rest].map((batch) =>
      planWatch(watchOf(batch.filter((s) => s !== undefined))),
    );
    expect(sorted(batches.flatMap((batch) => batch.users))).toEqual(sorted(plan.users));
    expect(batches.flatMap((batch) => batch.pinned)).toEqual(plan.pinned);
  });

  test('of a failed batch become one not-checked row per user and per pinned job, saying why', () => {
    const [carol] = watchByUser(planWatch({ ...watch, users: [] })).filter((s) => s.loginName === 'carol');
    if (!carol) throw new Error('no share for carol');

    const rows = notCheckedRows(carol, 'Sandbox.Timedout: Task timed out');

    expect(rows.map((row) => [row.jobClass, row.user.loginName, row.backupSetId, row.reason])).toEqual([
      [
        'error',
        'carol',
        undefined,
        'not checked: the batch of users it was collected in failed: Sandbox.Timedout: Task timed out',
      ],
      [
        'error',
        'carol',
        'c1',
        'not checked: the batch of users it was collected in failed: Sandbox.Timedout: Task timed out',
      ],
    ]);
  });
});

describe('watch shares: what each holds', () => {
  test('a user named only by its sets is no whole user in its share; its sets keep name and destination', () => {
    const shares = watchByUser(planWatch(watch));
    const carol = shares.find((share) => share.loginName === 'carol');

    expect(carol).toEqual({
      loginName: 'carol',
      users: [],
      backupSets: [
        { loginName: 'carol', owner: undefined, backupSetId: 'c1', destinationId: 'd1', name: undefined },
        {
          loginName: 'carol',
          owner: undefined,
          backupSetId: 'c2',
          destinationId: undefined,
          name: undefined,
        },
      ],
      jobs: [watch.jobs[0]],
    });
    expect(shares.find((share) => share.loginName === 'alice')?.backupSets).toEqual([
      { loginName: 'alice', owner: undefined, backupSetId: 'a1', destinationId: undefined, name: 'Mail' },
    ]);
  });

  test('a user with only a pinned job gets a share of its own holding just that job', () => {
    const dave = watchByUser(planWatch(watch)).find((share) => share.loginName === 'dave');

    expect(dave).toEqual({ loginName: 'dave', users: [], backupSets: [], jobs: [watch.jobs[1]] });
  });

  test('the watch of several shares is their users, sets and jobs together, in share order', () => {
    const shares = watchByUser(planWatch(watch));

    const together = watchOf(shares.filter((share) => ['bob', 'carol'].includes(share.loginName)));

    expect(together.users).toEqual([
      { loginName: 'bob', owner: 'east' },
      { loginName: 'bob', owner: 'west' },
    ]);
    expect(together.backupSets.map((set) => set.backupSetId)).toEqual(['c1', 'c2']);
    expect(together.jobs).toEqual([watch.jobs[0]]);
    expect(watchOf([])).toEqual({ users: [], backupSets: [], jobs: [] });
  });

  test('not-checked rows: one per user and owner, however many of its sets the share holds', () => {
    const share = {
      loginName: 'bob',
      users: [{ loginName: 'bob', owner: 'east' }],
      backupSets: [
        { loginName: 'bob', owner: 'east', backupSetId: '1' },
        { loginName: 'bob', owner: 'west', backupSetId: '2' },
        { loginName: 'bob', owner: 'west', backupSetId: '3' },
      ],
      jobs: [],
    };

    const rows = notCheckedRows(share, 'Lambda.Unknown');

    expect(rows.map((row) => [row.user, row.backupSetId, row.jobClass])).toEqual([
      [{ loginName: 'bob', owner: 'east' }, undefined, 'error'],
      [{ loginName: 'bob', owner: 'west' }, undefined, 'error'],
    ]);
    expect(rows[0]?.reason).toBe(
      'not checked: the batch of users it was collected in failed: Lambda.Unknown',
    );
  });

  test('not-checked rows of a pinned job name its set and owner', () => {
    const share = {
      loginName: 'dave',
      users: [],
      backupSets: [],
      jobs: [{ loginName: 'dave', owner: 'east', backupSetId: 'd9', jobId: 'j', idStart }],
    };

    const rows = notCheckedRows(share, 'States.Timeout');

    expect(rows).toEqual([
      {
        jobClass: 'error',
        reason: 'not checked: the batch of users it was collected in failed: States.Timeout',
        user: { loginName: 'dave', owner: 'east' },
        backupSetId: 'd9',
        notes: [],
      },
    ]);
  });
});
