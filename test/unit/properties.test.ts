import { resolve } from 'node:path';
import fc from 'fast-check';
import { readBackupSets, readJobListing, readJobSummary } from '../../lambda/adapters/cbs/cbs-answers';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import type { JobSummary } from '../../lambda/core/backup-server';
import { buildDigest } from '../../lambda/core/build-digest';
import { CLASS_ORDER } from '../../lambda/core/classify-job';
import type { DigestRow } from '../../lambda/core/digest';
import { computeWindow } from '../../lambda/core/report-window';

// Bounded so the whole file runs in a few seconds; fast-check prints the seed of any failure.
const RUNS = { numRuns: 200 };
// A render costs ~10 ms (time zone names are looked up per call) and each run holds up to six rows
// of hostile strings, so fewer runs still try over a thousand values per property.
// No shrinking for renders: shrinking a 5,000-character counterexample re-renders it thousands of
// times (minutes on CI); the seed fast-check prints reproduces the failure as it was found.
const RENDER_RUNS = { numRuns: 50, endOnFailure: true };

/** The message the readers give a `Data` of the wrong shape; any other TypeError would be a bug. */
const WRONG_SHAPE = /^Data is (null|missing|an array|an object|a \w+), expected /;

/** Every count and size a summary carries. */
function summaryNumbers(summary: JobSummary): (number | undefined)[] {
  const files = [summary.newFiles, summary.updatedFiles, summary.deletedFiles, summary.movedFiles];
  return [
    summary.warnEntries,
    summary.errorEntries,
    summary.missedDatabases,
    summary.missedVirtualMachines,
    summary.missedPublicFolders,
    summary.dedupeSaving,
    ...files.flatMap((tally) => [tally.count, tally.bytes]),
  ];
}

const finiteOrUndefined = (value: number | undefined) => value === undefined || Number.isFinite(value);

/** Calls `read` and returns what it threw, or undefined. */
function thrownBy(read: () => unknown): unknown {
  try {
    read();
    return undefined;
  } catch (error) {
    return error;
  }
}

const SUMMARY_FIELDS = [
  'ID',
  'BackupJobStatus',
  'StartTime',
  'EndTime',
  'NumOfWarnEntries',
  'NumOfErrorEntries',
  'NumOfNewFiles',
  'TotalNewFilesSize',
  'NumOfUpdatedFiles',
  'TotalUpdatedFilesSize',
  'NumOfDeletedFiles',
  'TotalDeletedFilesSize',
  'NumOfMovedFiles',
  'TotalMovedFilesSize',
  'MissedDatabase',
  'MissedVirtualMachine',
  'MissedPublicFolder',
  'DedupeSaving',
];
const JOB_FIELDS = [
  'ID',
  'LoginName',
  'Owner',
  'BackupSetID',
  'BackupSetName',
  'DestinationID',
  'BackupJobStatus',
];

/**
 * A numeric string as the readers accept it (`/^\s*-?\d+(\.\d+)?\s*$/`), up to 300 digits: longer
 * ones overflow to Infinity, the known bug pinned below.
 */
const numericText = fc
  .tuple(
    fc.constantFrom('', ' ', '\t'),
    fc.constantFrom('', '-'),
    // size 'max': by default fast-check keeps strings to a dozen characters, never near an overflow.
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 400, size: 'max' }),
    fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 })),
  )
  .map(
    ([space, sign, whole, fraction]) =>
      `${space}${sign}${whole}${fraction === null ? '' : `.${fraction}`}${space}`,
  );

/** What a field of a CBS record might hold: anything JSON or JavaScript can, and numbers in every guise. */
const fieldValue = fc.oneof(
  fc.anything({
    withBoxedValues: true,
    withNullPrototype: true,
    withDate: true,
    withMap: true,
    withSet: true,
  }),
  fc.double(),
  numericText,
  fc.string({ unit: 'binary' }),
);

/** An object with the fields a reader looks at, each maybe missing, plus arbitrary others. */
function recordOf(fields: readonly string[]) {
  return fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((field) => [field, fieldValue])), { requiredKeys: [] }),
      fc.dictionary(fc.string(), fieldValue, { maxKeys: 4 }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));
}

