import type { FileTally } from '../../core/backup-server';
import { CLASS_ORDER, type JobClass, plural } from '../../core/classify-job';
import type { Digest, DigestRow, JobFiles } from '../../core/digest';
import { subjectLine } from '../../core/subject-line';
import { formatBytes, formatDuration, formatTime, oneLine } from './format';

/** What templates see: every value already in words, so templates only lay it out. */
export interface DigestView {
  subject: string;
  title: string;
  label: string;
  verdict: string;
  needsAttention: boolean;
  window: string;
  counts: { jobClass: JobClass; label: string; count: number }[];
  sections: { jobClass: JobClass; heading: string; rows: RowView[] }[];
  totals: { files: string; dedupeSaving: string };
  generatedAt: string;
  cbsTimeZone: string;
}

export interface RowView {
  jobClass: JobClass;
  classLabel: string;
  user: string;
  backupSet: string;
  destination: string;
  jobId: string;
  start: string;
  duration: string;
  status: string;
  reason: string;
  files: string;
  entries: string;
  dedupeSaving: string;
  notes: string[];
}

const CLASS_LABEL: Record<JobClass, string> = {
  failed: 'Failed',
  missed: 'Missed',
  unknown: 'Unknown status',
  error: 'Not checked',
  warning: 'Warning',
  running: 'Running',
  ok: 'OK',
};

const SECTION_HEADING: Record<JobClass, string> = {
  failed: 'Failed',
  missed: 'Missed: no backup ran',
  unknown: 'Unknown status: needs a look',
  error: 'Could not be checked',
  warning: 'Completed with warnings',
  running: 'Still running',
  ok: 'OK',
};

const NEEDS_ATTENTION: readonly JobClass[] = ['failed', 'missed', 'unknown', 'error'];

/**
 * Builds the template view. `plain` strips control characters from every CBS value so that a
 * name holding CR/LF cannot forge lines in the text part; HTML escaping is Handlebars' job.
 */
export function digestView(digest: Digest, plain: boolean): DigestView {
  const clean = plain ? oneLine : (s: string) => s;
  const zone = digest.window.timeZone;
  const by = digest.totals.byClass;
  const attention = NEEDS_ATTENTION.reduce((n, c) => n + by[c], 0);
  const total = digest.totals.rows;
  const files = digest.totals.files;
  return {
    subject: subjectLine(digest),
    title: clean(digest.title),
    label: digest.label,
    verdict:
      attention === 0
        ? `All ${plural(total, 'backup')} OK${by.warning > 0 ? `, ${plural(by.warning, 'warning')}` : ''}`
        : `${attention} of ${plural(total, 'backup')} need${attention === 1 ? 's' : ''} attention`,
    needsAttention: attention > 0,
    window: `${formatTime(digest.window.start, zone)} to ${formatTime(digest.window.end, zone)}`,
    counts: CLASS_ORDER.map((c) => ({ jobClass: c, label: CLASS_LABEL[c], count: by[c] })),
    sections: CLASS_ORDER.map((c) => ({
      jobClass: c,
      heading: SECTION_HEADING[c],
      rows: digest.rows.filter((r) => r.jobClass === c).map((r) => rowView(r, zone, clean)),
    })).filter((s) => s.rows.length > 0),
    totals: {
      files: describeFiles(files),
      dedupeSaving: formatBytes(digest.totals.dedupeSaving),
    },
    generatedAt: formatTime(digest.generatedAt, zone),
    cbsTimeZone: digest.cbsTimeZone,
  };
}

function rowView(row: DigestRow, zone: string, clean: (s: string) => string): RowView {
  const entries = [
    row.errorEntries ? plural(row.errorEntries, 'error') : '',
    row.warnEntries ? plural(row.warnEntries, 'warning') : '',
  ].filter((s) => s !== '');
  return {
    jobClass: row.jobClass,
    classLabel: CLASS_LABEL[row.jobClass],
    user: clean(row.user.owner ? `${row.user.loginName} (${row.user.owner})` : row.user.loginName),
    backupSet: clean(row.backupSetName ?? row.backupSetId ?? '–'),
    destination: clean(row.destinationId ?? ''),
    jobId: clean(row.jobId ?? ''),
    start: formatTime(row.start, zone),
    duration: row.jobClass === 'running' ? 'running' : formatDuration(row.durationSeconds),
    status: clean(row.status ?? ''),
    reason: clean(row.reason),
    files: row.files ? describeFiles(row.files) : '',
    entries: entries.join(', '),
    dedupeSaving: row.dedupeSaving ? formatBytes(row.dedupeSaving) : '',
    notes: row.notes.map(clean),
  };
}

function describeFiles(files: JobFiles): string {
  const part = (label: string, t: FileTally) => `${t.count ?? 0} ${label} (${formatBytes(t.bytes ?? 0)})`;
  return [
    part('new', files.new),
    part('updated', files.updated),
    part('deleted', files.deleted),
    part('moved', files.moved),
  ].join(', ');
}
