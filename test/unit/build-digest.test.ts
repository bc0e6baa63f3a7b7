import { DateTime } from 'luxon';
import { buildDigest, NO_EXTRAS, totalRows } from '../../lambda/core/build-digest';
import type { DigestRow } from '../../lambda/core/digest';
import type { HistoryView } from '../../lambda/core/history-view';

const WINDOW = {
  start: DateTime.fromISO('2026-11-28T07:00:00.000+01:00', { setZone: true }),
  end: DateTime.fromISO('2026-11-29T07:00:00.000+01:00', { setZone: true }),
  label: '2026-11-28',
  timeZone: 'Europe/Berlin',
};
const HEADER = {
  title: 'Backups',
  window: WINDOW,
  cbsTimeZone: 'Asia/Hong_Kong',
  generatedAt: new Date('2026-11-29T06:00:01.5Z'),
};

const row = (fields: Partial<DigestRow> & Pick<DigestRow, 'jobClass'>): DigestRow => ({
  reason: fields.jobClass,
  user: { loginName: 'alice' },
  notes: [],
  ...fields,
});
const history = (isNew: boolean): HistoryView => ({ strip: '', streak: 1, isNew });
const tally = (count?: number, bytes?: number) => ({ count, bytes });
const files = (n: number) => ({
  new: tally(n, n * 10),
  updated: tally(2 * n, 20 * n),
  deleted: tally(3 * n, 30 * n),
  moved: tally(4 * n, 40 * n),
});
/** Who each row is about, in digest order. */
const order = (rows: readonly DigestRow[]) =>
  rows.map((r) => [
    r.jobClass,
    r.user.loginName,
    r.user.owner ?? '',
    r.backupSetName ?? r.backupSetId,
    r.start,
  ]);

