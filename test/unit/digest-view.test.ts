import { digestView } from '../../lambda/adapters/render/digest-view';
import { buildDigest } from '../../lambda/core/build-digest';
import type { Digest, DigestRow } from '../../lambda/core/digest';
import { computeWindow } from '../../lambda/core/report-window';
import { everyKindOfRow, rowsOf } from '../support/digest-fixtures';

const CSV = 'backup-jobs-2026-11-28.csv';

function digestOf(rows: DigestRow[]): Digest {
  const window = computeWindow(
    { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    new Date('2026-11-29T06:00:00Z'),
  );
  return buildDigest(
    { title: 'Backups', window, cbsTimeZone: 'Europe/Berlin', generatedAt: new Date(0) },
    rows,
  );
}

describe('the verdict', () => {
  test.each<[string, DigestRow[], string, boolean]>([
    ['all ok', rowsOf('ok', 45), 'All 45 backup sets OK', false],
    ['one ok', rowsOf('ok', 1), 'The one backup set is OK', false],
    ['thousands ok', rowsOf('ok', 2000), 'All 2,000 backup sets OK', false],
    ['none', [], 'No backups to report', false],
    [
      'warnings and running jobs, nothing broken',
      [...rowsOf('ok', 40), ...rowsOf('warning', 3), ...rowsOf('running', 2)],
      'Nothing needs attention: 40 OK, 3 with warnings, 2 still running',
      false,
    ],
    [
      'one needing attention',
      [...rowsOf('ok', 3), ...rowsOf('missed', 1)],
      '1 of 4 backup sets needs attention',
      true,
    ],
    [
      'every kind of problem',
      [
        ...rowsOf('failed', 2),
        ...rowsOf('missed', 1),
        ...rowsOf('unknown', 1),
        ...rowsOf('error', 1),
        ...rowsOf('warning', 4),
        ...rowsOf('ok', 36),
      ],
      '5 of 45 backup sets need attention',
      true,
    ],
  ])('%s', (_name, rows, verdict, needsAttention) => {
    // act
    const view = digestView(digestOf(rows), { plain: false });

    // assert
    expect(view.verdict).toBe(verdict);
    expect(view.needsAttention).toBe(needsAttention);
  });
});

describe('the reading order', () => {
  test('counts every class that has rows, worst first, and OK always', () => {
    // act
    const view = digestView(digestOf([...rowsOf('warning', 2), ...rowsOf('failed', 1)]), { plain: false });

    // assert
    expect(view.counts.map((c) => `${c.count} ${c.label}`)).toEqual(['1 failed', '2 with warnings', '0 OK']);
  });

  test('problems, then warnings, then running jobs; OK jobs apart, grouped by user', () => {
    // act
    const view = digestView(everyKindOfRow(), { plain: false });

    // assert
    expect(view.sections.map((s) => [s.heading, s.count, s.needsAttention])).toEqual([
      ['Failed', '3', true],
      ['Missed: no backup ran', '2', true],
      ['Unknown status', '1', true],
      ['Could not be checked', '2', true],
      ['Completed with warnings', '2', false],
      ['Still running', '1', false],
    ]);
    expect(view.ok.count).toBe('9');
    expect(view.ok.users.map((u) => `${u.user}: ${u.summary}`)).toEqual([
      'alice: 1 OK, 333\u00a0MB new',
      'bob (sub-admin reseller-east): 1 OK, 370\u00a0MB new',
      'carol: 4 OK, 14.6\u00a0GB new',
      'frank (sub-admin reseller-west): 2 OK, 1.12\u00a0GB new',
      'grace: 1 OK, 629\u00a0MB new',
    ]);
    expect(view.ok.users[2]?.sets).toBe('Hourly CDP (3 jobs), VMware');
  });

  test('a failed job says who, what, when, how long, why, and what it moved', () => {
    // act
    const row = digestView(everyKindOfRow(), { plain: false }).sections[0]?.rows[0];

    // assert
    expect(row).toEqual({
      jobClass: 'failed',
      badge: 'FAILED',
      user: 'alice',
      loginName: 'alice',
      owner: '',
      backupSet: 'SQL Server',
      backupSetId: '1687755001111',
      destination: '1687755091111',
      jobId: '2026-11-28-20-54-00',
      start: '2026-11-28 20:54 CET',
      duration: '55\u00a0min',
      status: 'BS_STOP_SUCCESS_WITH_ERROR',
      reason: 'completed with errors; 12 errors; 2 items missed; 2 warnings',
      entries: '12 errors, 2 warnings',
      files: '120 new (37\u00a0MB), 40 updated (11\u00a0MB), 1 deleted (4\u00a0KB)',
      dedupeSaving: '9\u00a0MB',
      notes: [],
      jobs: '',
      history: 'last success 1 day ago (2026-11-27 20:51 CET) · new',
      strip: '✓✓✓✓✓✓✓✓✓✓✓✓✓✗',
      recovered: [],
      // No links without a snooze page, and no acknowledgement outside Known issues.
      snooze: '',
      ack: '',
    });
  });

  test('with history: last success, the strip, how many nights running, new or ongoing, recovered runs', () => {
    // prepare
    const digest = everyKindOfRow();
    const [failed] = digest.rows;
    if (!failed) throw new Error('fixture has rows');
    failed.history = {
      strip: '··✓✓✓✓✓✓✓✓✗✗✗✗',
      lastSuccess: '2026-11-24T21:00:00+01:00',
      daysSinceSuccess: 4,
      streak: 4,
      isNew: false,
    };
    failed.recovered = [{ start: '2026-11-28T01:05:00+01:00', reason: 'stopped by a system error' }];
    failed.jobs = 3;
    digest.remembers = true;

    // act
    const view = digestView(digest, { plain: true });
    const row = view.sections[0]?.rows[0];

    // assert
    expect(row?.history).toBe(
      'last success 4 days ago (2026-11-24 21:00 CET) · failed 4 nights running · ongoing',
    );
    expect(row?.strip).toBe('··✓✓✓✓✓✓✓✓✗✗✗✗');
    expect(row?.recovered).toEqual(['2026-11-28 01:05 CET: stopped by a system error']);
    expect(row?.jobs).toBe('3 jobs');
    expect(view.legend).toMatch(/^Last 14 nights, oldest first: ✓ OK · ! warnings · ✗ failed · ○ missed/);
  });

  test('a missed job shows when it was due, but no duration or files', () => {
    // act
    const missed = digestView(everyKindOfRow(), { plain: false }).sections[1]?.rows ?? [];

    // assert
    expect(missed.map((r) => [r.backupSet, r.start, r.duration, r.files])).toEqual([
      ['Exchange', '2026-11-28 22:11 CET', '', ''],
      ['Old Laptop', '', '', ''],
    ]);
  });

  test('a user that could not be checked at all reads as every backup set of that user', () => {
    // act
    const rows = digestView(everyKindOfRow(), { plain: false }).sections[3]?.rows ?? [];

    // assert
    expect(rows.map((r) => `${r.badge} ${r.user} / ${r.backupSet}`)).toEqual([
      'NOT CHECKED dave / NAS',
      'NOT CHECKED erin / every backup set',
    ]);
  });
});

describe('the preheader', () => {
  test('names the verdict and the first problems, short enough for an inbox line', () => {
    // act
    const { preheader } = digestView(everyKindOfRow(), { plain: false });

    // assert
    expect(preheader).toBe(
      '8 of 20 backup sets need attention (2 new): alice SQL Server, bob File Server, mallory <script>alert(1)</script> Payroll, bob Exchange, bob…',
    );
    expect([...preheader].length).toBeLessThanOrEqual(140);
  });

  test('is cut to 140 characters', () => {
    // prepare
    const digest = digestOf(
      rowsOf('failed', 9).map((r) => ({ ...r, backupSetName: 'A-rather-long-backup-set-name' })),
    );

    // act
    const { preheader } = digestView(digest, { plain: false });

    // assert
    // 140 at most; one less when the cut falls on a space, which is trimmed before the ellipsis.
    expect([...preheader].length).toBeGreaterThanOrEqual(139);
    expect([...preheader].length).toBeLessThanOrEqual(140);
    expect(preheader.endsWith('…')).toBe(true);
  });

  test('when all is well, it is the verdict', () => {
    // act
    const { preheader } = digestView(digestOf(rowsOf('ok', 3)), { plain: false });

    // assert
    expect(preheader).toBe('All 3 backup sets OK.');
  });
});

describe('with less detail', () => {
  test('rows past the limit are counted and pointed to the attachment, problems shown first', () => {
    // act
    const view = digestView(everyKindOfRow(), {
      plain: false,
      detail: { fullRows: 4, okUsers: 2, okSetNames: false },
      attachmentName: CSV,
    });

    // assert
    expect(view.sections.map((s) => [s.rows.length, s.more])).toEqual([
      [3, ''],
      [1, `1 more not shown here for lack of room; every job is in the attached ${CSV}.`],
      [0, `1 not shown here for lack of room; every job is in the attached ${CSV}.`],
      [0, `2 not shown here for lack of room; every job is in the attached ${CSV}.`],
      [0, `2 not shown here for lack of room; every job is in the attached ${CSV}.`],
      [0, `1 not shown here for lack of room; every job is in the attached ${CSV}.`],
    ]);
    expect(view.ok.users.map((u) => [u.user, u.sets])).toEqual([
      ['alice', ''],
      ['bob (sub-admin reseller-east)', ''],
    ]);
    expect(view.ok.more).toBe('and 3 more users: 7 OK, 16.3\u00a0GB new');
    expect(view.attachmentNote).toBe(`Every job, with its figures, is in the attached ${CSV}.`);
  });
});

describe('plain text', () => {
  test('strips CR/LF from CBS values for the text part only', () => {
    // prepare
    const digest = everyKindOfRow();

    // act
    const plain = digestView(digest, { plain: true }).ok.users.find((u) => u.user.startsWith('frank'));
    const html = digestView(digest, { plain: false }).ok.users.find((u) => u.user.startsWith('frank'));

    // assert
    expect(plain?.sets).toContain('Evil Bcc: evil@example.com');
    expect(html?.sets).toContain('Evil\r\nBcc: evil@example.com');
  });
});
