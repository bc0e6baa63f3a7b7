import { DateTime } from 'luxon';
import { CachedIanaZone } from '../../lambda/adapters/cached-zone';
import { parseCbsTime } from '../../lambda/adapters/cbs/cbs-time';

// CBS times are read in a zone that remembers its offsets; each must be the instant luxon's own
// zone gives, across DST changes (gaps, repeated hours, half-hour shifts) and all year round.
describe('parseCbsTime in a zone that remembers its offsets', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
  const pad = (n: number) => String(n).padStart(2, '0');

  test.each(zones)(
    '%s: every half hour of the DST days of 2026, and noon every day, as luxon reads them',
    (zone) => {
      const times: string[] = [];
      for (
        let day = DateTime.fromISO('2026-01-01', { zone: 'UTC' });
        day.year === 2026;
        day = day.plus({ days: 1 })
      )
        times.push(`${day.toISODate()} 12:00:00`);
      const transitions = [
        '2026-03-08',
        '2026-03-29',
        '2026-04-05',
        '2026-10-04',
        '2026-10-25',
        '2026-11-01',
      ];
      for (const date of transitions)
        for (let minutes = 0; minutes < 24 * 60; minutes += 30)
          times.push(`${date} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:17`);

      for (const raw of times) {
        const [date = '', clock = ''] = raw.split(' ');
        const [year, month, day] = date.split('-').map(Number);
        const [hour, minute, second] = clock.split(':').map(Number);
        const expected = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });

        expect([raw, parseCbsTime(raw, zone)?.toMillis()]).toEqual([raw, expected.toMillis()]);
      }
    },
  );

  test("an IANA zone is read through the remembering zone; UTC stays luxon's fixed zone, printed Z", () => {
    expect(parseCbsTime('2026-11-28 22:00:00', 'Europe/Berlin')?.zone).toBeInstanceOf(CachedIanaZone);
    expect(parseCbsTime('2026-11-28 22:00:00', 'UTC')?.toISO()).toBe('2026-11-28T22:00:00.000Z');
  });
});