describe('buildDigest', () => {
  test('the header: title, label, window as ISO without milliseconds, zones, when it was made, no extras', () => {
    const digest = buildDigest(HEADER, []);

    expect(digest).toEqual({
      title: 'Backups',
      label: '2026-11-28',
      window: {
        start: '2026-11-28T07:00:00+01:00',
        end: '2026-11-29T07:00:00+01:00',
        timeZone: 'Europe/Berlin',
      },
      cbsTimeZone: 'Asia/Hong_Kong',
      rows: [],
      totals: {
        byClass: { failed: 0, missed: 0, unknown: 0, error: 0, warning: 0, running: 0, ok: 0 },
        rows: 0,
        newProblems: 0,
        files: { new: tally(0, 0), updated: tally(0, 0), deleted: tally(0, 0), moved: tally(0, 0) },
        dedupeSaving: 0,
      },
      generatedAt: '2026-11-29T06:00:01.500Z',
      notices: [],
      notScheduled: [],
      removed: [],
      remembers: false,
    });
    expect(NO_EXTRAS).toEqual({ notices: [], notScheduled: [], removed: [], remembers: false });
  });

  test('acknowledged rows leave the rows and the totals and are listed as known, worst first, sorted like rows', () => {
    const ack = (loginName: string) => ({
      target: { loginName },
      note: 'known',
      by: 'ops',
      createdAt: '2026-11-28T00:00:00Z',
      expiresAt: '2026-12-10T00:00:00Z',
    });
    const rows = [
      row({ jobClass: 'failed', user: { loginName: 'user10' } }),
      row({ jobClass: 'missed', user: { loginName: 'user2' } }),
      row({ jobClass: 'failed', user: { loginName: 'user2' } }),
      row({ jobClass: 'failed', user: { loginName: 'zoe' } }),
    ];

    const digest = buildDigest(HEADER, rows, {
      ...NO_EXTRAS,
      acknowledgements: [ack('user10'), ack('user2')],
    });

    expect(digest.known?.map((k) => [k.row.jobClass, k.row.user.loginName])).toEqual([
      ['failed', 'user2'],
      ['failed', 'user10'],
      ['missed', 'user2'],
    ]);
    expect(digest.rows.map((r) => r.user.loginName)).toEqual(['zoe']);
    expect(digest.totals.rows).toBe(1);
    expect(digest).not.toHaveProperty('acknowledgements');
    expect(buildDigest(HEADER, rows)).not.toHaveProperty('known');
  });

  test('extras are carried over as given', () => {
    const extras = {
      notices: ['history unavailable'],
      notScheduled: [{ user: { loginName: 'bob' }, backupSetId: '7' }],
      removed: [{ user: { loginName: 'carol' }, backupSetId: '8', name: 'Old' }],
      remembers: true,
    };

    expect(buildDigest(HEADER, [], extras)).toMatchObject(extras);
  });

  test('worst class first, in the order of the sections', () => {
    const classes = ['ok', 'running', 'warning', 'error', 'unknown', 'missed', 'failed'] as const;

    const digest = buildDigest(
      HEADER,
      classes.map((jobClass) => row({ jobClass })),
    );

    expect(digest.rows.map((r) => r.jobClass)).toEqual([
      'failed',
      'missed',
      'unknown',
      'error',
      'warning',
      'running',
      'ok',
    ]);
  });

  test('within a class: new problems before ongoing ones, then user, owner, set, start', () => {
    const rows = [
      row({ jobClass: 'failed', user: { loginName: 'user10' }, backupSetId: 'a' }),
      row({ jobClass: 'failed', user: { loginName: 'user2' }, backupSetId: 'a', history: history(false) }),
      row({ jobClass: 'failed', user: { loginName: 'user2' }, backupSetId: 'a' }),
      row({ jobClass: 'failed', user: { loginName: 'User1', owner: 'zed' }, backupSetName: 'b' }),
      row({ jobClass: 'failed', user: { loginName: 'user1', owner: 'amy' }, backupSetName: 'b' }),
      row({ jobClass: 'failed', user: { loginName: 'user1', owner: 'amy' }, backupSetName: 'a', start: '2' }),
      row({ jobClass: 'failed', user: { loginName: 'user1', owner: 'amy' }, backupSetName: 'a', start: '1' }),
      row({ jobClass: 'failed', user: { loginName: 'user2' }, backupSetId: 'a', history: history(true) }),
    ];

    expect(order(buildDigest(HEADER, rows).rows)).toEqual([
      ['failed', 'user1', 'amy', 'a', '1'],
      ['failed', 'user1', 'amy', 'a', '2'],
      ['failed', 'user1', 'amy', 'b', undefined],
      ['failed', 'User1', 'zed', 'b', undefined],
      // user2 before user10: numbers in names compare as numbers
      ['failed', 'user2', '', 'a', undefined],
      ['failed', 'user2', '', 'a', undefined],
      ['failed', 'user10', '', 'a', undefined],
      // ongoing last, whatever its name
      ['failed', 'user2', '', 'a', undefined],
    ]);
    const user2 = buildDigest(HEADER, rows).rows.filter((r) => r.user.loginName === 'user2');
    expect(user2.map((r) => r.history?.isNew)).toEqual([undefined, true, false]);
  });

  test('a set without a name sorts by its id; a row without either sorts first', () => {
    const rows = [
      row({ jobClass: 'ok', backupSetId: 'zeta' }),
      row({ jobClass: 'ok', backupSetName: 'Mail', backupSetId: 'aaa' }),
      row({ jobClass: 'ok' }),
    ];

    expect(buildDigest(HEADER, rows).rows.map((r) => r.backupSetName ?? r.backupSetId ?? '-')).toEqual([
      '-',
      'Mail',
      'zeta',
    ]);
  });

  test('rows without a start sort before those with one; the input is left as it was', () => {
    const rows = [
      row({ jobClass: 'ok', start: '2026-11-28T22:00:00+01:00' }),
      row({ jobClass: 'ok' }),
      row({ jobClass: 'ok', start: '2026-11-28T21:00:00+01:00' }),
    ];
    const before = [...rows];

    expect(buildDigest(HEADER, rows).rows.map((r) => r.start)).toEqual([
      undefined,
      '2026-11-28T21:00:00+01:00',
      '2026-11-28T22:00:00+01:00',
    ]);
    expect(rows).toEqual(before);
  });
});

describe('totalRows', () => {
  test('counts per class, rows, files and bytes per kind, dedupe saving added up', () => {
    const rows = [
      row({ jobClass: 'ok', files: files(1), dedupeSaving: 100 }),
      row({ jobClass: 'ok', files: files(2), dedupeSaving: 50 }),
      row({ jobClass: 'failed', files: { ...files(0), new: tally(undefined, 7) } }),
      row({ jobClass: 'error' }),
      row({ jobClass: 'missed', dedupeSaving: 25 }),
    ];

    expect(totalRows(rows)).toEqual({
      byClass: { failed: 1, missed: 1, unknown: 0, error: 1, warning: 0, running: 0, ok: 2 },
      rows: 5,
      newProblems: 0,
      files: {
        new: { count: 3, bytes: 37 },
        updated: { count: 6, bytes: 60 },
        deleted: { count: 9, bytes: 90 },
        moved: { count: 12, bytes: 120 },
      },
      dedupeSaving: 175,
    });
  });

  test('new problems: rows needing attention that were fine the last night due; not ok, warning or running ones', () => {
    const rows = [
      row({ jobClass: 'failed', history: history(true) }),
      row({ jobClass: 'missed', history: history(true) }),
      row({ jobClass: 'unknown', history: history(true) }),
      row({ jobClass: 'error', history: history(true) }),
      row({ jobClass: 'failed', history: history(false) }),
      row({ jobClass: 'failed' }),
      row({ jobClass: 'warning', history: history(true) }),
      row({ jobClass: 'running', history: history(true) }),
      row({ jobClass: 'ok', history: history(true) }),
    ];

    expect(totalRows(rows).newProblems).toBe(4);
  });
});
