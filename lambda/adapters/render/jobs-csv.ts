import type { JobClass } from '../../core/classify-job';
import type { Digest, DigestRow } from '../../core/digest';
import { CSV_BOM, csvField, csvRecord } from './csv-field';
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
 * Times are ISO 8601 in the report time zone. Written line by line (`jobsCsvLine`), with no array
 * of every cell in between: at 50,000 jobs that array cost as much time as the rest of the render.
 */
export function jobsCsv(digest: Digest): string {
  return jobsCsvBytes(digest.rows).toString('utf8');
}

/**
 * Encoded as it goes, a few dozen kilobytes at a time: one string of every line would outlive the
 * young generation and be flattened and encoded whole (and the BOM alone would make it two bytes a
 * character), which cost more than writing the lines.
 */
export function jobsCsvBytes(rows: Iterable<DigestRow>): Buffer {
  const chunks: Buffer[] = [Buffer.from(CSV_BOM + CSV_HEADER_LINE, 'utf8')];
  let pending = '';
  for (const row of rows) {
    pending += jobsCsvLine(row);
    if (pending.length >= CHUNK_CHARS) {
      chunks.push(Buffer.from(pending, 'utf8'));
      pending = '';
    }
  }
  chunks.push(Buffer.from(pending, 'utf8'));
  return Buffer.concat(chunks);
}

const CHUNK_CHARS = 64 * 1024;
const CSV_HEADER_LINE = csvRecord(CSV_HEADER.map(csvField));

/** One row of the CSV, CRLF included. */
export function jobsCsvLine(row: DigestRow): string {
  let line = '';
  for (let i = 0; i < COLUMNS.length; i += 1) {
    const column = COLUMNS[i];
    if (i > 0) line += ',';
    if (column) line += csvField(cell(column[1](row)));
  }
  return `${line}\r\n`;
}

function cell(value: Cell): string | number | undefined {
  return typeof value === 'string' ? oneLine(value) : value;
}
