import { parseConfig } from '../../lambda/config/load-config';
import type { Config } from '../../lambda/config/schema';
import type { DigestRow } from '../../lambda/core/digest';
import { computeWindow } from '../../lambda/core/report-window';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { collectAndJudge } from '../support/collect-and-judge';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';

// Window: 2026-11-28 07:00 → 2026-11-29 07:00 Europe/Berlin; CBS in the same zone.
const anchor = new Date('2026-11-29T06:00:00Z');

function configWith(watch: unknown): Config {
  return parseConfig({
    cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/p', timeZone: 'Europe/Berlin' },
    report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    mail: { from: 'a@example.com', to: ['b@example.com'] },
    watch,
  });
}

async function collect(server: FakeBackupServer, watch: unknown): Promise<DigestRow[]> {
  const config = configWith(watch);
  return collectAndJudge(server, digestSettings(config), computeWindow(config.report, anchor));
}

const byClass = (rows: DigestRow[]) =>
  rows.map((r) => `${r.jobClass} ${r.user.loginName} ${r.backupSetId ?? '-'} ${r.jobId ?? '-'}`).sort();

describe('collectRows', () => {
  test('keeps jobs that started in the window, across both CBS dates, and fetches each once', async () => {
    const before = listedJob('alice', '1', '2026-11-28 06:59:59');
    const inside = listedJob('alice', '1', '2026-11-28 22:00:00');
    const crossing = listedJob('alice', '2', '2026-11-28 23:40:00', { endTime: '2026-11-29 00:50:00' });
    const early = listedJob('alice', '3', '2026-11-29 03:00:00');
    const after = listedJob('alice', '3', '2026-11-29 07:00:00');
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-28', { jobs: [before, inside, crossing], unreadable: [] })
      // Some servers list a job that crosses midnight under both dates.
      .listingOf('alice', '2026-11-29', { jobs: [crossing, early, after], unreadable: [] })
      .setsOf('alice', [
        { id: '1', name: 'Docs' },
        { id: '2', name: 'Mail' },
        { id: '3', name: 'SQL' },
      ]);
    for (const job of [inside, crossing, early])
      server.summaryOf('alice', job.backupSetId, job.jobId, summaryFor(job));

    const rows = await collect(server, { users: [{ loginName: 'alice' }] });

    expect(byClass(rows)).toEqual([
      'ok alice 1 2026-11-28-22-00-00',
      'ok alice 2 2026-11-28-23-40-00',
      'ok alice 3 2026-11-29-03-00-00',
    ]);
    expect(server.calls.filter((c) => c.startsWith('getJobSummary'))).toHaveLength(3);
    expect(server.calls.filter((c) => c.startsWith('listJobs')).sort()).toEqual([
      'listJobs alice 2026-11-28',
      'listJobs alice 2026-11-29',
    ]);
    const crossingRow = rows.find((r) => r.backupSetId === '2');
    expect(crossingRow?.durationSeconds).toBe(70 * 60);
    // A row's contents, not only its class: what the summary and the listing said, in the report zone.
    expect(rows.find((r) => r.backupSetId === '1')).toEqual({
      jobClass: 'ok',
      reason: 'finished successfully',
      user: { loginName: 'alice', owner: undefined },
      backupSetId: '1',
      backupSetName: 'Set 1',
      destinationId: 'd1',
      jobId: '2026-11-28-22-00-00',
      status: 'BS_STOP_SUCCESS',
      start: '2026-11-28T22:00:00+01:00',
      end: '2026-11-28T22:59:59+01:00',
      durationSeconds: 3599,
      files: {
        new: { count: 2, bytes: 2048 },
        updated: { count: 1, bytes: 1024 },
        deleted: { count: 0, bytes: 0 },
        moved: { count: 0, bytes: 0 },
      },
      errorEntries: 0,
      warnEntries: 0,
      dedupeSaving: 100,
      uploadSize: undefined,
      notes: [],
      jobs: 1,
    });
  });

  test('a watched set with no job in the window is a missed row, named from CBS when config gives no name', async () => {
    const job = listedJob('bob', '10', '2026-11-28 21:00:00');
    const server = new FakeBackupServer()
      .listingOf('bob', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('bob', '10', job.jobId, summaryFor(job))
      .setsOf('bob', [
        { id: '10', name: 'File Server' },
        { id: '11', name: 'Old Laptop' },
      ]);

    const rows = await collect(server, {
      backupSets: [
        { loginName: 'bob', owner: 'reseller', backupSetId: '10' },
        { loginName: 'bob', owner: 'reseller', backupSetId: '11' },
        { loginName: 'bob', owner: 'reseller', backupSetId: '12', name: 'Named in config' },
      ],
    });

    const missed = rows.filter((r) => r.jobClass === 'missed');
    expect(missed.map((r) => [r.backupSetId, r.backupSetName, r.reason])).toEqual(
      expect.arrayContaining([
        // Without a readable schedule (this CBS has no 2/GetBackupSet): a run expected every 24 hours.
        ['11', 'Old Laptop', 'no backup started in 24 hours (one is expected every 24 hours)'],
        ['12', 'Named in config', 'no backup started in 24 hours (one is expected every 24 hours)'],
      ]),
    );
    expect(missed).toHaveLength(2);
    expect(missed[0]?.user).toEqual({ loginName: 'bob', owner: 'reseller' });
  });

  test('a set watched on one destination ignores jobs to another destination', async () => {
    const other = listedJob('carol', '5', '2026-11-28 21:00:00', { destinationId: 'elsewhere' });
    const server = new FakeBackupServer().listingOf('carol', '2026-11-28', { jobs: [other], unreadable: [] });

    const rows = await collect(server, {
      backupSets: [{ loginName: 'carol', backupSetId: '5', destinationId: 'd1', name: 'X' }],
    });

    expect(byClass(rows)).toEqual(['missed carol 5 -']);
    expect(server.calls.some((c) => c.startsWith('getJobSummary'))).toBe(false);
  });

  test('a failed listing is one error row per cause, and no set is called missed on partial evidence', async () => {
    const job = listedJob('dave', '7', '2026-11-29 01:00:00');
    const server = new FakeBackupServer()
      .listingOf('dave', '2026-11-28', new Error('ListBackupJobStatus: HTTP 502 Bad Gateway'))
      .listingOf('dave', '2026-11-29', { jobs: [job], unreadable: [] })
      .summaryOf('dave', '7', job.jobId, summaryFor(job))
      .setsOf('dave', [
        { id: '7', name: 'Laptop' },
        { id: '8', name: 'Desktop' },
      ]);

    const rows = await collect(server, { users: [{ loginName: 'dave' }] });

    expect(byClass(rows)).toEqual(['error dave - -', 'ok dave 7 2026-11-29-01-00-00']);
    expect(rows.find((r) => r.jobClass === 'error')?.reason).toBe(
      'could not list the jobs of 2026-11-28: ListBackupJobStatus: HTTP 502 Bad Gateway',
    );
  });

  test('a summary that cannot be fetched is an error row that still says what the listing said', async () => {
    const job = listedJob('erin', '9', '2026-11-28 20:00:00', { status: 'BS_STOP_SUCCESS' });
    const server = new FakeBackupServer()
      .listingOf('erin', '2026-11-28', { jobs: [job], unreadable: [{ reason: 'entry 3: ID: required' }] })
      .summaryOf('erin', '9', job.jobId, new Error('GetBackupJobReportSummary: no answer within 30000 ms'));

    const rows = await collect(server, { backupSets: [{ loginName: 'erin', backupSetId: '9' }] });

    expect(byClass(rows)).toEqual(['error erin - -', 'error erin 9 2026-11-28-20-00-00']);
    const jobRowFound = rows.find((r) => r.jobId);
    expect(jobRowFound?.reason).toBe(
      'could not fetch the job report: GetBackupJobReportSummary: no answer within 30000 ms (the job list says BS_STOP_SUCCESS)',
    );
    expect(jobRowFound?.backupSetName).toBe('Set 9');
    expect(rows.find((r) => !r.jobId)?.reason).toBe(
      'CBS listed an unreadable job for 2026-11-28: entry 3: ID: required',
    );
  });

  test('a pinned job is fetched directly, whatever the window, and not twice when also listed', async () => {
    const listed = listedJob('frank', '4', '2026-11-28 22:00:00');
    const old = listedJob('frank', '4', '2026-11-20 22:00:00', { status: 'BS_STOP_SUCCESS_WITH_WARNING' });
    const server = new FakeBackupServer()
      .listingOf('frank', '2026-11-28', { jobs: [listed], unreadable: [] })
      .summaryOf('frank', '4', listed.jobId, summaryFor(listed))
      .summaryOf('frank', '4', old.jobId, summaryFor(old, { warnEntries: 2 }));

    const rows = await collect(server, {
      backupSets: [{ loginName: 'frank', backupSetId: '4' }],
      jobs: [
        { loginName: 'frank', backupSetId: '4', destinationId: 'd1', jobId: old.jobId },
        { loginName: 'frank', backupSetId: '4', destinationId: 'd1', jobId: listed.jobId },
      ],
    });

    expect(byClass(rows)).toEqual(['ok frank 4 2026-11-28-22-00-00', 'warning frank 4 2026-11-20-22-00-00']);
    expect(server.calls.filter((c) => c.startsWith('getJobSummary'))).toHaveLength(2);
    expect(rows.find((r) => r.jobId === old.jobId)).toMatchObject({
      backupSetName: 'Set 4',
      pinned: true,
      reason: 'completed with warnings; 2 warnings',
      start: '2026-11-20T22:00:00+01:00',
    });
  });

  test('a user named in several watch forms is listed once per date', async () => {
    const server = new FakeBackupServer();

    await collect(server, {
      users: [{ loginName: 'gina' }],
      backupSets: [
        { loginName: 'gina', backupSetId: '1', name: 'A' },
        { loginName: 'gina', backupSetId: '2', name: 'B' },
      ],
    });

    expect(server.calls.filter((c) => c.startsWith('listJobs'))).toEqual([
      'listJobs gina 2026-11-28',
      'listJobs gina 2026-11-29',
    ]);
  });

  test('a job whose start time is unreadable is kept by its id and carries a note', async () => {
    const job = listedJob('hal', '1', '2026-11-28 11:34:15', { startTime: '2026-11-28 11;34:15' });
    const server = new FakeBackupServer()
      .listingOf('hal', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('hal', '1', job.jobId, summaryFor(job));

    const rows = await collect(server, { backupSets: [{ loginName: 'hal', backupSetId: '1' }] });

    expect(rows).toHaveLength(1);
    expect(rows[0]?.start).toBe('2026-11-28T11:34:15+01:00');
    expect(rows[0]?.notes).toEqual(['CBS sent an unreadable start time "2026-11-28 11;34:15"']);
  });
});

describe('collectRows with broken listings', () => {
  test('a watched set whose listed job CBS sent unreadable is not checked, and not also missed', async () => {
    // prepare: set 1's job is unreadable, set 2 has no job at all.
    const server = new FakeBackupServer()
      .listingOf('ivy', '2026-11-28', {
        jobs: [],
        unreadable: [{ reason: 'entry 0: ID: required', backupSetId: '1' }],
      })
      .listingOf('ivy', '2026-11-29', { jobs: [], unreadable: [] });

    // act
    const rows = await collect(server, {
      backupSets: [
        { loginName: 'ivy', backupSetId: '1', name: 'Docs' },
        { loginName: 'ivy', backupSetId: '2', name: 'Mail' },
      ],
    });

    // assert
    expect(byClass(rows)).toEqual(['error ivy 1 -', 'missed ivy 2 -']);
    expect(rows.find((r) => r.jobClass === 'error')?.reason).toBe(
      'CBS listed an unreadable job for 2026-11-28: entry 0: ID: required',
    );
  });

  test('an unreadable entry whose set cannot be read either calls no set of the user missed', async () => {
    const server = new FakeBackupServer()
      .listingOf('ivy', '2026-11-28', {
        jobs: [],
        unreadable: [{ reason: 'entry 0: (root): expected object' }],
      })
      .listingOf('ivy', '2026-11-29', { jobs: [], unreadable: [] });

    const rows = await collect(server, {
      backupSets: [{ loginName: 'ivy', backupSetId: '2', name: 'Mail' }],
    });

    expect(byClass(rows)).toEqual(['error ivy - -']);
  });

  test('many unreadable entries of one listing are one row, counting those not shown', async () => {
    const unreadable = Array.from({ length: 10_000 }, (_, i) => ({
      reason: `entry ${i}: ID: required`,
      backupSetId: '1',
    }));
    const server = new FakeBackupServer()
      .listingOf('ivy', '2026-11-28', { jobs: [], unreadable })
      .listingOf('ivy', '2026-11-29', { jobs: [], unreadable: [] });

    const rows = await collect(server, { backupSets: [{ loginName: 'ivy', backupSetId: '1' }] });

    expect(rows).toHaveLength(1);
    expect(rows[0]?.reason).toBe(
      'CBS listed 10000 unreadable jobs for 2026-11-28: entry 0: ID: required; entry 1: ID: required; entry 2: ID: required; and 9997 more',
    );
    expect(rows[0]?.backupSetId).toBe('1');
  });

  test('a listing of 200,000 jobs is collected without overflowing the call stack', async () => {
    // prepare: far more jobs than any spread into push() survives.
    const early = listedJob('max', '1', '2026-11-28 06:00:00');
    const jobs = Array.from({ length: 200_000 }, (_, i) => ({ ...early, jobId: `${early.jobId}-${i}` }));
    const server = new FakeBackupServer()
      .listingOf('max', '2026-11-28', { jobs, unreadable: [] })
      .listingOf('max', '2026-11-29', { jobs: [], unreadable: [] })
      .setsOf('max', [{ id: '1', name: 'Docs' }]);

    // act: every job starts before the window, so none is fetched; the set is missed.
    const rows = await collect(server, { users: [{ loginName: 'max' }] });

    // assert
    expect(byClass(rows)).toEqual(['missed max 1 -']);
  });
});
