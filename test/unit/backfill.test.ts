import { backfill } from '../../lambda/core/backfill';
import {
  type BackupUserRef,
  type JobListing,
  type JobRecord,
  userKey,
} from '../../lambda/core/backup-server';
import { Deadline } from '../../lambda/core/deadline';
import type { Expectation } from '../../lambda/core/expectation';
import { type SetHistory, setKeyOf } from '../../lambda/core/set-history';
import type { SetObservation } from '../../lambda/core/set-observation';
import { FAKE_CBS_ZONE, FakeBackupServer, listedJob } from '../support/fake-backup-server';
import { observedSet } from '../support/observed-set';
import { NIGHT_OF_28TH } from '../support/report-night';

// Tonight: Saturday 2026-11-28 07:00 → Sunday 07:00, Berlin (UTC+1); CBS in the same zone. Two
// nights back are labelled 2026-11-26 and 2026-11-27 and touch the CBS dates 26th, 27th and 28th.
const window = NIGHT_OF_28TH;
const alice: BackupUserRef = { loginName: 'alice' };
const UNSCHEDULED: Expectation = { rules: [], graceMinutes: 60, source: 'cbs' };

/** What collection saw of one of alice's sets tonight (backfill reads its user, id and schedule). */
const seen = observedSet;

const listing = (...jobs: JobRecord[]): JobListing => ({ jobs, unreadable: [] });
const keyOf = (user: BackupUserRef, backupSetId: string) => setKeyOf({ ...user, backupSetId });

async function fill(server: FakeBackupServer, observations: SetObservation[], days = 2, deadline?: Deadline) {
  return backfill(server, observations, window, FAKE_CBS_ZONE, days, 2, deadline);
}

