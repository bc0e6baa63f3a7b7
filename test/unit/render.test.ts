import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readJobSummary } from '../../lambda/adapters/cbs/cbs-answers';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import { subjectLine } from '../../lambda/adapters/render/subject-line';
import { TemplateError } from '../../lambda/adapters/render/template-error';
import type { JobSummary } from '../../lambda/core/backup-server';
import { buildDigest, type DigestHeader } from '../../lambda/core/build-digest';
import type { Digest, DigestRow } from '../../lambda/core/digest';
import { errorRow, jobRow, missedSetRow } from '../../lambda/core/digest-rows';
import { computeWindow } from '../../lambda/core/report-window';
import { rowsOf } from '../support/digest-fixtures';

const TEMPLATES = resolve(__dirname, '../../templates');
const BERLIN = 'Europe/Berlin';

/** The 07:00 run of 2026-11-29 reports on 2026-11-28 07:00 to 2026-11-29 07:00 (Berlin). */
function header(title = 'Backups'): DigestHeader {
  return {
    title,
    window: computeWindow(
      { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' },
      new Date('2026-11-29T06:00:00Z'),
    ),
    cbsTimeZone: BERLIN,
    generatedAt: new Date('2026-11-29T06:00:05Z'),
  };
}

/** A fresh summary per test, from the answer in Ahsay's docs, moved into the window. */
function summary(status: string, errorEntries = 0): JobSummary {
  const path = resolve(__dirname, '../fixtures/cbs/summary-reference-example.json');
  const answer = JSON.parse(readFileSync(path, 'utf8')) as { Data: Record<string, unknown> };
  return readJobSummary(
    {
      ...answer.Data,
      ID: '2026-11-28-22-00-00',
      StartTime: '2026-11-28 22:00:00',
      EndTime: '2026-11-28 23:12:00',
      BackupJobStatus: status,
      NumOfErrorEntries: errorEntries,
      NumOfNewFiles: 3,
      TotalNewFilesSize: 1536,
    },
    BERLIN,
  );
}

function job(loginName: string, backupSetName: string, status: string, errorEntries = 0): DigestRow {
  return jobRow(
    { user: { loginName }, backupSetId: '1687755057644', backupSetName, jobId: '2026-11-28-22-00-00' },
    undefined,
    summary(status, errorEntries),
    undefined,
    BERLIN,
  );
}

function digestOf(rows: DigestRow[], title?: string): Digest {
  return buildDigest(header(title), rows);
}

function h2Headings(html: string): string[] {
  return [...html.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1] ?? '');
}

/** A text heading is the line above a rule of dashes (the rule before the footer has a blank above it). */
function textHeadings(text: string): string[] {
  const lines = text.split('\n');
  return lines.filter((line, i) => line !== '' && /^-{80}$/.test(lines[i + 1] ?? ''));
}

describe('subject line', () => {
  test('counts each class, worst first, ok last', () => {
    // prepare
    const digest = digestOf([
      ...rowsOf('ok', 41),
      ...rowsOf('warning', 2),
      ...rowsOf('failed', 3),
      missedSetRow({ loginName: 'carol' }, '1687755057644', 'File server', undefined),
    ]);

    // act
    const subject = subjectLine(digest);

    // assert
    expect(subject).toBe('Backups 2026-11-28: 3 failed, 1 missed, 2 warnings, 41 ok');
  });

  test('leaves out zero counts but always shows ok', () => {
    // act
    const allOk = subjectLine(digestOf(rowsOf('ok', 5)));
    const empty = subjectLine(digestOf([]));
    const oneFailed = subjectLine(digestOf(rowsOf('failed', 1)));

    // assert
    expect(allOk).toBe('Backups 2026-11-28: 5 ok');
    expect(empty).toBe('Backups 2026-11-28: 0 ok');
    expect(oneFailed).toBe('Backups 2026-11-28: 1 failed, 0 ok');
  });

  test('names the other classes in words', () => {
    // prepare
    const digest = digestOf([
      ...rowsOf('running', 1),
      ...rowsOf('error', 2),
      ...rowsOf('warning', 1),
      ...rowsOf('unknown', 1),
    ]);

    // act
    const subject = subjectLine(digest);

    // assert
    expect(subject).toBe('Backups 2026-11-28: 1 unknown, 2 not checked, 1 warning, 1 running, 0 ok');
  });

  test('a title holding CR/LF cannot add a header', () => {
    // prepare
    const digest = digestOf(rowsOf('ok', 1), 'Backups\r\nBcc: evil@example.com');

    // act
    const subject = subjectLine(digest);

    // assert
    expect(subject).toBe('Backups Bcc: evil@example.com 2026-11-28: 1 ok');
  });
});

