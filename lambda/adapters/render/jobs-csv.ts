import type { JobClass } from '../../core/classify-job';
import type { Digest, DigestRow } from '../../core/digest';
import { CSV_BOM, csvField, csvRecord } from './csv-field';
import { oneLine } from './format';

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

/** The class of a job a later run of its set superseded (the row before it says how the set ended). */
export const SUPERSEDED = 'superseded';

/** The columns, in order. Sizes are bytes and durations seconds, for sums. */
export const CSV_HEADER: readonly string[] = [
  'class',
  'user',
  'sub_admin',
  'backup_set',
  'backup_set_id',
  'destination_id',
  'job_id',
  'status',
  'reason',
  'start',
  'end',
  'duration_s',
  'new_files',
  'new_bytes',
  'updated_files',
  'updated_bytes',
  'deleted_files',
  'deleted_bytes',
  'moved_files',
  'moved_bytes',
  'errors',
  'warnings',
  'dedupe_saving_bytes',
  'upload_bytes',
  'notes',
];

/**
 * Every row of the digest, worst first, as RFC 4180 CSV (CRLF, quoted where needed) with a BOM so
 * that Excel reads it as UTF-8. Each record is exactly one line: control characters in CBS values
 * become spaces. A text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, starting
 * with = + - @, or their full-width forms) gets a leading `'`; numbers are ours and stay numbers.
 * Times are ISO 8601 in the report time zone. Written line by line (`jobsCsvLine`), with no array
 * of every cell in between: at 50,000 jobs that array cost as much time as the rest of the render.
 */
export function jobsCsv(digest: Digest): string {
  return Buffer.concat([...jobsCsvChunks(digest.rows)]).toString('utf8');
}

/**
 * The CSV in pieces of a few dozen kilobytes, encoded as they fill: one string of every line
 * would outlive the young generation and be flattened and encoded whole (and the BOM alone would
 * make it two bytes a character), and a large CSV is zipped piece by piece, never held whole.
 */
export function* jobsCsvChunks(rows: Iterable<DigestRow>): Generator<Buffer> {
  let pending = CSV_BOM + CSV_HEADER_LINE;
  for (const row of rows) {
    pending += jobsCsvLine(row);
    // A set's runs the latest superseded follow its row, so the CSV still holds every job.
    for (const job of row.earlierJobs ?? []) pending += jobsCsvLine(job, SUPERSEDED);
    if (pending.length >= CHUNK_CHARS) {
      yield Buffer.from(pending, 'utf8');
      pending = '';
    }
  }
  yield Buffer.from(pending, 'utf8');
}

const CHUNK_CHARS = 64 * 1024;
const CSV_HEADER_LINE = csvRecord(CSV_HEADER.map(csvField));

/**
 * One row of the CSV, CRLF included, in CSV_HEADER's order: written out field by field, the
 * fastest way to the 50,000 lines of a large digest. Text from CBS is made one line; the class
 * word and the ISO times are ours.
 */
export function jobsCsvLine(r: DigestRow, classWord: string = CLASS_WORD[r.jobClass]): string {
  const f = r.files;
  return `${classWord},${text(r.user.loginName)},${text(r.user.owner)},${text(r.backupSetName)},${text(r.backupSetId)},${text(r.destinationId)},${text(r.jobId)},${text(r.status)},${text(r.reason)},${csvField(r.start)},${csvField(r.end)},${csvField(r.durationSeconds)},${csvField(f?.new.count)},${csvField(f?.new.bytes)},${csvField(f?.updated.count)},${csvField(f?.updated.bytes)},${csvField(f?.deleted.count)},${csvField(f?.deleted.bytes)},${csvField(f?.moved.count)},${csvField(f?.moved.bytes)},${csvField(r.errorEntries)},${csvField(r.warnEntries)},${csvField(r.dedupeSaving)},${csvField(r.uploadSize)},${r.notes.length === 0 ? '' : text(r.notes.join('; '))}\r\n`;
}

function text(value: string | undefined): string {
  return value === undefined || value === '' ? '' : csvField(oneLine(value));
}
