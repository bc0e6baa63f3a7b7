import { DateTime } from 'luxon';
import { viewOf } from '../../lambda/core/history-view';
import { nightsOf, type SetHistory } from '../../lambda/core/set-history';

// The strip's night labels are worked out once a night and kept: a run that judges another
// night (the CLI reporting on several dates, a warm Lambda the next night) gets that night's.
describe('viewOf over more than one night', () => {
  const history: SetHistory = {
    firstNight: '2026-11-01',
    nights: nightsOf([
      ['2026-11-26', 'failed'],
      ['2026-11-27', 'ok'],
      ['2026-11-28', 'missed'],
    ]),
    running: [],
  };
  const end = DateTime.fromISO('2026-11-29T07:00:00Z');

  test('each strip ends on its own night, whichever came first', () => {
    const strip = (tonight: string) => viewOf(history, tonight, end).strip;

    expect(strip('2026-11-28').slice(-3)).toBe('✗✓○');
    expect(strip('2026-11-27').slice(-3)).toBe('·✗✓');
    expect(strip('2026-11-28').slice(-3)).toBe('✗✓○');
    expect(strip('2026-11-29').slice(-4)).toBe('✗✓○·');
  });

  test('across a month end, fourteen nights back', () => {
    const early: SetHistory = {
      ...history,
      nights: nightsOf([
        ['2026-11-30', 'ok'],
        ['2026-12-01', 'failed'],
      ]),
    };

    expect(viewOf(early, '2026-12-01', end).strip).toBe(`${'·'.repeat(12)}✓✗`);
    expect(viewOf(early, '2026-12-13', end).strip).toBe(`✓✗${'·'.repeat(12)}`);
  });
});
