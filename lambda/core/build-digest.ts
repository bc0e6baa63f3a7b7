import type { FileTally } from './backup-server';
import { CLASS_ORDER, type JobClass } from './classify-job';
import type { Digest, DigestExtras, DigestRow, DigestTotals, FileTotals, TallyTotal } from './digest';
import { applyAcknowledgements, endsShownWith } from './known-issues';
import { type ReportWindow, windowAsIso } from './report-window';

export interface DigestHeader {
  title: string;
  window: ReportWindow;
  cbsTimeZone: string;
  generatedAt: Date;
}

export const NO_EXTRAS: DigestExtras = { notices: [], notScheduled: [], removed: [], remembers: false };

/**
 * Orders the rows worst first and adds them up; acknowledged rows go to `known`, out of the totals.
 * Pure: the same rows and acknowledgements at the same time give the same digest.
 */
export function buildDigest(
  header: DigestHeader,
  rows: readonly DigestRow[],
  extras: DigestExtras = NO_EXTRAS,
): Digest {
  const { window } = header;
  const { acknowledgements, ...rest } = extras;
  const applied = acknowledgements
    ? applyAcknowledgements(rows, acknowledgements, header.generatedAt)
    : undefined;
  const counted = applied?.rows ?? rows;
  return {
    title: header.title,
    label: window.label,
    window: windowAsIso(window),
    cbsTimeZone: header.cbsTimeZone,
    rows: [...counted].sort(compareRows),
    totals: totalRows(counted),
    generatedAt: header.generatedAt.toISOString(),
    ...rest,
    ...(applied
      ? {
          known: [...applied.known].sort((a, b) => compareRows(a.row, b.row)),
          snoozesEnded: endsShownWith(applied.ended, rows),
        }
      : {}),
  };
}

export function totalRows(rows: readonly DigestRow[]): DigestTotals {
  const byClass = Object.fromEntries(CLASS_ORDER.map((c) => [c, 0])) as Record<JobClass, number>;
  const files: FileTotals = { new: zero(), updated: zero(), deleted: zero(), moved: zero() };
  let dedupeSaving = 0;
  let newProblems = 0;
  for (const row of rows) {
    byClass[row.jobClass] += 1;
    if (row.history?.isNew && ATTENTION.has(row.jobClass)) newProblems += 1;
    // Every job's figures count, those of runs a later one superseded too.
    for (const job of row.earlierJobs ? [row, ...row.earlierJobs] : [row]) {
      if (job.files) {
        add(files.new, job.files.new);
        add(files.updated, job.files.updated);
        add(files.deleted, job.files.deleted);
        add(files.moved, job.files.moved);
      }
      dedupeSaving += job.dedupeSaving ?? 0;
    }
  }
  return { byClass, rows: rows.length, newProblems, files, dedupeSaving };
}

const zero = (): TallyTotal => ({ count: 0, bytes: 0 });

function add(total: TallyTotal, tally: FileTally): void {
  total.count += tally.count ?? 0;
  total.bytes += tally.bytes ?? 0;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareRows(a: DigestRow, b: DigestRow): number {
  return (
    CLASS_ORDER.indexOf(a.jobClass) - CLASS_ORDER.indexOf(b.jobClass) ||
    // Within a section, what went wrong tonight comes before what was already wrong.
    ongoing(a) - ongoing(b) ||
    collator.compare(a.user.loginName, b.user.loginName) ||
    collator.compare(a.user.owner ?? '', b.user.owner ?? '') ||
    collator.compare(a.backupSetName ?? a.backupSetId ?? '', b.backupSetName ?? b.backupSetId ?? '') ||
    (a.start ?? '').localeCompare(b.start ?? '')
  );
}

/** The classes that need attention: they make the verdict, and a quiet night has none of them. */
export const ATTENTION_CLASSES: readonly JobClass[] = ['failed', 'missed', 'unknown', 'error'];
const ATTENTION = new Set<JobClass>(ATTENTION_CLASSES);

/** 1 for a row whose problem was already there the last night it was due, 0 otherwise. */
const ongoing = (row: DigestRow): number => (row.history && !row.history.isNew ? 1 : 0);
