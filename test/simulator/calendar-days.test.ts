import fc from 'fast-check';
import { DateTime } from 'luxon';
import { calendarDaysBetween } from '../../simulator/job-generator';

test("whole calendar days between two dates, as luxon's diff of their starts of day says, in any zone", () => {
  // Zones that shift at midnight (Sao Paulo until 2019), by half an hour (Lord Howe), that skipped a
  // whole date (Apia, 2011-12-30), and the two ends of the offsets.
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Pacific/Apia',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
  ];
  const instant = fc.integer({
    min: Date.parse('0001-01-01T00:00:00Z'),
    max: Date.parse('9999-12-31T00:00:00Z'),
  });
  fc.assert(
    fc.property(instant, fc.integer({ min: -400, max: 400 }), fc.constantFrom(...zones), (ms, days, zone) => {
      const now = DateTime.fromMillis(ms, { zone });
      const day = now.minus({ days, hours: days % 7 }).startOf('day');
      const luxon = Math.round(now.startOf('day').diff(day.startOf('day'), 'days').days);
      expect(calendarDaysBetween(day, now)).toBe(luxon);
    }),
    { numRuns: 3000 },
  );
});

test('the dates around the day Apia skipped', () => {
  const zone = 'Pacific/Apia';
  const before = DateTime.fromObject({ year: 2011, month: 12, day: 29 }, { zone });
  const after = DateTime.fromObject({ year: 2011, month: 12, day: 31, hour: 9 }, { zone });
  expect(calendarDaysBetween(before, after)).toBe(2);
  expect(calendarDaysBetween(after, before)).toBe(-2);
});