describe('CBS answer readers on any input', () => {
  test('readJobListing throws only its TypeError, and only for a Data that is neither an array nor quiet', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const error = thrownBy(() => readJobListing(data, 'UTC'));

        // A quiet date comes with no Data, null or "": an empty listing (shared/reference).
        const quiet = data === null || data === '';
        expect(error === undefined).toBe(Array.isArray(data) || quiet);
        if (error !== undefined) {
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(WRONG_SHAPE);
        }
      }),
      RUNS,
    );
  });

  test('readJobListing accounts for every entry, with trimmed ids and finite sizes', () => {
    const entry = fc.oneof(recordOf([...JOB_FIELDS, 'UploadSize', 'StartTime', 'EndTime']), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (data) => {
        const listing = readJobListing(data, 'UTC');

        expect(listing.jobs.length + listing.unreadable.length).toBe(data.length);
        for (const job of listing.jobs) {
          expect(job.jobId).not.toBe('');
          expect(job.jobId).toBe(job.jobId.trim());
          expect(job.backupSetId).not.toBe('');
          expect(finiteOrUndefined(job.uploadSize)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test('readJobSummary throws only its TypeError, and only for a Data that is not an object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const error = thrownBy(() => readJobSummary(data, 'UTC'));
        const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);

        expect(error === undefined).toBe(isObject);
        if (error !== undefined) {
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(WRONG_SHAPE);
        }
      }),
      RUNS,
    );
  });

  test('readJobSummary never throws on an object, whatever its fields hold, and its numbers are finite', () => {
    fc.assert(
      fc.property(recordOf(SUMMARY_FIELDS), (data) => {
        const summary = readJobSummary(data, 'UTC');

        expect(summaryNumbers(summary).every(finiteOrUndefined)).toBe(true);
        expect(typeof summary.status).toBe('string');
        expect(summary.status).toBe(summary.status.trim());
      }),
      RUNS,
    );
  });

  test('readBackupSets throws only its TypeError, and only for a Data that is neither an array nor quiet', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const error = thrownBy(() => readBackupSets(data));

        expect(error === undefined).toBe(Array.isArray(data) || data === null || data === '');
        if (error !== undefined) {
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(WRONG_SHAPE);
        }
      }),
      RUNS,
    );
  });

  test('readBackupSets keeps only sets with an id, each with a trimmed id and a name', () => {
    const entry = fc.oneof(recordOf(['ID', 'Name', 'Type']), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (data) => {
        const sets = readBackupSets(data);

        expect(sets.length).toBeLessThanOrEqual(data.length);
        for (const set of sets) {
          expect(set.id).not.toBe('');
          expect(set.id).toBe(set.id.trim());
          expect(set.name.trim()).not.toBe('');
        }
      }),
      RUNS,
    );
  });

  // Found by this property: 309 digits and more once read as Infinity.
  test.each([
    [
      'a summary count',
      () => readJobSummary({ NumOfErrorEntries: `5${'0'.repeat(308)}` }, 'UTC').errorEntries,
    ],
    [
      'a listing UploadSize',
      () =>
        readJobListing([{ ID: 0, BackupSetID: '0', UploadSize: `8${'0'.repeat(308)}` }], 'UTC').jobs[0]
          ?.uploadSize,
    ],
  ])('%s of 309 digits reads as nothing, not Infinity', (_name, read) => {
    expect(read()).toBeUndefined();
  });
});

