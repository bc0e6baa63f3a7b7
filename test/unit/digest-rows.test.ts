import { DateTime } from 'luxon';
import type { JobRecord, JobSummary } from '../../lambda/core/backup-server';
import type { DigestRow } from '../../lambda/core/digest';
import { errorRow, type JobIdentity, jobRow, missedSetRow, rowWith } from '../../lambda/core/digest-rows';
import { OutOfTimeError } from '../../lambda/core/errors';

// Rows compared whole: every field a row carries is pinned, not only its class and reason.
const ZONE = 'Europe/Berlin';
const at = (iso: string) => ({ at: DateTime.fromISO(iso, { zone: 'UTC' }) });
const user = { loginName: 'alice', owner: 'reseller' };

const identity: JobIdentity = {
  user,
  backupSetId: '1001',
  jobId: '2026-11-28-22-00-00',
  idStart: DateTime.fromISO('2026-11-28T21:00:00Z', { zone: 'UTC' }),
};

const listing: JobRecord = {
  jobId: '2026-11-28-22-00-00',
  loginName: 'alice',
  backupSetId: '1001',
  backupSetName: 'Listed name',
  destinationId: 'listed-dest',
  status: 'BS_STOP_SUCCESS',
  startTime: at('2026-11-28T21:00:05Z'),
  endTime: at('2026-11-28T21:30:05Z'),
  uploadSize: 4096,
};

const summary: JobSummary = {
  jobId: '2026-11-28-22-00-00',
  status: 'BS_STOP_SUCCESS',
  startTime: at('2026-11-28T21:00:00Z'),
  endTime: at('2026-11-28T21:10:30Z'),
  warnEntries: 0,
  errorEntries: 0,
  newFiles: { count: 3, bytes: 300 },
  updatedFiles: { count: 2, bytes: 200 },
  deletedFiles: { count: 1, bytes: 100 },
  movedFiles: { count: 0, bytes: 0 },
  dedupeSaving: 55,
};

