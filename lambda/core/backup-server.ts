import type { DateTime } from 'luxon';
import type { CbsSchedule } from './expectation';

/**
 * The backup server as the digest sees it: a port the core owns. The AhsayCBS HTTP client
 * implements it; tests pass fakes. Values are already normalised from CBS's quirks: numbers are
 * numbers or undefined, times are instants (or the text that could not be read as one).
 */

/**
 * A time the server reported, read by the adapter: the instant, or the server's own text when it
 * could not be read, so the digest can say so rather than guess. Absent where the server sent none.
 */
export type ReportedTime = { at: DateTime; unreadable?: undefined } | { at?: undefined; unreadable: string };

export interface BackupUserRef {
  loginName: string;
  /** Sub-admin that owns the user, if any. */
  owner?: string | undefined;
}

/** One job as listed by ListBackupJobStatus. */
export interface JobRecord {
  jobId: string;
  /** The start the job's id names (CBS names a job by its start time), if it does. */
  idStart?: DateTime | undefined;
  loginName: string;
  owner?: string | undefined;
  backupSetId: string;
  backupSetName?: string | undefined;
  destinationId?: string | undefined;
  status: string;
  startTime?: ReportedTime | undefined;
  endTime?: ReportedTime | undefined;
  uploadSize?: number | undefined;
}

/** When a listed job started: the StartTime CBS sent, else the start its id names, else unknown. */
export function jobStart(job: JobRecord): DateTime | undefined {
  return job.startTime?.at ?? job.idStart;
}

/** A listing, with the entries that could not be read kept as reasons instead of dropped. */
export interface JobListing {
  jobs: JobRecord[];
  unreadable: UnreadableJob[];
}

/** A listed job that could not be read: why, and its set when at least that could be read. */
export interface UnreadableJob {
  reason: string;
  backupSetId?: string | undefined;
}

export interface FileTally {
  count?: number | undefined;
  bytes?: number | undefined;
}

/** GetBackupJobReportSummary's report of one job. */
export interface JobSummary {
  jobId: string;
  status: string;
  startTime?: ReportedTime | undefined;
  endTime?: ReportedTime | undefined;
  warnEntries?: number | undefined;
  errorEntries?: number | undefined;
  newFiles: FileTally;
  updatedFiles: FileTally;
  deletedFiles: FileTally;
  movedFiles: FileTally;
  missedDatabases?: number | undefined;
  missedVirtualMachines?: number | undefined;
  missedPublicFolders?: number | undefined;
  dedupeSaving?: number | undefined;
}

/** A user as 2/ListUsers lists it. */
export interface ListedUser extends BackupUserRef {
  /** `ENABLE`, `SUSPENDED` (the ModifyUserStatus page), `LOCKED`…, as CBS spelled it. */
  status?: string | undefined;
}

/** The backup users of the server, with the entries that could not be read kept as reasons. */
export interface UserListing {
  users: ListedUser[];
  unreadable: string[];
}

export interface BackupSetRecord {
  id: string;
  name: string;
  type?: string | undefined;
}

export interface DestinationRef {
  id: string;
  name?: string | undefined;
}

/** What 2/GetBackupSet says about one set that the digest uses. */
export interface BackupSetSettings {
  id: string;
  name?: string | undefined;
  schedule: CbsSchedule;
  destinations: DestinationRef[];
}

export interface JobRef {
  user: BackupUserRef;
  backupSetId: string;
  destinationId?: string | undefined;
  jobId: string;
}

export interface BackupServer {
  /** Jobs of `user` that started on the CBS-local `date` (`yyyy-MM-dd`). */
  listJobs(user: BackupUserRef, date: string): Promise<JobListing>;
  getJobSummary(job: JobRef): Promise<JobSummary>;
  listBackupSets(user: BackupUserRef): Promise<BackupSetRecord[]>;
  /** Every backup user of the server, each with its owner (sub-admin) if it has one. */
  listUsers(): Promise<UserListing>;
  /** One set's settings (2/GetBackupSet): its schedules and destinations by name. */
  getBackupSet(user: BackupUserRef, backupSetId: string): Promise<BackupSetSettings>;
}

export function userKey(user: BackupUserRef): string {
  // Stryker disable next-line StringLiteral: keys are only compared with keys made here, so the spelling of "no owner" cannot matter
  return `${user.owner ?? ''}\u0000${user.loginName}`;
}
