import * as z from 'zod';
import { formatIssues } from '../../config/format-issues';
import type {
  BackupSetRecord,
  FileTally,
  JobListing,
  JobRecord,
  JobSummary,
  ReportedTime,
  UserListing,
} from '../../core/backup-server';
import { parseJobId, reportedTime } from './cbs-time';

/**
 * Schemas for CBS answers. They accept what real servers send rather than what the docs say:
 * numbers as strings or `""`, unknown fields, fields left out, a running job's empty status.
 */

/** A count or size: a number, a numeric string, or nothing (`""`, null, missing, negative, garbage). */
const lenientNumber = z
  .unknown()
  .optional()
  .transform((value): number | undefined => {
    // Counts and sizes are never negative: a -1 must neither cancel a 1 nor print as "-1024 bytes".
    if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
    if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
      // 309 digits and more read as Infinity: no count or size is that large, so it reads as nothing.
      const parsed = Number(value);
      return Number.isFinite(parsed) ? parsed : undefined;
    }
    return undefined;
  });

/** Text that may come as a number (ids) or be absent; absent reads as ''. */
const lenientText = z
  .unknown()
  .optional()
  .transform((value): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return '';
  });

const requiredId = lenientText.refine((s) => s.trim() !== '', { message: 'required' });

export const envelopeSchema = z.looseObject({
  Status: z.string(),
  Message: z.unknown().optional(),
  ExptType: z.unknown().optional(),
});

const jobRecordSchema = z.looseObject({
  ID: requiredId,
  LoginName: lenientText,
  Owner: lenientText,
  BackupSetID: requiredId,
  BackupSetName: lenientText,
  DestinationID: lenientText,
  BackupJobStatus: lenientText,
  StartTime: lenientText,
  EndTime: lenientText,
  UploadSize: lenientNumber,
});

const summarySchema = z.looseObject({
  ID: lenientText,
  BackupJobStatus: lenientText,
  StartTime: lenientText,
  EndTime: lenientText,
  NumOfWarnEntries: lenientNumber,
  NumOfErrorEntries: lenientNumber,
  NumOfNewFiles: lenientNumber,
  TotalNewFilesSize: lenientNumber,
  NumOfUpdatedFiles: lenientNumber,
  TotalUpdatedFilesSize: lenientNumber,
  NumOfDeletedFiles: lenientNumber,
  TotalDeletedFilesSize: lenientNumber,
  NumOfMovedFiles: lenientNumber,
  TotalMovedFilesSize: lenientNumber,
  MissedDatabase: lenientNumber,
  MissedVirtualMachine: lenientNumber,
  MissedPublicFolder: lenientNumber,
  DedupeSaving: lenientNumber,
});

const backupSetSchema = z.looseObject({ ID: requiredId, Name: lenientText, Type: lenientText });

// 2/ListUsers sends dozens of fields per user (quotas, contacts, client types); only these matter.
const userSchema = z.looseObject({ LoginName: requiredId, Owner: lenientText, Status: lenientText });

const blank = (s: string): string | undefined => (s.trim() === '' ? undefined : s);

/**
 * `Data` of an OK answer that has nothing to list: real servers answer a date without jobs with
 * Status OK and `Data` missing, null or "" (and a Message), which is an empty list, not an
 * unreadable answer (shared/reference/ahsay-cbs-api.md).
 */
const isQuiet = (data: unknown): boolean => data === undefined || data === null || data === '';

/**
 * Reads ListBackupJobStatus's `Data`; an entry that cannot be read becomes a reason, not a gap.
 * Times are read in `cbsTimeZone`, the zone of the CBS server's clock.
 */
export function readJobListing(data: unknown, cbsTimeZone: string): JobListing {
  if (isQuiet(data)) return { jobs: [], unreadable: [] };
  if (!Array.isArray(data)) throw new TypeError(`Data is ${describe(data)}, expected an array of jobs`);
  refuseTooMany(data, MAX_JOBS_PER_ANSWER, 'jobs');
  const listing: JobListing = { jobs: [], unreadable: [] };
  data.forEach((entry, index) => {
    const parsed = jobRecordSchema.safeParse(entry);
    if (!parsed.success) {
      const reason = `entry ${index}: ${formatIssues(parsed.error.issues).trim()}`;
      listing.unreadable.push({ reason, backupSetId: readableSetId(entry) });
      return;
    }
    const r = parsed.data;
    const jobId = r.ID.trim();
    const startTime = reportedTime(r.StartTime, cbsTimeZone);
    const job: JobRecord = {
      jobId,
      idStart: startNamedById(jobId, r.StartTime, startTime) ?? parseJobId(jobId, cbsTimeZone),
      loginName: r.LoginName,
      owner: blank(r.Owner),
      backupSetId: r.BackupSetID.trim(),
      backupSetName: blank(r.BackupSetName),
      destinationId: blank(r.DestinationID),
      status: r.BackupJobStatus.trim(),
      startTime,
      endTime: reportedTime(r.EndTime, cbsTimeZone),
      uploadSize: r.UploadSize,
    };
    listing.jobs.push(job);
  });
  return listing;
}