describe('jobRow', () => {
  test('a summary and a listing: the whole row, times in the report zone, the summary first', () => {
    expect(jobRow(identity, listing, summary, undefined, ZONE)).toEqual({
      jobClass: 'ok',
      reason: 'finished successfully',
      user,
      backupSetId: '1001',
      backupSetName: 'Listed name',
      destinationId: 'listed-dest',
      jobId: '2026-11-28-22-00-00',
      status: 'BS_STOP_SUCCESS',
      start: '2026-11-28T22:00:00+01:00',
      end: '2026-11-28T22:10:30+01:00',
      durationSeconds: 630,
      files: {
        new: { count: 3, bytes: 300 },
        updated: { count: 2, bytes: 200 },
        deleted: { count: 1, bytes: 100 },
        moved: { count: 0, bytes: 0 },
      },
      errorEntries: 0,
      warnEntries: 0,
      dedupeSaving: 55,
      uploadSize: 4096,
      notes: [],
      jobs: 1,
    });
  });

  test("the identity's name and destination win over the listing's", () => {
    const row = jobRow(
      { ...identity, backupSetName: 'Own name', destinationId: 'own-dest' },
      listing,
      summary,
      undefined,
      ZONE,
    );

    expect([row.backupSetName, row.destinationId]).toEqual(['Own name', 'own-dest']);
  });

  test("without a listing: no upload size, no listed name, and the summary's times", () => {
    const row = jobRow(identity, undefined, summary, undefined, ZONE);

    expect(row).toMatchObject({ backupSetName: undefined, destinationId: undefined, uploadSize: undefined });
    expect([row.start, row.end]).toEqual(['2026-11-28T22:00:00+01:00', '2026-11-28T22:10:30+01:00']);
  });

  test("a summary without status or times: the listing's status and times fill in", () => {
    const bare = { ...summary, status: '', startTime: undefined, endTime: undefined };

    const row = jobRow(identity, listing, bare, undefined, ZONE);

    expect(row).toMatchObject({
      jobClass: 'ok',
      status: 'BS_STOP_SUCCESS',
      start: '2026-11-28T22:00:05+01:00',
      end: '2026-11-28T22:30:05+01:00',
      durationSeconds: 1800,
    });
  });

  test('no status anywhere: the row has none (not an empty one), and a job that ended is unknown', () => {
    const row = jobRow(identity, { ...listing, status: '' }, { ...summary, status: '' }, undefined, ZONE);

    expect(row.status).toBeUndefined();
    expect(row).toMatchObject({ jobClass: 'unknown', reason: 'ended without a status' });
  });

  test('no end time anywhere: still running, no end, no duration', () => {
    const running = { ...summary, status: '', endTime: undefined };

    const row = jobRow(identity, { ...listing, status: '', endTime: undefined }, running, undefined, ZONE);

    expect(row).toMatchObject({ jobClass: 'running', reason: 'in progress', end: undefined });
    expect(row.durationSeconds).toBeUndefined();
  });

  test('an end before the start gives no duration, an end equal to it gives 0', () => {
    const backwards = { ...summary, endTime: at('2026-11-28T20:59:59Z') };
    const instant = { ...summary, endTime: at('2026-11-28T21:00:00Z') };

    expect(jobRow(identity, listing, backwards, undefined, ZONE).durationSeconds).toBeUndefined();
    expect(jobRow(identity, listing, instant, undefined, ZONE).durationSeconds).toBe(0);
  });

  test('unreadable times: a note each, quoting CBS, and the start from the job id', () => {
    const garbled = {
      ...summary,
      startTime: { unreadable: '11;34:15' },
      endTime: { unreadable: 'soon' },
    };

    const row = jobRow(identity, listing, garbled, undefined, ZONE);

    expect(row.notes).toEqual([
      'CBS sent an unreadable start time "11;34:15"',
      'CBS sent an unreadable end time "soon"',
    ]);
    expect(row.start).toBe('2026-11-28T22:00:00+01:00');
    expect(row.end).toBeUndefined();
    // An unreadable end is still an end: the job is not "in progress".
    const noStatus = jobRow(
      identity,
      { ...listing, status: '' },
      { ...garbled, status: '' },
      undefined,
      ZONE,
    );
    expect(noStatus.jobClass).toBe('unknown');
  });

  test('a time with milliseconds keeps them; one without prints none', () => {
    const precise = { ...summary, startTime: at('2026-11-28T21:00:00.250Z') };

    expect(jobRow(identity, listing, precise, undefined, ZONE).start).toBe('2026-11-28T22:00:00.250+01:00');
    expect(jobRow(identity, listing, summary, undefined, ZONE).end).toBe('2026-11-28T22:10:30+01:00');
  });

  test("missed items add up across kinds, a negative one never cancels another's", () => {
    const missed = (counts: Partial<JobSummary>) =>
      jobRow(identity, listing, { ...summary, ...counts }, undefined, ZONE);

    expect(missed({ missedDatabases: 1, missedVirtualMachines: 2, missedPublicFolders: 4 })).toMatchObject({
      jobClass: 'failed',
      reason: 'finished successfully; 7 items missed',
    });
    expect(missed({ missedDatabases: -1, missedVirtualMachines: 1 })).toMatchObject({
      jobClass: 'failed',
      reason: 'finished successfully; 1 item missed',
    });
    expect(
      missed({ missedDatabases: 0, missedVirtualMachines: -5, missedPublicFolders: undefined }),
    ).toMatchObject({ jobClass: 'ok', reason: 'finished successfully' });
  });

  test('a report that could not be fetched: an error row with what the listing said', () => {
    const row = jobRow(identity, listing, undefined, new Error('HTTP 502'), ZONE);

    expect(row).toEqual({
      jobClass: 'error',
      reason: 'could not fetch the job report: HTTP 502 (the job list says BS_STOP_SUCCESS)',
      user,
      backupSetId: '1001',
      backupSetName: 'Listed name',
      destinationId: 'listed-dest',
      jobId: '2026-11-28-22-00-00',
      status: 'BS_STOP_SUCCESS',
      start: '2026-11-28T22:00:05+01:00',
      end: '2026-11-28T22:30:05+01:00',
      durationSeconds: 1800,
      files: undefined,
      errorEntries: undefined,
      warnEntries: undefined,
      dedupeSaving: undefined,
      uploadSize: 4096,
      notes: [],
      jobs: 1,
    });
  });

  test('an error wins over a summary; no listing status, no suffix; nothing at all is "no answer"', () => {
    expect(jobRow(identity, listing, summary, new Error('late'), ZONE)).toMatchObject({
      jobClass: 'error',
      reason: 'could not fetch the job report: late (the job list says BS_STOP_SUCCESS)',
    });
    expect(jobRow(identity, { ...listing, status: '' }, undefined, new Error('HTTP 502'), ZONE).reason).toBe(
      'could not fetch the job report: HTTP 502',
    );
    expect(jobRow(identity, undefined, undefined, undefined, ZONE).reason).toBe(
      'could not fetch the job report: no answer',
    );
  });

  test('out of time is said plainly, not as an error of the call', () => {
    const row = jobRow(identity, undefined, undefined, new OutOfTimeError('GetBackupJobReportSummary'), ZONE);

    expect(row.reason).toBe('out of time: the run stopped fetching to leave time to send this digest');
  });
});

