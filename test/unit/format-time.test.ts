import { DateTime } from 'luxon';
import { formatTime } from '../../lambda/adapters/render/format';

/** formatTime as it was before its caches: luxon all the way, three locales per call. */
function uncached(iso: string, zone: string): string {
  const time = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  if (!time.isValid) return '–';
  const named =
    ['en-GB', 'en-US', 'en-AU']
      .map((locale) => time.toFormat('ZZZZ', { locale }))
      .find((abbreviation) => !/^(GMT|UTC)[+-]/.test(abbreviation)) ?? zone;
  return `${time.toFormat('yyyy-MM-dd HH:mm')} ${named}`;
}

/** Every `stepMinutes` over `hours` from `from`, as ISO strings with the offset of `inputZone`. */
function instants(from: string, hours: number, stepMinutes: number, inputZone: string): string[] {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const count = Math.floor((hours * 60) / stepMinutes);
  return Array.from({ length: count }, (_, i) =>
    start
      .plus({ minutes: i * stepMinutes })
      .setZone(inputZone)
      .toISO(),
  ).filter((iso): iso is string => iso !== null);
}

// Zones with DST, half- and quarter-hour offsets, a half-hour DST shift, and no abbreviation.
const ZONES = [
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Asia/Tokyo',
  'UTC',
];

describe('formatTime with its caches', () => {
  test.each(ZONES)('shows what luxon shows in %s, on the days clocks change in 2026', (zone) => {
    // arrange: odd steps land on both sides of each switch; inputs carry different offsets
    const isos = [
      ...instants('2026-03-07T18:00:00Z', 18, 23, 'UTC'), // New York, spring
      ...instants('2026-03-28T18:00:00Z', 18, 23, 'Asia/Tokyo'), // Europe, spring
      ...instants('2026-04-04T06:00:00Z', 18, 23, 'UTC'), // Lord Howe, autumn
      ...instants('2026-10-03T06:00:00Z', 18, 23, 'America/Los_Angeles'), // Lord Howe, spring
      ...instants('2026-10-24T18:00:00Z', 18, 23, 'Europe/Berlin'), // Europe, autumn
      ...instants('2026-11-01T00:00:00Z', 18, 23, 'UTC'), // New York, autumn
    ];

    // act
    const shown = isos.map((iso) => formatTime(iso, zone));

    // assert
    expect(shown).toEqual(isos.map((iso) => uncached(iso, zone)));
  });

  test('the same instant in two zones is told apart, whichever is asked first', () => {
    // arrange
    const iso = '2026-07-01T21:30:00Z';

    // act
    const berlin = formatTime(iso, 'Europe/Berlin');
    const newYork = formatTime(iso, 'America/New_York');
    const berlinAgain = formatTime(iso, 'Europe/Berlin');

    // assert
    expect([berlin, newYork, berlinAgain]).toEqual([
      '2026-07-01 23:30 CEST',
      '2026-07-01 17:30 EDT',
      '2026-07-01 23:30 CEST',
    ]);
  });

  test('the minute before and the minute of the spring switch in Berlin', () => {
    expect(formatTime('2026-03-29T00:59:00Z', 'Europe/Berlin')).toBe('2026-03-29 01:59 CET');
    expect(formatTime('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:00 CEST');
  });

  test.each([
    '2026-11-28T22:00:00.5+01:00',
    '2026-11-28T22:00:59.999-05:30',
    '2026-11-28T21:00:00+0100',
    '2026-11-28T21:00',
    '2026-02-30T10:00:00Z',
    '2026-11-28T24:00:00Z',
    '2026-13-01T10:00:00Z',
    '0050-06-01T10:00:00Z',
    '2026-11-28 21:00:00Z',
    'not a time',
  ])('reads %p as luxon reads it', (iso) => {
    // act
    const shown = formatTime(iso, 'Europe/Berlin');

    // assert
    expect(shown).toBe(uncached(iso, 'Europe/Berlin'));
  });

  test('a zone that is not one shows a dash, as luxon did', () => {
    expect(formatTime('2026-07-01T21:30:00Z', 'Not/AZone')).toBe('–');
    expect(uncached('2026-07-01T21:30:00Z', 'Not/AZone')).toBe('–');
  });
});