/**
 * The start the job's id names, when it is the StartTime CBS sent (as it is for nearly every
 * job: the id is the start, `yyyy-MM-dd-HH-mm-ss`): the instant already read, not a second read of
 * the same digits. Reading a CBS time is the dearest part of a listing (a luxon DateTime each,
 * about 10 µs), and a first run's backfill reads 90,000 jobs at 10,000 sets.
 */
function startNamedById(jobId: string, rawStart: string, start: ReportedTime | undefined) {
  return start?.at !== undefined && rawStart.trim().replace(/[ T:]/g, '-') === jobId ? start.at : undefined;
}

/** Reads GetBackupJobReportSummary's `Data`; times are read in `cbsTimeZone`. */
export function readJobSummary(data: unknown, cbsTimeZone: string): JobSummary {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError(`Data is ${describe(data)}, expected a report object`);
  }
  const parsed = summarySchema.safeParse(data);
  // Stryker disable next-line ConditionalExpression,MethodExpression: every field is lenient, so an object always parses; kept as a guard should a field become strict
  if (!parsed.success) throw new TypeError(formatIssues(parsed.error.issues).trim());
  const s = parsed.data;
  const tally = (count: number | undefined, bytes: number | undefined): FileTally => ({ count, bytes });
  return {
    jobId: s.ID,
    status: s.BackupJobStatus.trim(),
    startTime: reportedTime(s.StartTime, cbsTimeZone),
    endTime: reportedTime(s.EndTime, cbsTimeZone),
    warnEntries: s.NumOfWarnEntries,
    errorEntries: s.NumOfErrorEntries,
    newFiles: tally(s.NumOfNewFiles, s.TotalNewFilesSize),
    updatedFiles: tally(s.NumOfUpdatedFiles, s.TotalUpdatedFilesSize),
    deletedFiles: tally(s.NumOfDeletedFiles, s.TotalDeletedFilesSize),
    movedFiles: tally(s.NumOfMovedFiles, s.TotalMovedFilesSize),
    missedDatabases: s.MissedDatabase,
    missedVirtualMachines: s.MissedVirtualMachine,
    missedPublicFolders: s.MissedPublicFolder,
    dedupeSaving: s.DedupeSaving,
  };
}

/** Reads ListBackupSets's `Data`; sets without an id cannot be watched and are skipped. */
export function readBackupSets(data: unknown): BackupSetRecord[] {
  if (isQuiet(data)) return [];
  if (!Array.isArray(data))
    throw new TypeError(`Data is ${describe(data)}, expected an array of backup sets`);
  refuseTooMany(data, MAX_JOBS_PER_ANSWER, 'backup sets');
  const sets: BackupSetRecord[] = [];
  for (const entry of data) {
    const parsed = backupSetSchema.safeParse(entry);
    if (parsed.success) {
      const { ID, Name, Type } = parsed.data;
      sets.push({ id: ID.trim(), name: blank(Name) ?? ID.trim(), type: blank(Type) });
    }
  }
  return sets;
}

/**
 * Reads 2/ListUsers's `User` array. An entry without a login name cannot be watched: it becomes a
 * reason rather than a user silently left out. A login name listed twice is kept once.
 */
export function readUsers(users: unknown): UserListing {
  if (!Array.isArray(users)) throw new TypeError(`User is ${describe(users)}, expected an array of users`);
  refuseTooMany(users, MAX_USERS_PER_ANSWER, 'users');
  const listing: UserListing = { users: [], unreadable: [] };
  const seen = new Set<string>();
  users.forEach((entry, index) => {
    const parsed = userSchema.safeParse(entry);
    if (!parsed.success) {
      listing.unreadable.push(`entry ${index}: ${formatIssues(parsed.error.issues).trim()}`);
      return;
    }
    const loginName = parsed.data.LoginName.trim();
    if (seen.has(loginName)) return;
    seen.add(loginName);
    listing.users.push({
      loginName,
      owner: blank(parsed.data.Owner)?.trim(),
      status: blank(parsed.data.Status)?.trim(),
    });
  });
  return listing;
}

/**
 * Entries read from one answer at most. No user runs 20,000 jobs on one day (a set backing up every
 * 5 minutes runs 288); an answer with more is broken or hostile, and reading it entry by entry
 * would cost the heap and the digest. Whole-server mode lists every user in one answer: 500,000.
 */
export const MAX_JOBS_PER_ANSWER = 20_000;
export const MAX_USERS_PER_ANSWER = 500_000;

function refuseTooMany(entries: readonly unknown[], max: number, what: string): void {
  if (entries.length > max) {
    throw new TypeError(
      `too many entries: ${entries.length.toLocaleString('en')} ${what}, more than the ${max.toLocaleString('en')} one answer may hold; none were read`,
    );
  }
}

/** The set id of an entry that is otherwise unreadable, when at least that reads. */
function readableSetId(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const id = (entry as Record<string, unknown>).BackupSetID;
  const text =
    typeof id === 'number' && Number.isFinite(id) ? String(id) : typeof id === 'string' ? id.trim() : '';
  return text === '' ? undefined : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
