import { DateTime } from 'luxon';
import { viewOf } from '../../lambda/core/history-view';
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