describe('buildDigest', () => {
  test('orders rows worst first, then by user, and adds them up', () => {
    // prepare
    const rows = [
      job('zoe', 'Laptop', 'BS_STOP_SUCCESS'),
      job('bob', 'Server', 'BS_STOP_SUCCESS_WITH_WARNING'),
      errorRow({ loginName: 'dave' }, 'listing jobs', new Error('timeout')),
      job('alice', 'Laptop', 'BS_STOP_SUCCESS'),
      job('yann', 'NAS', 'BS_STOP_SUCCESS', 2),
    ];

    // act
    const digest = buildDigest(header(), rows);

    // assert
    expect(digest.rows.map((r) => [r.jobClass, r.user.loginName])).toEqual([
      ['failed', 'yann'],
      ['error', 'dave'],
      ['warning', 'bob'],
      ['ok', 'alice'],
      ['ok', 'zoe'],
    ]);
    expect(digest.totals.rows).toBe(5);
    expect(digest.totals.byClass).toEqual({
      failed: 1,
      missed: 0,
      unknown: 0,
      error: 1,
      warning: 1,
      running: 0,
      ok: 2,
    });
    expect(digest.totals.files.new).toEqual({ count: 12, bytes: 6144 });
    expect(digest.window).toEqual({
      start: '2026-11-28T07:00:00+01:00',
      end: '2026-11-29T07:00:00+01:00',
      timeZone: BERLIN,
    });
  });

  test('does not reorder the rows it was given', () => {
    // prepare
    const rows = [...rowsOf('ok', 1), ...rowsOf('failed', 1)];

    // act
    buildDigest(header(), rows);

    // assert
    expect(rows.map((r) => r.jobClass)).toEqual(['ok', 'failed']);
  });
});

describe('HandlebarsRenderer', () => {
  const renderer = HandlebarsRenderer.fromDirectory(TEMPLATES);
  const hostileName = '<script>alert(1)</script> & "x"';

  test('escapes a set name in the HTML part', () => {
    // prepare
    const digest = digestOf([job('alice', hostileName, 'BS_STOP_BY_SYSTEM_ERROR')]);

    // act
    const { html } = renderer.render(digest);

    // assert
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
  });

  test('escapes a login name and a reason in the HTML part', () => {
    // prepare
    const digest = digestOf([
      errorRow({ loginName: '<b>mallory</b>' }, 'listing jobs', new Error('<img src=x>')),
    ]);

    // act
    const { html } = renderer.render(digest);

    // assert
    expect(html).not.toMatch(/<b>mallory|<img/);
    expect(html).toContain('&lt;b&gt;mallory&lt;/b&gt;');
    expect(html).toContain('listing jobs: &lt;img src&#x3D;x&gt;');
  });

  test('a set name holding CR/LF stays on one line of the text part', () => {
    // prepare
    const digest = digestOf([job('bob', 'Evil\r\nBcc: evil@example.com', 'BS_STOP_SUCCESS_WITH_ERROR', 1)]);

    // act
    const { text, subject } = renderer.render(digest);

    // assert
    expect(text).not.toContain('\r');
    expect(text.split('\n')).toContain('* bob / Evil Bcc: evil@example.com');
    expect(text).not.toMatch(/^Bcc:/m);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  test('the text part is not HTML-escaped', () => {
    // prepare
    const digest = digestOf([job('alice', 'Tom & Jerry "docs"', 'BS_STOP_SUCCESS_WITH_ERROR', 1)]);

    // act
    const { text } = renderer.render(digest);

    // assert
    expect(text).toContain('alice / Tom & Jerry "docs"');
  });

  test('shows a section only for classes that have rows', () => {
    // prepare
    const digest = digestOf([
      job('alice', 'Laptop', 'BS_STOP_SUCCESS'),
      missedSetRow({ loginName: 'carol' }, '1687755057644', 'File server', '1687755083984'),
    ]);

    // act
    const { html, text } = renderer.render(digest);

    // assert
    expect(h2Headings(html)).toEqual(['Missed: no backup ran (1)', 'OK (1), by user']);
    expect(textHeadings(text)).toEqual(['Missed: no backup ran (1)', 'OK (1), by user']);
  });

  test('a digest without rows has no sections', () => {
    // act
    const { html, text, subject } = renderer.render(digestOf([]));

    // assert
    expect(h2Headings(html)).toEqual([]);
    expect(textHeadings(text)).toEqual([]);
    expect(text.split('\n')[0]).toBe('No backups to report');
    expect(subject).toBe('Backups 2026-11-28: 0 ok');
  });

  test('a job row shows reason, status, start, duration, files and dedupe saving in the text part', () => {
    // prepare
    const digest = digestOf([job('alice', 'Laptop', 'BS_STOP_SUCCESS_WITH_ERROR', 2)]);

    // act
    const { text } = renderer.render(digest);

    // assert
    expect(text).toContain(
      [
        '* alice / Laptop',
        '  FAILED: completed with errors; 2 errors',
        '  Status BS_STOP_SUCCESS_WITH_ERROR',
        '  Started 2026-11-28 22:00 CET · 1 h 12 min',
        '  Files: 3 new (1.5 KB), 1 updated (726 bytes)',
      ]
        .join('\n')
        .replace(/(\d) (KB|MB|bytes|h|min)\b/g, '$1\u00a0$2'),
    );
  });

  test('attaches every job as CSV and names the file in both parts', () => {
    // prepare
    const digest = digestOf([job('alice', 'Laptop', 'BS_STOP_SUCCESS'), ...rowsOf('failed', 2)]);

    // act
    const { html, text, attachments } = renderer.render(digest);

    // assert
    expect(attachments?.map((a) => [a.filename, a.contentType])).toEqual([
      ['backup-jobs-2026-11-28.csv', 'text/csv; charset=utf-8'],
    ]);
    expect(
      Buffer.from(attachments?.[0]?.content ?? [])
        .toString('utf8')
        .trim()
        .split('\r\n'),
    ).toHaveLength(4);
    expect(html).toContain('Every job, with its figures, is in the attached backup-jobs-2026-11-28.csv.');
    expect(text).toContain('Every job, with its figures, is in the attached backup-jobs-2026-11-28.csv.');
  });

  test('inlines the CSS: every styled element carries its style, and no stylesheet rule is left but media queries', () => {
    // prepare
    const digest = digestOf([job('alice', 'Laptop', 'BS_STOP_SUCCESS_WITH_ERROR', 2)]);

    // act
    const { html } = renderer.render(digest);

    // assert
    expect(html).toMatch(/<td class="row" style="[^"]*padding/);
    const stylesheet = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '').join('');
    expect(stylesheet.replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '').trim()).toBe('');
    expect(stylesheet).toContain('prefers-color-scheme: dark');
  });
});

