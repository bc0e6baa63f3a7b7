import { stringify } from 'csv-stringify/sync';
import type { JobClass } from '../../core/classify-job';
import type { Digest, DigestRow } from '../../core/digest';
import { oneLine } from './format';

type Cell = string | number | undefined;

/** The class as the subject line says it; `error` is an internal name. */
const CLASS_WORD: Record<JobClass, string> = {
  failed: 'failed',
  missed: 'missed',
  unknown: 'unknown',
  error: 'not checked',
  warning: 'warning',
  running: 'running',
  ok: 'ok',
};

/** Header and value of each column, in order. Sizes are bytes and durations seconds, for sums. */
const COLUMNS: readonly (readonly [string, (row: DigestRow) => Cell])[] = [
  ['class', (r) => CLASS_WORD[r.jobClass]],
  ['user', (r) => r.user.loginName],
  ['sub_admin', (r) => r.user.owner],
  ['backup_set', (r) => r.backupSetName],
  ['backup_set_id', (r) => r.backupSetId],
  ['destination_id', (r) => r.destinationId],
  ['job_id', (r) => r.jobId],
  ['status', (r) => r.status],
  ['reason', (r) => r.reason],
  ['start', (r) => r.start],
  ['end', (r) => r.end],
  ['duration_s', (r) => r.durationSeconds],
  ['new_files', (r) => r.files?.new.count],
  ['new_bytes', (r) => r.files?.new.bytes],
  ['updated_files', (r) => r.files?.updated.count],
  ['updated_bytes', (r) => r.files?.updated.bytes],
  ['deleted_files', (r) => r.files?.deleted.count],
  ['deleted_bytes', (r) => r.files?.deleted.bytes],
  ['moved_files', (r) => r.files?.moved.count],
  ['moved_bytes', (r) => r.files?.moved.bytes],
  ['errors', (r) => r.errorEntries],
  ['warnings', (r) => r.warnEntries],
  ['dedupe_saving_bytes', (r) => r.dedupeSaving],
  ['upload_bytes', (r) => r.uploadSize],
  ['notes', (r) => r.notes.join('; ')],
];

export const CSV_HEADER: readonly string[] = COLUMNS.map(([header]) => header);

/**
 * Every row of the digest, worst first, as RFC 4180 CSV (CRLF, quoted where needed) with a BOM so
 * that Excel reads it as UTF-8. Each record is exactly one line: control characters in CBS values
 * become spaces. A text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, starting
 * with = + - @, or their full-width forms) gets a leading `'`; numbers are ours and stay numbers.
 * Times are ISO 8601 in the report time zone.
 */
export function jobsCsv(digest: Digest): string {
  const records = digest.rows.map((row) => COLUMNS.map(([, value]) => cell(value(row))));
  return stringify(records, {
    header: true,
    columns: [...CSV_HEADER],
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}

function cell(value: Cell): string | number {
  if (value === undefined) return '';
  return typeof value === 'number' ? value : oneLine(value);
}
