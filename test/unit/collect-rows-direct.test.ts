import type { BackupUserRef, JobListing } from '../../lambda/core/backup-server';
import { ALL_USERS, collectRows } from '../../lambda/core/collect-rows';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';
import { nightSettings } from '../support/night-settings';
import { RecordingLog } from '../support/recording-log';
import { NIGHT_OF_28TH as window } from '../support/report-night';

// collectRows itself, before any judging: the whole Collection it returns (rows field by field,
// observations, users) and what it logs. collect-rows.test.ts covers the same paths through the judge.

async function collect(server: FakeBackupServer, watch: unknown) {
  const log = new RecordingLog();
  const collection = await collectRows(server, nightSettings({ watch }), window, log);
  return { collection, log };
}

const linesOf = (log: RecordingLog, message: string) =>
  log.lines.filter(([, said]) => said === message).map(([level, , attributes]) => [level, attributes]);

const callsOf = (server: FakeBackupServer, kind: string) => server.calls.filter((c) => c.startsWith(kind));

describe('collectRows, the collection itself', () => {
  test("a whole user: its job's row in full, its sets observed and listed, and what was collected logged", async () => {
    const job = listedJob('alice', '1', '2026-11-28 22:00:00', {
      status: 'BS_STOP_SUCCESS_WITH_WARNING',
      uploadSize: 4096,
    });
    const summary = summaryFor(job, {
      warnEntries: 1,
      deletedFiles: { count: 3, bytes: 30 },
    });
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('alice', '1', job.jobId, summary)
      .setsOf('alice', [
        { id: '1', name: 'Docs' },
        { id: '2', name: 'Mail' },
      ]);

    const { collection, log } = await collect(server, {
      users: [{ loginName: 'alice', owner: 'east' }],
      jobs: [{ loginName: 'zed', backupSetId: '9', jobId: '2026-11-20-22-00-00' }],
    });

    const alice = { loginName: 'alice', owner: 'east' };
    expect(collection.rows.filter((row) => row.user.loginName === 'alice')).toEqual([
      {
        jobClass: 'warning',
        reason: 'completed with warnings; 1 warning',
        user: alice,
        backupSetId: '1',
        backupSetName: 'Set 1',
        destinationId: 'd1',
        destinationName: undefined,
        jobId: '2026-11-28-22-00-00',
        status: 'BS_STOP_SUCCESS_WITH_WARNING',
        start: '2026-11-28T22:00:00+01:00',
        end: '2026-11-28T22:59:59+01:00',
        durationSeconds: 3599,
        // The report's figures, under the row's names.
        files: {
          new: summary.newFiles,
          updated: summary.updatedFiles,
          deleted: summary.deletedFiles,
          moved: summary.movedFiles,
        },
        errorEntries: 0,
        warnEntries: 1,
        dedupeSaving: 100,
        uploadSize: 4096,
        notes: [],
        jobs: 1,
      },
    ]);
    expect(
      collection.observations.map((seen) => [seen.user, seen.backupSetId, seen.name, seen.complete]),
    ).toEqual([
      [alice, '1', 'Docs', true],
      [alice, '2', 'Mail', true],
    ]);
    expect(collection.listedUsers).toEqual([
      {
        user: alice,
        sets: [
          { id: '1', name: 'Docs' },
          { id: '2', name: 'Mail' },
        ],
      },
    ]);
    expect(collection.inactiveUsers).toBe(0);
    expect(collection.serverUsers).toEqual([]);
    expect(linesOf(log, 'collecting')).toEqual([
      ['info', { users: 1, pinnedJobs: 1, cbsDates: ['2026-11-28', '2026-11-29'] }],
    ]);
  });

  test('each row that could not be checked is logged with its user and reason, and no other row', async () => {
    const good = listedJob('bob', '1', '2026-11-28 21:00:00');
    const lost = listedJob('bob', '2', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('bob', '2026-11-28', { jobs: [good, lost], unreadable: [] })
      .summaryOf('bob', '1', good.jobId, summaryFor(good))
      .summaryOf('bob', '2', lost.jobId, new Error('HTTP 502'));

    const { collection, log } = await collect(server, {
      backupSets: [
        { loginName: 'bob', backupSetId: '1' },
        { loginName: 'bob', backupSetId: '2' },
      ],
    });

    expect(collection.rows.map((row) => row.jobClass).sort()).toEqual(['error', 'ok']);
    // Named sets only: CBS was not asked for bob's whole set list, so none is kept.
    expect(collection.listedUsers).toEqual([]);
    expect(linesOf(log, 'not checked')).toEqual([
      [
        'warn',
        {
          loginName: 'bob',
          reason: 'could not fetch the job report: HTTP 502 (the job list says BS_STOP_SUCCESS)',
        },
      ],
    ]);
  });

  test('a pinned job of a user watched no other way is fetched straight away, by its id', async () => {
    const old = listedJob('zed', '9', '2026-11-20 22:00:00');
    const server = new FakeBackupServer().summaryOf('zed', '9', old.jobId, summaryFor(old));

    const { collection } = await collect(server, {
      jobs: [{ loginName: 'zed', owner: 'west', backupSetId: '9', destinationId: 'd1', jobId: old.jobId }],
    });

    expect(server.calls).toEqual([`getJobSummary zed 9 ${old.jobId}`]);
    expect(collection.rows).toEqual([
      expect.objectContaining({
        jobClass: 'ok',
        user: { loginName: 'zed', owner: 'west' },
        backupSetId: '9',
        // No listing named its set.
        backupSetName: undefined,
        jobId: old.jobId,
        start: '2026-11-20T22:00:00+01:00',
        pinned: true,
      }),
    ]);
    expect(collection.observations).toEqual([]);
    expect(collection.listedUsers).toEqual([]);
  });

  test('several pinned jobs of one user are each fetched', async () => {
    const first = listedJob('zed', '9', '2026-11-20 22:00:00');
    const second = listedJob('zed', '9', '2026-11-21 22:00:00', { status: 'BS_STOP_SUCCESS_WITH_ERROR' });
    const server = new FakeBackupServer()
      .summaryOf('zed', '9', first.jobId, summaryFor(first))
      .summaryOf('zed', '9', second.jobId, summaryFor(second));

    const { collection } = await collect(server, {
      jobs: [
        { loginName: 'zed', backupSetId: '9', jobId: first.jobId },
        { loginName: 'zed', backupSetId: '9', jobId: second.jobId },
      ],
    });

    expect(collection.rows.map((row) => [row.jobId, row.jobClass, row.pinned])).toEqual([
      [first.jobId, 'ok', true],
      [second.jobId, 'failed', true],
    ]);
  });

  test("a pinned job is matched within its own set: another set's job of the same id neither stands for it nor names it", async () => {
    // Job ids are start times: two sets that start together list the same id.
    const same = '2026-11-28-22-00-00';
    const other = listedJob('frank', '5', '2026-11-28 22:00:00', { backupSetName: 'Other set' });
    const pinned = listedJob('frank', '4', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('frank', '2026-11-28', { jobs: [other], unreadable: [] })
      .summaryOf('frank', '5', same, summaryFor(other))
      .summaryOf('frank', '4', same, summaryFor(pinned));

    const { collection } = await collect(server, {
      backupSets: [{ loginName: 'frank', backupSetId: '5' }],
      jobs: [{ loginName: 'frank', backupSetId: '4', jobId: same }],
    });

    expect(collection.rows.map((row) => [row.backupSetId, row.backupSetName, row.pinned])).toEqual([
      ['5', 'Other set', undefined],
      ['4', undefined, true],
    ]);
  });

  test("a pinned job of a user named twice waits for both of the user's listings", async () => {
    // bob is named with his owner and without: two plans of one login. The first plan's listing
    // fails; the second, slower one lists the pinned job, so it needs no fetch of its own.
    const job = listedJob('bob', '4', '2026-11-28 22:00:00');
    class TwoFacedServer extends FakeBackupServer {
      override async listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
        if (user.owner === 'east') throw new Error('HTTP 502');
        await new Promise((resolve) => setTimeout(resolve, 20));
        return super.listJobs(user, date);
      }
    }
    const server = new TwoFacedServer()
      .listingOf('bob', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('bob', '4', job.jobId, summaryFor(job));

    const { collection } = await collect(server, {
      users: [{ loginName: 'bob', owner: 'east' }],
      backupSets: [{ loginName: 'bob', backupSetId: '4' }],
      jobs: [{ loginName: 'bob', backupSetId: '4', jobId: job.jobId }],
    });

    expect(callsOf(server, 'getJobSummary')).toEqual([`getJobSummary bob 4 ${job.jobId}`]);
    expect(collection.rows.filter((row) => row.jobId === job.jobId)).toEqual([
      expect.objectContaining({ jobClass: 'ok', user: { loginName: 'bob', owner: undefined } }),
    ]);
    expect(collection.rows.filter((row) => row.pinned)).toEqual([]);
  });
});

describe('collectRows in whole-server mode', () => {
  test('the users CBS lists, less the excluded and the inactive, are watched; the count of each is logged', async () => {
    const server = new FakeBackupServer().usersAre({
      users: [
        { loginName: 'amy', owner: 'east' },
        { loginName: 'ben', status: 'SUSPENDED' },
        { loginName: 'test-account' },
      ],
      unreadable: [],
    });

    const { collection, log } = await collect(server, {
      allUsers: { excludeLoginNames: ['test-account', 'tset-account'], excludeOwners: ['gone'] },
    });

    expect(collection.serverUsers).toEqual([{ loginName: 'amy', owner: 'east' }]);
    expect(collection.inactiveUsers).toBe(1);
    expect(collection.rows).toEqual([]);
    expect(linesOf(log, 'server users')).toEqual([
      ['info', { listed: 3, excluded: 1, inactive: 1, watched: 1 }],
    ]);
    expect(linesOf(log, 'exclusions that matched no user')).toEqual([
      ['warn', { unmatched: ['login name tset-account', 'owner gone'] }],
    ]);
    expect(linesOf(log, 'collecting')).toEqual([
      ['info', { users: 1, pinnedJobs: 0, cbsDates: ['2026-11-28', '2026-11-29'] }],
    ]);
  });

  test('every exclusion matched: no warning', async () => {
    const server = new FakeBackupServer().usersAre({
      users: [{ loginName: 'amy' }, { loginName: 'test-account' }],
      unreadable: [],
    });

    const { log } = await collect(server, { allUsers: { excludeLoginNames: ['test-account'] } });

    expect(linesOf(log, 'exclusions that matched no user')).toEqual([]);
    expect(linesOf(log, 'server users')).toEqual([
      ['info', { listed: 2, excluded: 1, inactive: 0, watched: 1 }],
    ]);
  });

  test('a user list CBS cannot give watches no server user: only the row that says so', async () => {
    const server = new FakeBackupServer().usersAre(new Error('HTTP 503'));

    const { collection, log } = await collect(server, { allUsers: {} });

    expect(collection.serverUsers).toEqual([]);
    expect(collection.rows).toEqual([
      {
        jobClass: 'error',
        reason: 'could not list the backup users of the server: HTTP 503',
        user: ALL_USERS,
        notes: [],
      },
    ]);
    expect(server.calls).toEqual(['listUsers']);
    expect(linesOf(log, 'collecting')).toEqual([
      ['info', { users: 0, pinnedJobs: 0, cbsDates: ['2026-11-28', '2026-11-29'] }],
    ]);
  });
});
