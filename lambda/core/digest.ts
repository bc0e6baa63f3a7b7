import type { BackupUserRef, FileTally } from './backup-server';
import type { JobClass } from './classify-job';

/** One line of the digest: a job, a set that never ran, or something that could not be checked. */
export interface DigestRow {
  jobClass: JobClass;
  /** Why it is in this class, in words. */
  reason: string;
  user: BackupUserRef;
  backupSetId?: string | undefined;
  backupSetName?: string | undefined;
  destinationId?: string | undefined;
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
}
