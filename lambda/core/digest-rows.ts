import type { DateTime } from 'luxon';
import type { BackupUserRef, FileTally, JobRecord, JobSummary } from './backup-server';
import { classifyJob } from './classify-job';
import type { DigestRow } from './digest';
import { OutOfTimeError } from './errors';

export interface JobIdentity {
  user: BackupUserRef;
  backupSetId: string;
  backupSetName?: string | undefined;
  destinationId?: string | undefined;
  /** The destination's name, when 2/GetBackupSet named the one the job went to. */
  destinationName?: string | undefined;
  jobId: string;
  /** The start the job's id names, for a job whose reports give no readable start time. */
  idStart?: DateTime | undefined;
}

/**
 * The row of one job. The summary, when we have it, is the fuller source; the listing fills in
 * what it lacks. A summary that could not be fetched makes the row an `error` row that still
 * shows what the listing said.
 */
export function jobRow(
  job: JobIdentity,
  listing: JobRecord | undefined,
  summary: JobSummary | undefined,
  summaryError: Error | undefined,
  reportTimeZone: string,
): DigestRow {
  const status = summary?.status || listing?.status || '';
  const startTime = summary?.startTime ?? listing?.startTime;
  const endTime = summary?.endTime ?? listing?.endTime;
  const notes: string[] = [];

  const start = startTime?.at ?? job.idStart;
  if (startTime?.unreadable !== undefined)
    notes.push(`CBS sent an unreadable start time "${startTime.unreadable}"`);
  const end = endTime?.at;
  if (endTime?.unreadable !== undefined)
    notes.push(`CBS sent an unreadable end time "${endTime.unreadable}"`);

  const row = (jobClass: DigestRow['jobClass'], reason: string, report?: JobSummary): DigestRow => ({
    jobClass,
    reason,
    user: job.user,
    backupSetId: job.backupSetId,
    backupSetName: job.backupSetName ?? listing?.backupSetName,
    destinationId: job.destinationId ?? listing?.destinationId,
    destinationName: job.destinationName,
    jobId: job.jobId,
    status: status === '' ? undefined : status,
    start: iso(start, reportTimeZone),
    end: iso(end, reportTimeZone),
    durationSeconds:
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a missing time compares as NaN, so end >= start is false without the guards too
      start && end && end >= start ? Math.round(end.diff(start, 'seconds').seconds) : undefined,
    files: report && {
      new: tally(report.newFiles),
      updated: tally(report.updatedFiles),
      deleted: tally(report.deletedFiles),
      moved: tally(report.movedFiles),
    },
    errorEntries: report?.errorEntries,
    warnEntries: report?.warnEntries,
    dedupeSaving: report?.dedupeSaving,
    uploadSize: listing?.uploadSize,
    notes,
    // The set's only job until judging finds more: a set with one job keeps this very row.
    jobs: 1,
  });

  if (summaryError || !summary) {
    const listed = listing?.status ? ` (the job list says ${listing.status})` : '';
    return row(
      'error',
      `${describeFailure('could not fetch the job report', summaryError ?? 'no answer')}${listed}`,
    );
  }

  // Only what was missed counts: a negative count must not cancel another's positive one.
  const missedItems =
    positive(summary.missedDatabases) +
    positive(summary.missedVirtualMachines) +
    positive(summary.missedPublicFolders);
  const { jobClass, reason } = classifyJob({
    status,
    ended: endTime !== undefined,
    errorEntries: summary.errorEntries,
    warnEntries: summary.warnEntries,
    missedItems,
  });
  return row(jobClass, reason, summary);
}

/**
 * A digest holds a row for every job, 50,000 at the largest, so a row is built as one object
 * literal of one shape with plain tallies: copied from a spread of the summary, rows took twice
 * the memory (1.4 KB against 0.7 KB each, measured).
 */
const tally = (t: FileTally): FileTally => ({ count: t.count, bytes: t.bytes });

/** A watched set with no job in the window: the silent failure this digest exists to catch. */
export function missedSetRow(
  user: BackupUserRef,
  backupSetId: string,
  backupSetName: string | undefined,
  destinationId: string | undefined,
): DigestRow {
  return {
    jobClass: 'missed',
    reason: 'no backup ran in the report window',
    user,
    backupSetId,
    backupSetName,
    destinationId,
    notes: [],
  };
}

/** Something the digest could not check, and why. */
export function errorRow(user: BackupUserRef, what: string, error: unknown, backupSetId?: string): DigestRow {
  return {
    jobClass: 'error',
    reason: describeFailure(what, error),
    user,
    backupSetId,
    notes: [],
  };
}

/** Running out of time is not a fault of CBS; say so plainly rather than as an error of the call. */
function describeFailure(what: string, error: unknown): string {
  if (error instanceof OutOfTimeError)
    return 'out of time: the run stopped fetching to leave time to send this digest';
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

// Stryker disable next-line ConditionalExpression,EqualityOperator: undefined > 0 is false, and 0 counts as 0 either way
const positive = (count: number | undefined): number => (count !== undefined && count > 0 ? count : 0);

function iso(time: DateTime | undefined, zone: string): string | undefined {
  // luxon joins an ISO time from a dozen pieces, and V8 keeps every piece (and the joints) until
  // the string is flattened: 166 bytes a time against 61 flat (measured on 100,000 of them).
  // normalize() reads it whole, which flattens it; Number(), used before, did not.
  return time?.setZone(zone).toISO({ suppressMilliseconds: true })?.normalize() ?? undefined;
}

/**
 * `row` with some fields changed: the values of `{ ...row, ...changes }` (a field neither has is
 * there, undefined), built field by field in one fixed order. V8 gives an object spread from a
 * row a hidden class of its own once the spread site has seen many shapes (of 9,814 judged rows,
 * 9,796 had their own): a map and its descriptors, about 600 bytes a row, 30 MB at 50,000 jobs.
 * Rows built here share one.
 */
export function rowWith(row: DigestRow, changes: Partial<DigestRow> = {}): DigestRow {
  const the = <K extends keyof DigestRow>(key: K): DigestRow[K] =>
    (key in changes ? changes[key] : row[key]) as DigestRow[K];
  return {
    jobClass: the('jobClass'),
    reason: the('reason'),
    user: the('user'),
    backupSetId: the('backupSetId'),
    backupSetName: the('backupSetName'),
    destinationId: the('destinationId'),
    destinationName: the('destinationName'),
    jobId: the('jobId'),
    status: the('status'),
    start: the('start'),
    end: the('end'),
    durationSeconds: the('durationSeconds'),
    files: the('files'),
    errorEntries: the('errorEntries'),
    warnEntries: the('warnEntries'),
    dedupeSaving: the('dedupeSaving'),
    uploadSize: the('uploadSize'),
    notes: the('notes'),
    jobs: the('jobs'),
    recovered: the('recovered'),
    earlierJobs: the('earlierJobs'),
    history: the('history'),
    pinned: the('pinned'),
    stuck: the('stuck'),
    stale: the('stale'),
  };
}