describe('HandlebarsRenderer.fromDirectory with a bad template folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backup-digest-templates-'));
    cpSync(TEMPLATES, dir, { recursive: true });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a template that does not compile throws TemplateError naming the file', () => {
    // prepare
    const path = join(dir, 'digest.html.hbs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('{{#each counts}}', '{{#each}'));

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(`template ${path} does not compile`);
  });

  test('a partial that does not compile fails at start-up, naming the partial', () => {
    // prepare
    const path = join(dir, 'partials', 'row-html.hbs');
    writeFileSync(path, `${readFileSync(path, 'utf8')}{{#if}`);

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(`template ${path} does not compile`);
  });

  test('a folder without the partials the templates use fails at start-up, not mid-run', () => {
    // prepare
    rmSync(join(dir, 'partials'), { recursive: true });

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(/digest\.html\.hbs failed: .*row-html/);
  });

  test('a template naming a field the view does not have fails at start-up', () => {
    // prepare
    const path = join(dir, 'digest.txt.hbs');
    writeFileSync(path, `${readFileSync(path, 'utf8')}{{nosuchfield}}`);

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(/digest\.txt\.hbs failed: "nosuchfield" not defined/);
  });

  test('a template printing a CBS value unescaped is refused at start-up', () => {
    // prepare
    const path = join(dir, 'partials', 'row-html.hbs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('<b>{{backupSet}}</b>', '<b>{{{backupSet}}}</b>'));

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(`template ${join(dir, 'digest.html.hbs')} prints a value unescaped`);
  });

  test.each(['backupSetId', 'jobId', 'loginName', 'owner', 'destination', 'status', 'reason', 'user'])(
    'a row partial printing {{{%s}}} unescaped is refused at start-up',
    (field) => {
      // prepare: CBS sends any text in ids too; the sample must carry markup in every row field.
      const path = join(dir, 'partials', 'row-html.hbs');
      writeFileSync(path, `${readFileSync(path, 'utf8')}<i>{{{${field}}}}</i>`);

      // act
      const act = () => HandlebarsRenderer.fromDirectory(dir);

      // assert
      expect(act).toThrow(TemplateError);
      expect(act).toThrow(`template ${join(dir, 'digest.html.hbs')} prints a value unescaped`);
    },
  );

  test('a misspelt field in a branch only a long digest takes fails at start-up too', () => {
    // prepare
    const path = join(dir, 'digest.txt.hbs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('{{wrap ok.more}}', '{{wrap ok.mroe}}'));

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(`template ${path} failed: {{wrap}} was given a field that does not exist`);
  });

  test('a misspelt field in the part about the attachment fails at start-up', () => {
    // prepare
    const path = join(dir, 'digest.html.hbs');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('<p>{{attachmentNote}}</p>', '<p>{{attachmentNotes}}</p>'),
    );

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(/digest\.html\.hbs failed: "attachmentNotes" not defined/);
  });

  test('a missing template throws TemplateError naming the file', () => {
    // prepare
    const path = join(dir, 'digest.txt.hbs');
    rmSync(path);

    // act
    const act = () => HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(`cannot read template ${path}`);
  });

  test('an untouched copy of the folder loads', () => {
    // act
    const renderer = HandlebarsRenderer.fromDirectory(dir);

    // assert
    expect(renderer.render(digestOf(rowsOf('ok', 1))).subject).toBe('Backups 2026-11-28: 1 ok');
  });
});
