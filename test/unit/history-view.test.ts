import fc from 'fast-check';
import { DateTime } from 'luxon';
import { STRIP_LEGEND, STRIP_NIGHTS, viewOf, wholeDaysBetween } from '../../lambda/core/history-view';
import { mergeNight, NIGHTS_KEPT, type NightFacts, type SetHistory } from '../../lambda/core/set-history';

const set = { loginName: 'gina', backupSetId: '1' };
const night = (label: string, mark: NightFacts['mark'], lastSuccess?: string): NightFacts => ({
  set,
  night: label,
  mark,
  windowStart: `${label}T06:00:00Z`,
  lastSuccess,
  lastStart: lastSuccess,
  running: [],
});

/** The history of consecutive nights ending 2026-11-28, one mark each. */
function historyOf(marks: NightFacts['mark'][]): SetHistory {
  let history: SetHistory | undefined;
  const end = DateTime.fromISO('2026-11-28', { zone: 'UTC' });
  marks.forEach((mark, i) => {
    const label = end.minus({ days: marks.length - 1 - i }).toISODate() ?? '';
    history = mergeNight(history, night(label, mark, mark === 'ok' ? `${label}T21:00:00Z` : undefined));
  });
  if (!history) throw new Error('no marks');
  return history;
}

const END = DateTime.fromISO('2026-11-29T07:00:00Z');

describe('mergeNight', () => {
  test('merging the same night twice changes nothing', () => {
    const once = mergeNight(historyOf(['ok', 'failed']), night('2026-11-29', 'failed'));
    const twice = mergeNight(once, night('2026-11-29', 'failed'));
    expect(twice).toEqual(once);
  });

  test('keeps the last 30 nights and the earliest knowledge', () => {
    const history = historyOf(Array(40).fill('ok'));
    expect(Object.keys(history.nights)).toHaveLength(NIGHTS_KEPT);
    expect(history.firstNight).toBe('2026-10-20');
    expect(history.knownSince).toBe('2026-10-20T06:00:00Z');
    expect(history.lastSuccess).toBe('2026-11-28T21:00:00Z');
  });
});

describe('viewOf', () => {
  test('failing 5 nights after good ones: a streak of 5, ongoing, last success 5 days ago', () => {
    const view = viewOf(
      historyOf(['ok', 'ok', 'failed', 'failed', 'failed', 'failed', 'failed']),
      '2026-11-28',
      END,
    );

    expect(view.strip).toBe('·······✓✓✗✗✗✗✗');
    expect(view.streak).toBe(5);
    expect(view.isNew).toBe(false);
    expect(view.daysSinceSuccess).toBe(5);
  });

  test('fine last night: new; nights not due neither break a streak nor make a problem new', () => {
    expect(viewOf(historyOf(['ok', 'failed']), '2026-11-28', END).isNew).toBe(true);
    const weekend = viewOf(historyOf(['failed', 'idle', 'idle', 'failed']), '2026-11-28', END);
    expect(weekend.streak).toBe(2);
    expect(weekend.isNew).toBe(false);
    expect(weekend.strip.endsWith('✗--✗')).toBe(true);
  });

  test('no success on record: none since the first night', () => {
    const view = viewOf(historyOf(['missed', 'missed']), '2026-11-28', END);
    expect(view.lastSuccess).toBeUndefined();
    expect(view.noneSince).toBe('2026-11-27');
    expect(view.daysSinceSuccess).toBeUndefined();
  });
});

describe('viewOf: the strip', () => {
  test('every mark has its own symbol, and the legend names each one', () => {
    // In the strip's legend order, oldest night first.
    const marks = 'ok warning failed missed stuck running idle unchecked'.split(' ') as NightFacts['mark'][];

    const view = viewOf(historyOf(marks), '2026-11-28', END);

    expect(view.strip).toBe('······✓!✗○S~-?');
    for (const [symbol, meaning] of [
      ['✓', 'OK'],
      ['!', 'warnings'],
      ['✗', 'failed'],
      ['○', 'missed'],
      ['S', 'stuck'],
      ['~', 'running'],
      ['-', 'not due'],
      ['?', 'not checked'],
      ['·', 'no record'],
    ])
      expect(STRIP_LEGEND).toContain(`${symbol} ${meaning}`);
  });

  test(`shows the last ${STRIP_NIGHTS} nights up to tonight, and nothing after it`, () => {
    const history = historyOf(Array(20).fill('failed'));

    const view = viewOf(history, '2026-11-26', END);

    expect(STRIP_NIGHTS).toBe(14);
    expect(view.strip).toBe('✗'.repeat(14));
    // Viewed as of a night before the record begins, there is nothing to show.
    expect(viewOf(history, '2026-10-01', END).strip).toBe('·'.repeat(14));
  });
});

