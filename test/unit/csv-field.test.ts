import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { CSV_BOM, csvField, csvRecord } from '../../lambda/adapters/render/csv-field';
import { CSV_HEADER, jobsCsv } from '../../lambda/adapters/render/jobs-csv';
import type { Digest, DigestRow } from '../../lambda/core/digest';
import { everyKindOfRow } from '../support/digest-fixtures';
import { syntheticDigest } from '../support/synthetic-digest';

// The hand-written CSV must write exactly what csv-stringify wrote with the options the
// attachment used, so the library is the oracle here (it stays a devDependency for this).
const LIBRARY_OPTIONS = { bom: true, record_delimiter: 'windows', escape_formulas: true } as const;

/** Characters that change how a field is written, mixed with ordinary and wide ones. */
const tricky = fc.constantFrom(
  '"',
  ',',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '=',
  '+',
  '-',
  '@',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
  "'",
  ' ',
  ';',
  'a',
  'Z',
  '0',
  'é',
  '✓',
  '😀',
  '\u2028',
  '\u0000',
);
const text = fc.oneof(
  fc.string({ unit: tricky, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1e21, -1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const cell = fc.oneof(text, number, fc.constant(undefined), fc.constant(''));

describe('csvField', () => {
  test('writes any record byte for byte as csv-stringify does, formula defusing included', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        const columns = cells.map((_, i) => `c${i}`);
        const library = stringify([cells], { ...LIBRARY_OPTIONS, header: true, columns });

        expect(CSV_BOM + csvRecord(columns.map(csvField)) + csvRecord(cells.map(csvField))).toBe(library);
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['=1+1', "'=1+1"],
    ['-2', "'-2"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['a\r\nb', '"a\r\nb"'],
    ['a lone LF\n', 'a lone LF\n'],
  ])('%j becomes %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  test('a negative number stays a number', () => {
    expect(csvField(-2)).toBe('-2');
  });
});

describe('jobsCsv', () => {
  /** Every column's value as the old code put it into csv-stringify's array. */
  const recordOf = (row: DigestRow) => {
    const files = row.files;
    const clean = (v: string | undefined) =>
      v === undefined ? '' : v.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
    const num = (v: number | undefined) => (v === undefined ? '' : v);
    const word = row.jobClass === 'error' ? 'not checked' : row.jobClass;
    return [
      word,
      clean(row.user.loginName),
      clean(row.user.owner),
      clean(row.backupSetName),
      clean(row.backupSetId),
      clean(row.destinationId),
      clean(row.jobId),
      clean(row.status),
      clean(row.reason),
      clean(row.start),
      clean(row.end),
      num(row.durationSeconds),
      num(files?.new.count),
      num(files?.new.bytes),
      num(files?.updated.count),
      num(files?.updated.bytes),
      num(files?.deleted.count),
      num(files?.deleted.bytes),
      num(files?.moved.count),
      num(files?.moved.bytes),
      num(row.errorEntries),
      num(row.warnEntries),
      num(row.dedupeSaving),
      num(row.uploadSize),
      clean(row.notes.join('; ')),
    ];
  };
  const viaLibrary = (digest: Digest) =>
    stringify(digest.rows.map(recordOf), { ...LIBRARY_OPTIONS, header: true, columns: [...CSV_HEADER] });

  test('is what csv-stringify wrote, for every kind of row and a large realistic digest', () => {
    for (const digest of [everyKindOfRow(), syntheticDigest(3000)])
      expect(jobsCsv(digest)).toBe(viaLibrary(digest));
  });

  test('is what csv-stringify wrote whatever CBS puts in the text fields', () => {
    const base = everyKindOfRow();
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text, text)), (values) => {
        const rows = base.rows.map((row, i) => {
          const [name, reason, status, note] = values[i % Math.max(1, values.length)] ?? ['', '', '', ''];
          return { ...row, backupSetName: name, reason, status, notes: [note, name] };
        });
        const digest = { ...base, rows };

        expect(jobsCsv(digest)).toBe(viaLibrary(digest));
      }),
      { numRuns: 300 },
    );
  });
});