describe('backfill', () => {
  test('reads each past night into a history: strip marks, last success, last start, known since', async () => {
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-26', listing(listedJob('alice', '1', '2026-11-26 22:00:00')))
      .listingOf(
        'alice',
        '2026-11-27',
        listing(listedJob('alice', '1', '2026-11-27 22:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' })),
      );

    const result = await fill(server, [seen('1')]);

    expect(result.histories.get(keyOf(alice, '1'))).toEqual<SetHistory>({
      lastSuccess: '2026-11-26T21:00:00.000Z',
      lastStart: '2026-11-27T21:00:00.000Z',
      knownSince: '2026-11-26T06:00:00.000Z',
      firstNight: '2026-11-26',
      nights: { '2026-11-26': 'ok', '2026-11-27': 'failed' },
      running: [],
    });
    expect(result.calls).toBe(3);
    expect(result.incomplete).toBe(0);
    expect(server.calls).toEqual([
      'listJobs alice 2026-11-26',
      'listJobs alice 2026-11-27',
      'listJobs alice 2026-11-28',
    ]);
  });

  test.each([
    ['BS_STOP_SUCCESS', 'ok'],
    ['BS_STOP_SUCCESS_WITH_WARNING', 'warning'],
    ['BS_STILL_RUNNING', 'running'],
    ['BS_STOP_MISSED_BACKUP', 'missed'],
    ['BS_STOP_BY_SYSTEM_ERROR', 'failed'],
    ['A_STATUS_NO_ONE_KNOWS', 'failed'],
  ])('a night whose job ended %s is marked %s', async (status, mark) => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-27',
      listing(listedJob('alice', '1', '2026-11-27 22:00:00', { status })),
    );

    const result = await fill(server, [seen('1')], 1);

    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({ '2026-11-27': mark });
  });

  test('a warning is a success; a failure after it leaves the last success at the warning', async () => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-27',
      listing(
        listedJob('alice', '1', '2026-11-27 20:00:00', { status: 'BS_STOP_SUCCESS_WITH_WARNING' }),
        listedJob('alice', '1', '2026-11-27 23:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' }),
      ),
    );

    const history = (await fill(server, [seen('1')], 1)).histories.get(keyOf(alice, '1'));

    expect(history).toMatchObject({
      nights: { '2026-11-27': 'failed' },
      lastSuccess: '2026-11-27T19:00:00.000Z',
      lastStart: '2026-11-27T22:00:00.000Z',
    });
  });

  test('a night with no success records none', async () => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-27',
      listing(listedJob('alice', '1', '2026-11-27 22:00:00', { status: 'BS_STOP_MISSED_BACKUP' })),
    );

    const history = (await fill(server, [seen('1')], 1)).histories.get(keyOf(alice, '1'));

    expect(history?.lastSuccess).toBeUndefined();
    expect(history?.lastStart).toBe('2026-11-27T21:00:00.000Z');
  });

  test("a night's mark is its latest finished job, whatever order CBS lists them in; a later running one does not hide it", async () => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-27',
      listing(
        listedJob('alice', '1', '2026-11-27 23:30:00', { status: 'BS_STILL_RUNNING' }),
        listedJob('alice', '1', '2026-11-27 21:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' }),
        listedJob('alice', '1', '2026-11-27 18:00:00', { status: 'BS_STOP_SUCCESS' }),
        listedJob('alice', '2', '2026-11-27 18:00:00', { status: 'BS_STOP_SUCCESS' }),
        listedJob('alice', '2', '2026-11-27 21:00:00', { status: 'BS_STOP_SUCCESS_WITH_WARNING' }),
      ),
    );

    const result = await fill(server, [seen('1'), seen('2')], 1);

    expect(result.histories.get(keyOf(alice, '1'))).toMatchObject({
      nights: { '2026-11-27': 'failed' },
      lastSuccess: '2026-11-27T17:00:00.000Z',
      lastStart: '2026-11-27T22:30:00.000Z',
    });
    expect(result.histories.get(keyOf(alice, '2'))).toMatchObject({
      nights: { '2026-11-27': 'warning' },
      lastSuccess: '2026-11-27T20:00:00.000Z',
    });
  });

  test('a job that ended without a status is a failure on the strip; a later running one does not hide it', async () => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-27',
      listing(
        listedJob('alice', '1', '2026-11-27 22:00:00', { status: 'BS_STILL_RUNNING' }),
        listedJob('alice', '1', '2026-11-27 20:00:00', { status: '', endTime: '2026-11-27 20:00:00' }),
      ),
    );
    const history = (await fill(server, [seen('1')], 1)).histories.get(keyOf(alice, '1'));

    expect(history?.nights).toEqual({ '2026-11-27': 'failed' });
  });

  test('a job with neither a status nor an end time is still running', async () => {
    const bare = { ...listedJob('alice', '1', '2026-11-27 22:00:00', { status: '' }), endTime: undefined };
    const server = new FakeBackupServer().listingOf('alice', '2026-11-27', listing(bare));

    const history = (await fill(server, [seen('1')], 1)).histories.get(keyOf(alice, '1'));

    expect(history?.nights).toEqual({ '2026-11-27': 'running' });
    expect(history?.running).toEqual([
      { jobId: '2026-11-27-22-00-00', start: '2026-11-27T21:00:00.000Z', firstSeen: '2026-11-27' },
    ]);
  });

  test('a job still running is carried night to night with the night it was first seen', async () => {
    const server = new FakeBackupServer()
      .listingOf(
        'alice',
        '2026-11-26',
        listing(listedJob('alice', '1', '2026-11-26 23:00:00', { status: 'BS_STILL_RUNNING' })),
      )
      .listingOf(
        'alice',
        '2026-11-27',
        listing(listedJob('alice', '1', '2026-11-27 23:00:00', { status: 'BS_STILL_RUNNING' })),
      );

    const history = (await fill(server, [seen('1')])).histories.get(keyOf(alice, '1'));

    expect(history?.nights).toEqual({ '2026-11-26': 'running', '2026-11-27': 'running' });
    expect(history?.running).toEqual([
      { jobId: '2026-11-26-23-00-00', start: '2026-11-26T22:00:00.000Z', firstSeen: '2026-11-26' },
      { jobId: '2026-11-27-23-00-00', start: '2026-11-27T22:00:00.000Z', firstSeen: '2026-11-27' },
    ]);
    expect(history?.lastSuccess).toBeUndefined();
  });

  test('a job listed on two CBS dates is one job', async () => {
    const job = listedJob('alice', '1', '2026-11-27 23:00:00', { status: 'BS_STILL_RUNNING' });
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-27', listing(job))
      .listingOf('alice', '2026-11-28', listing(job));

    const history = (await fill(server, [seen('1')], 1)).histories.get(keyOf(alice, '1'));

    expect(history?.running).toEqual([
      { jobId: '2026-11-27-23-00-00', start: '2026-11-27T22:00:00.000Z', firstSeen: '2026-11-27' },
    ]);
  });

  test('a job without a readable start time is placed by the start its id names; one with neither is left out', async () => {
    const byId = { ...listedJob('alice', '1', '2026-11-27 22:00:00'), startTime: { unreadable: 'soon' } };
    const placeless = {
      ...listedJob('alice', '2', '2026-11-27 22:00:00', { jobId: 'not-a-time' }),
      startTime: undefined,
      idStart: undefined,
    };
    const earlier = listedJob('alice', '2', '2026-11-26 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-26', listing(earlier))
      .listingOf('alice', '2026-11-27', listing(byId, placeless));

    const result = await fill(server, [seen('1'), seen('2')]);

    expect(result.histories.get(keyOf(alice, '1'))).toMatchObject({
      nights: { '2026-11-26': 'missed', '2026-11-27': 'ok' },
      lastStart: '2026-11-27T21:00:00.000Z',
    });
    expect(result.histories.get(keyOf(alice, '2'))).toMatchObject({
      nights: { '2026-11-26': 'ok', '2026-11-27': 'missed' },
      lastStart: '2026-11-26T21:00:00.000Z',
    });
  });

  test('a night with no job is missed when a run was due, idle when the set is not scheduled', async () => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-26',
      listing(listedJob('alice', '1', '2026-11-26 22:00:00'), listedJob('alice', '2', '2026-11-26 22:00:00')),
    );

    const result = await fill(server, [seen('1'), seen('2', { expectation: UNSCHEDULED }), seen('3')]);

    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({
      '2026-11-26': 'ok',
      '2026-11-27': 'missed',
    });
    expect(result.histories.get(keyOf(alice, '2'))?.nights).toEqual({
      '2026-11-26': 'ok',
      '2026-11-27': 'idle',
    });
    // From the first night on every start is known: its 22:00 run was owed too.
    expect(result.histories.get(keyOf(alice, '3'))?.nights).toEqual({
      '2026-11-26': 'missed',
      '2026-11-27': 'missed',
    });
  });

  test('a run is owed counting from the last job before the night, not from the first night', async () => {
    const every48h: Expectation = {
      rules: [{ kind: 'interval', hours: 48 }],
      graceMinutes: 60,
      source: 'cbs',
    };
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-26',
      listing(listedJob('alice', '1', '2026-11-26 22:00:00')),
    );

    const result = await fill(server, [
      seen('1', { expectation: every48h }),
      seen('2', { expectation: every48h }),
    ]);

    // Set 1 ran on the 26th: its next run is not due before the 28th, 22:00 plus grace.
    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({
      '2026-11-26': 'ok',
      '2026-11-27': 'idle',
    });
    // Set 2 never ran: 48 hours from the first night's start end with the second night.
    expect(result.histories.get(keyOf(alice, '2'))?.nights).toEqual({
      '2026-11-26': 'idle',
      '2026-11-27': 'missed',
    });
  });

  test('a listing that fails: the user is incomplete, nights without a job are unchecked, the other dates still asked', async () => {
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-26', listing(listedJob('alice', '1', '2026-11-26 22:00:00')))
      .listingOf('alice', '2026-11-27', new Error('HTTP 502'))
      .listingOf('bob', '2026-11-27', listing(listedJob('bob', '1', '2026-11-27 22:00:00')));
    const bob: BackupUserRef = { loginName: 'bob' };

    const result = await fill(server, [seen('1'), seen('1', { user: bob })]);

    expect(result.calls).toBe(6);
    expect(result.incomplete).toBe(1);
    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({
      '2026-11-26': 'ok',
      '2026-11-27': 'unchecked',
    });
    // The failure on alice's 27th did not keep her 28th from being asked, nor bob's answers from counting.
    expect(server.calls).toContain('listJobs alice 2026-11-28');
    expect(result.histories.get(keyOf(bob, '1'))?.nights).toEqual({
      '2026-11-26': 'missed',
      '2026-11-27': 'ok',
    });
  });

  test('a listing that answers nothing at all counts as failed', async () => {
    const server = new FakeBackupServer();
    server.listJobs = async () => undefined as unknown as JobListing;

    const result = await fill(server, [seen('1')], 1);

    expect(result.incomplete).toBe(1);
    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({ '2026-11-27': 'unchecked' });
  });

  test('a job is placed by the start CBS reports, not the one its id names', async () => {
    const late = listedJob('alice', '1', '2026-11-27 06:30:00', { startTime: '2026-11-27 07:10:00' });
    const server = new FakeBackupServer().listingOf('alice', '2026-11-27', listing(late));

    const history = (await fill(server, [seen('1')])).histories.get(keyOf(alice, '1'));

    expect(history?.nights).toEqual({ '2026-11-26': 'missed', '2026-11-27': 'ok' });
    expect(history?.lastStart).toBe('2026-11-27T06:10:00.000Z');
  });

  test("a job starting as a night begins is that night's; tonight's jobs, listed on the shared date, are left to tonight", async () => {
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-27', listing(listedJob('alice', '1', '2026-11-27 07:00:00')))
      .listingOf(
        'alice',
        '2026-11-28',
        listing(
          listedJob('alice', '1', '2026-11-28 07:00:00', { status: 'BS_STILL_RUNNING' }),
          listedJob('alice', '1', '2026-11-28 09:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' }),
        ),
      );

    const history = (await fill(server, [seen('1', { expectation: UNSCHEDULED })])).histories.get(
      keyOf(alice, '1'),
    );

    expect(history).toEqual<SetHistory>({
      lastSuccess: '2026-11-27T06:00:00.000Z',
      lastStart: '2026-11-27T06:00:00.000Z',
      knownSince: '2026-11-26T06:00:00.000Z',
      firstNight: '2026-11-26',
      nights: { '2026-11-26': 'idle', '2026-11-27': 'ok' },
      running: [],
    });
  });

  test("the date tonight's listings answered is not asked again: its jobs from before the window come from them, the strip is the same", async () => {
    const early = listedJob('alice', '1', '2026-11-28 05:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' });
    const asked = () =>
      new FakeBackupServer()
        .listingOf('alice', '2026-11-27', listing(listedJob('alice', '1', '2026-11-27 05:00:00')))
        .listingOf('alice', '2026-11-28', listing(early, listedJob('alice', '1', '2026-11-28 22:00:00')));
    const everyDate = asked();
    const reused = asked();

    const before = await fill(everyDate, [seen('1')]);
    const after = await backfill(
      reused,
      [seen('1')],
      window,
      FAKE_CBS_ZONE,
      2,
      2,
      undefined,
      new Map([[userKey(alice), { dates: ['2026-11-28', '2026-11-29'], jobs: [early] }]]),
    );

    expect(reused.calls).toEqual(['listJobs alice 2026-11-26', 'listJobs alice 2026-11-27']);
    expect(after.calls).toBe(2);
    expect(everyDate.calls).toHaveLength(3);
    // The 28th's early failure (before tonight's 07:00) is the night of the 27th's latest job.
    expect(after.histories.get(keyOf(alice, '1'))?.nights).toEqual({
      '2026-11-26': 'ok',
      '2026-11-27': 'failed',
    });
    expect(after.histories).toEqual(before.histories);
  });

  test("a date tonight could not list is asked again, and another user's listings are not this one's", async () => {
    const server = new FakeBackupServer();
    const tonight = new Map([[userKey({ loginName: 'bob' }), { dates: ['2026-11-28'], jobs: [] }]]);

    const result = await backfill(server, [seen('1')], window, FAKE_CBS_ZONE, 2, 2, undefined, tonight);

    expect(server.calls).toHaveLength(3);
    expect(result.calls).toBe(3);
  });

  test('one call per user and date, whatever the number of its sets; users of two sub-admins are two users', async () => {
    const east: BackupUserRef = { loginName: 'alice', owner: 'reseller-east' };
    const server = new FakeBackupServer();

    const result = await fill(server, [seen('1'), seen('2'), seen('3', { user: east })]);

    expect(result.calls).toBe(6);
    expect(server.calls).toHaveLength(6);
    expect([...result.histories.keys()]).toEqual(
      expect.arrayContaining([keyOf(alice, '1'), keyOf(alice, '2'), keyOf(east, '3')]),
    );
    expect(result.histories.size).toBe(3);
  });

  test("the nights and dates worked out once a night are the night's own: another user, zone or length asks its own", async () => {
    const server = new FakeBackupServer();
    await fill(server, [seen('1')], 1);
    await fill(server, [seen('1', { user: { loginName: 'bob' } })], 1);
    // The night of the 27th, 07:00 to 07:00 Berlin, is 22:00 to 22:00 in Los Angeles, a day behind.
    await backfill(server, [seen('1')], window, 'America/Los_Angeles', 1, 2);
    await fill(server, [seen('1')], 2);

    expect(server.calls).toEqual([
      'listJobs alice 2026-11-27',
      'listJobs alice 2026-11-28',
      'listJobs bob 2026-11-27',
      'listJobs bob 2026-11-28',
      'listJobs alice 2026-11-26',
      'listJobs alice 2026-11-27',
      'listJobs alice 2026-11-26',
      'listJobs alice 2026-11-27',
      'listJobs alice 2026-11-28',
    ]);
  });

  test("each set's history holds only its own jobs", async () => {
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-27',
      listing(
        listedJob('alice', '1', '2026-11-27 22:00:00'),
        listedJob('alice', '2', '2026-11-27 22:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' }),
      ),
    );

    const result = await fill(server, [seen('1'), seen('2')], 1);

    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({ '2026-11-27': 'ok' });
    expect(result.histories.get(keyOf(alice, '2'))?.nights).toEqual({ '2026-11-27': 'failed' });
  });

  test('a removed set is not asked for, nor remembered', async () => {
    const server = new FakeBackupServer();

    const result = await fill(server, [seen('1', { removed: true })]);

    expect(result).toEqual({ histories: new Map(), calls: 0, incomplete: 0 });
    expect(server.calls).toEqual([]);
  });

  test('no nights to read, nothing asked', async () => {
    const server = new FakeBackupServer();

    expect(await fill(server, [seen('1')], 0)).toEqual({ histories: new Map(), calls: 0, incomplete: 0 });
    expect(await fill(server, [seen('1')], -1)).toEqual({ histories: new Map(), calls: 0, incomplete: 0 });
    expect(server.calls).toEqual([]);
  });

  test('when the deadline comes it stops asking and keeps what it has: the rest is unchecked', async () => {
    let now = 0;
    const deadline = Deadline.in(1, 0, () => now);
    const server = new FakeBackupServer().listingOf(
      'alice',
      '2026-11-26',
      listing(listedJob('alice', '1', '2026-11-26 22:00:00')),
    );
    const listJobs = server.listJobs.bind(server);
    server.listJobs = async (user, date) => {
      now += 1;
      return listJobs(user, date);
    };

    const result = await fill(server, [seen('1')], 2, deadline);

    expect(server.calls).toEqual(['listJobs alice 2026-11-26']);
    expect(result.calls).toBe(1);
    expect(result.incomplete).toBe(1);
    expect(result.histories.get(keyOf(alice, '1'))?.nights).toEqual({
      '2026-11-26': 'ok',
      '2026-11-27': 'unchecked',
    });
  });

  test('a deadline not yet come changes nothing', async () => {
    const server = new FakeBackupServer();

    const result = await fill(server, [seen('1')], 2, Deadline.none());

    expect(result).toMatchObject({ calls: 3, incomplete: 0 });
  });
});
