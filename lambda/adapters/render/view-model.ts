import type { JobClass } from '../../core/classify-job';

/*
 * What the templates see. Every value is already in words and formatted, so a template only lays
 * it out; docs/templates.md lists these fields for operators writing their own.
 * Every key is always present (empty string, empty list or zero when there is nothing), because
 * templates compile in strict mode, where a misspelt field fails at start-up instead of printing
 * nothing.
 */

export interface DigestView {
  /** The mail's subject: `Backups 2026-11-28: 2 failed, 1 missed, 41 ok`. */
  subject: string;
  /** Hidden text inbox lists show after the subject: the verdict and the first problems. */
  preheader: string;
  title: string;
  /** The report's date, `2026-11-28`. */
  label: string;
  /** One line: `All 45 backups OK` or `5 of 45 backups need attention`. */
  verdict: string;
  needsAttention: boolean;
  /** `2026-11-28 07:00 CET to 2026-11-29 07:00 CET`. */
  window: string;
  /** IANA zone every time is shown in, e.g. `Europe/Berlin`. */
  timeZone: string;
  cbsTimeZone: string;
  /** The strip of counts: each class that has rows, worst first, and OK always. */
  counts: CountView[];
  /** The sections before OK, in reading order; only classes that have rows. */
  sections: SectionView[];
  /** OK jobs, grouped by user; `jobs` is 0 when there are none. */
  ok: OkView;
  totals: { files: string; dedupeSaving: string };
  /** One line each: history unavailable, suspended users skipped, schedules guessed, first backfill. */
  notices: string[];
  /** Acknowledged rows, counted nowhere, shown last; empty when none. Each row's `ack` says by whom and until when. */
  known: RowView[];
  /** `2`: rows under Known issues. */
  knownCount: string;
  /** One line per acknowledgement that ended and brought its rows back: `bob / Laptop: snooze ended (expired …)`. */
  snoozesEnded: string[];
  /** `3 backup sets are not scheduled …`, or empty. */
  notScheduled: string;
  /** `CBS no longer lists 1 backup set: bob / Old Laptop`, or empty. */
  removed: string;
  /** What the strip's symbols mean; empty when rows carry no strip. */
  legend: string;
  /** Where the full list of jobs is: `Every job is in the attached backup-jobs-2026-11-28.csv.` */
  attachmentNote: string;
  generatedAt: string;
}

export interface CountView {
  jobClass: JobClass;
  /** `2,000` */
  count: string;
  /** `failed`, `missed`, `unknown`, `not checked`, `with warnings`, `running`, `OK` */
  label: string;
}

export interface SectionView {
  jobClass: JobClass;
  /** True for failed, missed, unknown and not checked: what someone must look at. */
  needsAttention: boolean;
  /** `Failed`, `Missed: no backup ran`, … */
  heading: string;
  /** Rows in the class, shown or not: `12`. */
  count: string;
  /** The rows shown in full. */
  rows: RowView[];
  /** When the mail had no room for every row: `and 40 more: every job is in the attached …`. */
  more: string;
}

export interface RowView {
  jobClass: JobClass;
  /** The class in words, for a badge that does not rely on colour: `FAILED`. */
  badge: string;
  /** `bob (sub-admin reseller-east)`, or just `bob`. */
  user: string;
  loginName: string;
  owner: string;
  /** The set's name, else its id; `every backup set` when the whole user could not be checked. */
  backupSet: string;
  backupSetId: string;
  destination: string;
  jobId: string;
  /** `2026-11-28 22:00 CET`, or empty when no job ran. */
  start: string;
  /** `1 h 12 min`, `running for 20 min`, or empty when no job ran. */
  duration: string;
  /** BackupJobStatus as CBS sent it, e.g. `BS_STOP_SUCCESS_WITH_ERROR`. */
  status: string;
  /** Why the row is in its class, in words, counts and CBS's message included. */
  reason: string;
  /** `2 errors, 3 warnings`, or empty. */
  entries: string;
  /** `3 new (1.5 KB), 1 updated (726 bytes)`; `no files changed`; empty without a job report. */
  files: string;
  /** `12 MB`, or empty. */
  dedupeSaving: string;
  notes: string[];
  /** `24 jobs` when the set ran more than once in the window; its latest run decides. */
  jobs: string;
  /** `last success 5 days ago (2026-11-23 22:00 CET) · failed 5 nights running · new`, or empty. */
  history: string;
  /** The last 14 nights, oldest first, one symbol each (see the legend), or empty. */
  strip: string;
  /** Earlier runs this night that failed before a later one succeeded: `01:05 CET: stopped by a system error`. */
  recovered: string[];
  /** The one-click Snooze link (a signed URL) of a row that needs attention; empty when snoozing is off. */
  snooze: string;
  /** Under Known issues: `laptop in repair (alice, until 2026-12-09 07:00 CET)`; empty elsewhere. */
  ack: string;
}

export interface OkView {
  /** OK jobs in all: 0 leaves the section out. */
  jobs: number;
  /** The same, formatted: `1,950`. */
  count: string;
  heading: string;
  users: OkUserView[];
  /** When the mail had no room for every user: `and 650 more users: 1,950 OK, 120 GB new`. */
  more: string;
}

export interface OkUserView {
  user: string;
  /** `12 OK, 3.2 GB new` */
  summary: string;
  /** `Documents, Hourly CDP (24 jobs)`, or empty when the mail is short of room. */
  sets: string;
  /** `Documents: CBS sent an unreadable end time "…"`: what the data itself got wrong. */
  notes: string[];
}