describe('the rendered digest on any names', () => {
  const renderer = HandlebarsRenderer.fromDirectory(resolve(__dirname, '../../templates'));
  const window = computeWindow(
    { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    new Date('2026-11-29T06:00:00Z'),
  );
  const header = (title: string) => ({
    title,
    window,
    cbsTimeZone: 'Europe/Berlin',
    generatedAt: new Date('2026-11-29T06:00:05Z'),
  });

  /** Characters that break markup, headers or lines, and the odd ones in between. */
  const hostile = fc.string({
    unit: fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", '`', '=', '\r', '\n', '\r\n', '\t', '\0', '\v', '\f'),
      fc.constantFrom('\u0085', '\u2028', '\u2029', '\u200b', '\ufeff', '\ud800', '{{', '}}', '&lt;', '\\'),
      fc.constantFrom('<script>', '</script>', '<x-evil', 'javascript:', '<!--', ']]>'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 40,
  });
  const long = fc.string({ unit: 'binary', minLength: 2000, maxLength: 5000 });
  const text = fc.oneof({ weight: 6, arbitrary: hostile }, { weight: 1, arbitrary: long });
  const count = fc.option(fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true })), { nil: undefined });

  const row: fc.Arbitrary<DigestRow> = fc.record({
    jobClass: fc.constantFrom(...CLASS_ORDER),
    reason: text,
    user: fc.record({ loginName: text, owner: fc.option(text, { nil: undefined }) }),
    backupSetId: fc.option(text, { nil: undefined }),
    backupSetName: fc.option(text, { nil: undefined }),
    destinationId: fc.option(text, { nil: undefined }),
    jobId: fc.option(text, { nil: undefined }),
    status: fc.option(text, { nil: undefined }),
    start: fc.option(fc.constantFrom('2026-11-28T22:00:00+01:00', 'not a time'), { nil: undefined }),
    durationSeconds: count,
    files: fc.option(
      fc.record({
        new: fc.record({ count, bytes: count }),
        updated: fc.record({ count, bytes: count }),
        deleted: fc.record({ count, bytes: count }),
        moved: fc.record({ count, bytes: count }),
      }),
      { nil: undefined },
    ),
    errorEntries: count,
    warnEntries: count,
    dedupeSaving: count,
    notes: fc.array(text, { maxLength: 3 }),
  });
  const rows = fc.array(row, { minLength: 1, maxLength: 6 });
  /**
   * The digest's title is the config's `report.title` (or an audience's), at most 80 characters
   * (lambda/config/schema.ts), hostile or not; names from CBS have no such limit. A 5,000-character
   * title, three times in the HTML, left no room for a single row and named no user.
   */
  const titles = text.map((s) => s.slice(0, 80));

  /** Every string a row holds that a reader of the digest could be shown. */
  const replaceInRow = (r: DigestRow, swap: (s: string) => string): DigestRow => ({
    ...r,
    reason: swap(r.reason),
    user: {
      loginName: swap(r.user.loginName),
      owner: r.user.owner === undefined ? undefined : swap(r.user.owner),
    },
    backupSetId: r.backupSetId === undefined ? undefined : swap(r.backupSetId),
    backupSetName: r.backupSetName === undefined ? undefined : swap(r.backupSetName),
    destinationId: r.destinationId === undefined ? undefined : swap(r.destinationId),
    jobId: r.jobId === undefined ? undefined : swap(r.jobId),
    status: r.status === undefined ? undefined : swap(r.status),
    notes: r.notes.map(swap),
  });
  /**
   * A "<" that opens none of the tags the templates write: one that came from the data. Comparing
   * against the same digest with the data's "<" replaced would not do: the HTML's size budget then
   * cuts detail at other points, and the markup differs for that reason alone.
   */
  const TEMPLATE_TAG =
    /<(?:!DOCTYPE html>|!--\[if mso\]>|!\[endif\]-->|\/?(?:html|head|meta|title|style|body|table|tr|td|p|br|span|b|h[1-6]|strong|div)[\s>/])/gi;
  const strayLessThans = (html: string) => html.replace(TEMPLATE_TAG, '').split('<').length - 1;

  test('never throws, and no "<" of the data reaches the HTML', () => {
    fc.assert(
      fc.property(rows, titles, (data, title) => {
        const html = renderer.render(buildDigest(header(title), data)).html;

        expect(strayLessThans(html)).toBe(0);
      }),
      RENDER_RUNS,
    );
  });

  test('shows a name holding markup escaped, never raw', () => {
    const marked = fc
      .tuple(hostile, hostile)
      .map(([before, after]) => `${before}<x-evil onload=alert(1)>${after}`);
    fc.assert(
      fc.property(rows, marked, (data, loginName) => {
        const [first, ...others] = data as [DigestRow, ...DigestRow[]];
        // Short values elsewhere keep the digest within its size budget, so no row is summarised
        // away; the marked row is a failure, which a digest always shows in full.
        const clean = (s: string) => s.replaceAll('<x-evil', '').slice(0, 200);
        const digest = buildDigest(header('Backups'), [
          { ...replaceInRow(first, clean), jobClass: 'failed', user: { loginName } },
          ...others.map((r) => replaceInRow(r, clean)),
        ]);

        const { html } = renderer.render(digest);

        expect(html).not.toContain('<x-evil');
        expect(html).toContain('&lt;x-evil');
      }),
      RENDER_RUNS,
    );
  });

  test('a name in the text part never starts a line of its own, and the subject stays one line', () => {
    // The text part wraps long values at 80 columns onto indented continuation lines; what a CR/LF
    // inside a value must never do is start a fresh, unindented line the reader would take for the
    // digest's own. Brackets mark each value so its span can be found; the generator never makes them.
    const unbracket = (s: string) => s.replace(/[⟦⟧]/g, '');
    const ODD_BREAK = /[\r\v\f\u0085\u2028\u2029]/;
    fc.assert(
      fc.property(rows, titles, (data, title) => {
        let n = 0;
        const bracketed = data.map((r) => replaceInRow(r, (s) => `⟦${++n}⟧${unbracket(s)}⟦/${n}⟧`));

        const { text: plain, subject } = renderer.render(buildDigest(header(title), bracketed));

        expect(plain).not.toMatch(ODD_BREAK);
        // Undo the wrapping (a break followed by the continuation's indent): what is left of a
        // line break inside a value would be one the value itself made.
        // A long token may be split anywhere, even inside a marker, so markers are found with
        // optional spaces between their characters.
        const unwrapped = plain.replace(/ ?\n +/g, ' ');
        const marker = (m: string) => new RegExp([...m].map((c) => c.replace(/[/]/g, '\\/')).join(' ?'), 'u');
        let shown = 0;
        for (let i = 1; i <= n; i++) {
          const open = marker(`⟦${i}⟧`).exec(unwrapped);
          if (!open) continue;
          shown++;
          const rest = unwrapped.slice(open.index);
          const close = marker(`⟦/${i}⟧`).exec(rest);
          expect(close).not.toBeNull();
          expect(rest.slice(0, close?.index)).not.toContain('\n');
        }
        // Every row shows at least its user.
        expect(shown).toBeGreaterThanOrEqual(data.length);
        expect(subject).not.toMatch(/[\r\n]/);
      }),
      RENDER_RUNS,
    );
  });
});
