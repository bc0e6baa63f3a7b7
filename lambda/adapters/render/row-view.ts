import type { FileTally } from '../../core/backup-server';
import type { DigestRow, JobFiles } from '../../core/digest';
import { BADGE } from './class-words';
import { countOf, formatBytes, formatCount, formatDuration, formatTime } from './format';
import type { RowView } from './view-model';

/**
 * Shapes one row for the templates; `clean` makes CBS values safe for plain text. `generatedAt`
 * (ISO) tells how long a running job has been going.
 */
export function rowView(
  row: DigestRow,
  zone: string,
  clean: (s: string) => string,
  generatedAt?: string,
): RowView {
  const entries = [
    row.errorEntries ? countOf(row.errorEntries, 'error') : '',
    row.warnEntries ? countOf(row.warnEntries, 'warning') : '',
  ].filter((s) => s !== '');
  const { loginName, owner } = row.user;
  return {
    jobClass: row.jobClass,
    badge: BADGE[row.jobClass],
    user: clean(displayUser(loginName, owner)),
    loginName: clean(loginName),
    owner: clean(owner ?? ''),
    backupSet: clean(row.backupSetName ?? row.backupSetId ?? 'every backup set'),
    backupSetId: clean(row.backupSetId ?? ''),
    destination: clean(row.destinationName ?? row.destinationId ?? ''),
    jobId: clean(row.jobId ?? ''),
    start: row.start ? formatTime(row.start, zone) : '',
    duration: duration(row, generatedAt),
    status: clean(row.status ?? ''),
    reason: clean(row.reason),
    entries: entries.join(', '),
    // A missed job moved no files and took no time: CBS's zeros would only be noise.
    files: row.files && row.jobClass !== 'missed' ? describeFiles(row.files) : '',
    dedupeSaving: row.dedupeSaving ? formatBytes(row.dedupeSaving) : '',
    notes: row.notes.map(clean),
    jobs: row.jobs !== undefined && row.jobs > 1 ? countOf(row.jobs, 'job') : '',
    history: historyLine(row, zone),
    strip: row.history?.strip ?? '',
    recovered: (row.recovered ?? []).map((run) =>
      clean(`${run.start ? formatTime(run.start, zone) : 'earlier'}: ${run.reason}`),
    ),
    snooze: '',
    ack: '',
  };
}

/** What the row's past says, in words: last success, how long it has been so, new or ongoing. */
function historyLine(row: DigestRow, zone: string): string {
  const h = row.history;
  if (!h) return '';
  const parts: string[] = [];
  if (h.lastSuccess) {
    const days = h.daysSinceSuccess ?? 0;
    const ago = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${formatCount(days)} days ago`;
    parts.push(`last success ${ago} (${formatTime(h.lastSuccess, zone)})`);
  } else if (h.noneSince) {
    parts.push(`no success on record since ${h.noneSince}`);
  }
  const problem = row.jobClass === 'failed' || row.jobClass === 'missed';
  if (problem && h.streak > 1) {
    const what = row.stuck ? 'stuck' : row.jobClass === 'failed' ? 'failed' : 'missed';
    parts.push(`${what} ${formatCount(h.streak)} nights running`);
  }
  if (problem || row.jobClass === 'unknown' || row.jobClass === 'error' || row.jobClass === 'warning')
    parts.push(h.isNew ? 'new' : 'ongoing');
  return parts.join(' · ');
}

export function displayUser(loginName: string, owner: string | undefined): string {
  return owner ? `${loginName} (sub-admin ${owner})` : loginName;
}

function duration(row: DigestRow, generatedAt: string | undefined): string {
  if (row.jobClass === 'running') {
    const ran =
      row.start && generatedAt ? (Date.parse(generatedAt) - Date.parse(row.start)) / 1000 : Number.NaN;
    return ran >= 0 ? `running for ${formatDuration(ran)}` : 'still running';
  }
  if (row.jobClass === 'missed') return '';
  return row.durationSeconds === undefined ? '' : formatDuration(row.durationSeconds);
}

/** `3 new (1.5 KB), 1 updated (726 bytes)`: groups with no files are left out. */
export function describeFiles(files: JobFiles): string {
  const parts = (
    [
      ['new', files.new],
      ['updated', files.updated],
      ['deleted', files.deleted],
      ['moved', files.moved],
    ] as const
  )
    .filter(([, tally]) => (tally.count ?? 0) > 0 || (tally.bytes ?? 0) > 0)
    .map(([label, tally]: readonly [string, FileTally]) => {
      return `${formatCount(tally.count ?? 0)} ${label} (${formatBytes(tally.bytes ?? 0)})`;
    });
  return parts.length === 0 ? 'no files changed' : parts.join(', ');
}