describe('viewOf: streak and new problems', () => {
  test('a streak counts back from tonight and stops at the first night that differs', () => {
    const view = viewOf(
      historyOf(['failed', 'failed', 'ok', 'missed', 'missed', 'missed']),
      '2026-11-28',
      END,
    );

    expect(view.streak).toBe(3);
    expect(view.isNew).toBe(false);
  });

  test('tonight not on record: no streak; a night not due is a streak of one that never reaches back', () => {
    const history = historyOf(['failed', 'failed']);

    expect(viewOf(history, '2026-11-29', END).streak).toBe(0);
    expect(viewOf(historyOf(['idle', 'idle', 'idle']), '2026-11-28', END).streak).toBe(1);
  });

  test.each<[NightFacts['mark'], boolean]>([
    ['failed', false],
    ['missed', false],
    ['stuck', false],
    ['unchecked', false],
    ['ok', true],
    ['warning', true],
    ['running', true],
  ])("the last night due before was %s: tonight's failure new is %s", (previous, isNew) => {
    expect(viewOf(historyOf([previous, 'idle', 'failed']), '2026-11-28', END).isNew).toBe(isNew);
  });

  test('a set with no night before tonight on record has a new problem', () => {
    expect(viewOf(historyOf(['failed']), '2026-11-28', END).isNew).toBe(true);
    // Nights after tonight (a re-run of an older night) are not "before" it.
    expect(viewOf(historyOf(['failed', 'failed']), '2026-11-27', END)).toMatchObject({
      isNew: true,
      streak: 1,
    });
  });
});

describe('viewOf: the last success', () => {
  const withSuccess = (lastSuccess: string): SetHistory => ({
    ...historyOf(['failed']),
    lastSuccess,
  });

  test('whole days since it, rounded down, and no "none since" beside it', () => {
    // 2026-11-24 07:00:01 to 2026-11-29 07:00 is a second short of 5 days.
    const view = viewOf(withSuccess('2026-11-24T07:00:01Z'), '2026-11-28', END);

    expect(view.daysSinceSuccess).toBe(4);
    expect(view.lastSuccess).toBe('2026-11-24T07:00:01Z');
    expect(view.noneSince).toBeUndefined();
  });

  test('a success after the window end (a clock ahead) is 0 days, never negative', () => {
    expect(viewOf(withSuccess('2026-11-30T07:00:00Z'), '2026-11-28', END).daysSinceSuccess).toBe(0);
  });

  test('a success on record that is not a readable time gives no day count', () => {
    const view = viewOf(withSuccess('yesterday'), '2026-11-28', END);

    expect(view.daysSinceSuccess).toBeUndefined();
    expect(view.lastSuccess).toBe('yesterday');
  });
});

describe('viewOf: nights recorded out of order', () => {
  test('a night backfilled after later ones still counts in date order', () => {
    // The store keeps nights in the order they were written: a backfill writes an older night last.
    const history: SetHistory = {
      firstNight: '2026-11-26',
      nights: { '2026-11-28': 'failed', '2026-11-27': 'failed', '2026-11-26': 'ok' },
      running: [],
    };

    const view = viewOf(history, '2026-11-28', END);

    expect(view.streak).toBe(2);
    expect(view.isNew).toBe(false);
    expect(view.strip.endsWith('✓✗✗')).toBe(true);
  });
});

describe('wholeDaysBetween: the days since a last success', () => {
  const END_MS = Date.parse('2026-11-29T06:00:00Z');

  test('whole 24-hour days, whatever the offsets; a later instant is 0 days, no instant none', () => {
    expect(wholeDaysBetween('2026-11-28T06:00:00Z', END_MS)).toBe(1);
    expect(wholeDaysBetween('2026-11-28T06:00:00.001Z', END_MS)).toBe(0);
    // The same instant as 2026-11-28T05:00:00Z, written in Berlin's winter offset.
    expect(wholeDaysBetween('2026-11-28T06:00:00.000+01:00', END_MS)).toBe(1);
    expect(wholeDaysBetween('2026-11-19T07:00:00-05:00', END_MS)).toBe(9);
    expect(wholeDaysBetween('2026-11-30T00:00:00Z', END_MS)).toBe(0);
    expect(wholeDaysBetween(undefined, END_MS)).toBeUndefined();
  });

  test('across a clock change, days are elapsed time: 23 hours over spring-forward is not yet a day', () => {
    // Berlin went from 02:00 to 03:00 on 2026-03-29: noon to noon is 23 hours.
    const end = DateTime.fromISO('2026-03-29T12:00', { zone: 'Europe/Berlin' }).toMillis();
    expect(wholeDaysBetween('2026-03-28T12:00:00+01:00', end)).toBe(0);
    expect(wholeDaysBetween('2026-03-28T11:00:00+01:00', end)).toBe(1);
  });

  test('what is not an ISO instant has no age rather than a guessed one', () => {
    for (const odd of [
      '',
      'yesterday',
      'Nov 28 2026',
      '2026-11-28',
      '2026-11-28T06:00:00',
      '2026-13-45T99:00:00Z',
    ])
      expect(wholeDaysBetween(odd, END_MS)).toBeUndefined();
  });

  test("the same as luxon's diff in days, in UTC, for any instant in any whole-hour offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: -12, max: 14 }),
        (atMs, aheadMs, offsetHours) => {
          const at = DateTime.fromMillis(atMs, { zone: `UTC${offsetHours >= 0 ? '+' : ''}${offsetHours}` });
          const iso = at.toISO() ?? '';
          const endMs = atMs + aheadMs;
          const luxon = Math.floor(
            DateTime.fromMillis(endMs, { zone: 'UTC' }).diff(DateTime.fromISO(iso, { zone: 'UTC' }), 'days')
              .days,
          );
          expect(wholeDaysBetween(iso, endMs)).toBe(luxon);
        },
      ),
    );
  });
});
