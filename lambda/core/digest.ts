import type { Acknowledgement } from './acknowledgement';
import type { BackupUserRef, FileTally } from './backup-server';
import type { JobClass } from './classify-job';
import type { HistoryView } from './history-view';

/** One line of the digest: a job, a set that never ran, or something that could not be checked. */
export interface DigestRow {
  jobClass: JobClass;
  /** Why it is in this class, in words. */
  reason: string;
  user: BackupUserRef;
  backupSetId?: string | undefined;
  backupSetName?: string | undefined;
  destinationId?: string | undefined;
  /** The destination's name, from 2/GetBackupSet. */
  destinationName?: string | undefined;
  jobId?: string | undefined;
  /** BackupJobStatus exactly as CBS sent it. */
  status?: string | undefined;
  /** ISO 8601 in the report time zone. */
  start?: string | undefined;
  end?: string | undefined;
  durationSeconds?: number | undefined;
  files?: JobFiles | undefined;
  errorEntries?: number | undefined;
  warnEntries?: number | undefined;
  dedupeSaving?: number | undefined;
  uploadSize?: number | undefined;
  /** Things the admin should know about the data itself, e.g. an unreadable start time. */
  notes: string[];
  /** Jobs of the set in the window, when the row speaks for a set (its latest run decides). */
  jobs?: number | undefined;
  /** Earlier runs in the window that failed and that this row's later run made good. */
  recovered?: RecoveredRun[] | undefined;
  /**
   * The set's other jobs in the window, which the run that decides superseded (earlier runs, and a
   * later one still running): not rows of the digest, but in its CSV and its file totals.
   */
  earlierJobs?: DigestRow[] | undefined;
  /** The set's past, when the digest remembers it. */
  history?: HistoryView | undefined;
  /** A job the config names by id: reported as it is, never folded into its set's night. */
  pinned?: boolean | undefined;
  /** A job seen running on an earlier run that never ended. */
  stuck?: boolean | undefined;
  /** No success for longer than report.staleAfterDays. */
  stale?: boolean | undefined;
}

export interface RecoveredRun {
  /** ISO 8601 in the report time zone. */
  start?: string | undefined;
  reason: string;
  status?: string | undefined;
}

/** A set named in a one-line list: not scheduled, or removed from CBS. */
export interface SetLine {
  user: BackupUserRef;
  backupSetId: string;
  name?: string | undefined;
}

export interface JobFiles {
  new: FileTally;
  updated: FileTally;
  deleted: FileTally;
  moved: FileTally;
}

/** Files and bytes added up over the rows: every figure known, unknown ones counted as 0. */
export interface TallyTotal {
  count: number;
  bytes: number;
}

export interface FileTotals {
  new: TallyTotal;
  updated: TallyTotal;
  deleted: TallyTotal;
  moved: TallyTotal;
}

export interface DigestTotals {
  byClass: Record<JobClass, number>;
  rows: number;
  /** Rows that need attention and were fine the last night they were due. */
  newProblems: number;
  files: FileTotals;
  dedupeSaving: number;
}

export interface Digest {
  title: string;
  /** The report's date, `yyyy-MM-dd`, in the report time zone. */
  label: string;
  window: { start: string; end: string; timeZone: string };
  cbsTimeZone: string;
  rows: DigestRow[];
  totals: DigestTotals;
  generatedAt: string;
  /** One line each: history unavailable, users skipped, schedules guessed, backfill. */
  notices?: string[] | undefined;
  /** Watched sets with no schedule and no expectation: never a problem, counted in one line. */
  notScheduled?: SetLine[] | undefined;
  /** Sets CBS no longer lists. */
  removed?: SetLine[] | undefined;
  /** Whether rows carry the 14-night strip (the legend is shown then). Absent in digests saved before history. */
  remembers?: boolean | undefined;
  /** Acknowledged rows: shown at the end, counted nowhere. Absent when no acknowledgements were read. */
  known?: KnownIssue[] | undefined;
  /** Acknowledgements that ended tonight and have a row in this digest: one line each. */
  snoozesEnded?: SnoozeEnd[] | undefined;
}

/** What the digest adds to the rows, beyond the header. */
export interface DigestExtras {
  notices: string[];
  notScheduled: SetLine[];
  removed: SetLine[];
  remembers: boolean;
  /** The acknowledgements held; absent when there is no store (or it could not be read). */
  acknowledgements?: readonly Acknowledgement[] | undefined;
}

/** A row that needs attention and someone has acknowledged: shown under Known issues, not counted. */
export interface KnownIssue {
  row: DigestRow;
  ack: Acknowledgement;
}

/** An acknowledgement that no longer holds: its rows count again, and the digest says why. */
export type SnoozeEnd =
  | { ack: Acknowledgement; why: 'expired' }
  | { ack: Acknowledgement; why: 'changed'; from: JobClass; to: JobClass };