describe('missedSetRow and errorRow', () => {
  test('a missed set: the whole row', () => {
    expect(missedSetRow(user, '1001', 'Files', 'dest')).toEqual({
      jobClass: 'missed',
      reason: 'no backup ran in the report window',
      user,
      backupSetId: '1001',
      backupSetName: 'Files',
      destinationId: 'dest',
      notes: [],
    });
  });

  test('an error row names what could not be done and why, an Error or anything else', () => {
    expect(errorRow(user, 'could not list the backup sets', new Error('HTTP 503'), '1001')).toEqual({
      jobClass: 'error',
      reason: 'could not list the backup sets: HTTP 503',
      user,
      backupSetId: '1001',
      notes: [],
    });
    expect(errorRow(user, 'could not list the jobs', 'no answer').reason).toBe(
      'could not list the jobs: no answer',
    );
  });

  test('rows never share their notes: a note added to one stays out of the next', () => {
    const first = missedSetRow(user, '1', undefined, undefined);
    first.notes.push('x');

    expect(missedSetRow(user, '2', undefined, undefined).notes).toEqual([]);
    expect(errorRow(user, 'w', 'e').notes).toEqual([]);
  });
});

describe('rowWith', () => {
  // Every field of a row, each with a value of its own, so a field copied from the wrong key shows.
  const full: Required<DigestRow> = {
    jobClass: 'failed',
    reason: 'reason',
    user: { loginName: 'ann', owner: 'reseller' },
    backupSetId: 'set',
    backupSetName: 'Laptop',
    destinationId: 'd1',
    destinationName: 'Wasabi',
    jobId: '2026-11-28-22-00-00',
    status: 'BS_STOP_BY_SYSTEM_ERROR',
    start: '2026-11-28T22:00:00+01:00',
    end: '2026-11-28T23:00:00+01:00',
    durationSeconds: 3600,
    files: {
      new: { count: 1, bytes: 2 },
      updated: { count: 3, bytes: 4 },
      deleted: { count: 5, bytes: 6 },
      moved: { count: 7, bytes: 8 },
    },
    errorEntries: 9,
    warnEntries: 10,
    dedupeSaving: 11,
    uploadSize: 12,
    notes: ['a note'],
    jobs: 13,
    recovered: [{ start: '2026-11-28T01:00:00+01:00', reason: 'failed', status: 'BS_FAILED' }],
    earlierJobs: [{ jobClass: 'ok', reason: 'earlier', user: { loginName: 'ann' }, notes: [] }],
    history: { strip: '✓✓✗', streak: 1, isNew: true },
    pinned: true,
    stuck: true,
    stale: true,
  };

  test('is the row with the changes, exactly as a spread would make it, every field kept', () => {
    expect(rowWith(full)).toStrictEqual({ ...full });
    expect(Object.keys(rowWith(full)).sort()).toEqual(Object.keys(full).sort());
    expect(rowWith(full, { jobClass: 'warning', jobs: 2 })).toStrictEqual({
      ...full,
      jobClass: 'warning',
      jobs: 2,
    });
    for (const key of Object.keys(full) as (keyof DigestRow)[]) {
      const changed = rowWith(full, { [key]: undefined });
      expect(changed[key]).toBeUndefined();
      expect(changed).toEqual({ ...full, [key]: undefined });
    }
  });

  test('leaves the row it was given as it was', () => {
    const row: DigestRow = { jobClass: 'ok', reason: 'fine', user: { loginName: 'ann' }, notes: [] };
    const changed = rowWith(row, { jobClass: 'missed', stale: true });
    expect(row).toStrictEqual({ jobClass: 'ok', reason: 'fine', user: { loginName: 'ann' }, notes: [] });
    expect(changed).toMatchObject({ jobClass: 'missed', reason: 'fine', stale: true });
  });
});
