import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseCbsTime } from '../../lambda/adapters/cbs/cbs-time';
import {
  cbsDatesTouched,
  computeWindow,
  inWindow,
  type ReportWindow,
  utcIso,
  windowAsIso,
} from '../../lambda/core/report-window';

const BERLIN = 'Europe/Berlin';

/** The window as ISO instants with offsets, the way an admin would check it. */
function span(window: ReportWindow): { start: string | null; end: string | null; hours: number } {
  return {
    start: window.start.toISO({ suppressMilliseconds: true }),
    end: window.end.toISO({ suppressMilliseconds: true }),
    hours: window.end.diff(window.start, 'hours').hours,
  };
}

function cbsTime(raw: string, zone: string): DateTime {
  const time = parseCbsTime(raw, zone);
  if (!time) throw new Error(`fixture time ${raw} does not parse`);
  return time;
}

describe('computeWindow', () => {
  test('without windowEndsAt, the window is the windowHours before the anchor', () => {
    // prepare
    const anchor = new Date('2026-11-28T12:34:56Z');

    // act
    const window = computeWindow({ timeZone: 'UTC', windowHours: 24 }, anchor);

    // assert
    expect(span(window)).toEqual({ start: '2026-11-27T12:34:56Z', end: '2026-11-28T12:34:56Z', hours: 24 });
    expect(window.label).toBe('2026-11-27');
    expect(window.timeZone).toBe('UTC');
  });

  test('windowHours sets the length', () => {
    // prepare
    const anchor = new Date('2026-11-28T12:00:00Z');

    // act
    const window = computeWindow({ timeZone: 'UTC', windowHours: 6 }, anchor);

    // assert
    expect(span(window)).toEqual({ start: '2026-11-28T06:00:00Z', end: '2026-11-28T12:00:00Z', hours: 6 });
  });

  test.each([
    ['on time at 07:00', '2026-11-28T06:00:00Z'],
    ['retried at 07:20', '2026-11-28T06:20:00Z'],
    ['retried at 23:59', '2026-11-28T22:59:59Z'],
  ])('with windowEndsAt 07:00, a run %s reports on the window ending at 07:00 that day', (_name, at) => {
    // prepare
    const settings = { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' };

    // act
    const window = computeWindow(settings, new Date(at));

    // assert
    expect(span(window)).toEqual({
      start: '2026-11-27T07:00:00+01:00',
      end: '2026-11-28T07:00:00+01:00',
      hours: 24,
    });
    expect(window.label).toBe('2026-11-27');
  });

  test("with windowEndsAt 07:00, a run at 06:59 reports on yesterday's 07:00 window", () => {
    // prepare
    const settings = { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' };

    // act
    const window = computeWindow(settings, new Date('2026-11-28T05:59:00Z'));

    // assert
    expect(span(window)).toEqual({
      start: '2026-11-26T07:00:00+01:00',
      end: '2026-11-27T07:00:00+01:00',
      hours: 24,
    });
    expect(window.label).toBe('2026-11-26');
  });

  test('windowEndsAt is read in the report zone, not in UTC', () => {
    // prepare
    const settings = { timeZone: 'America/New_York', windowHours: 24, windowEndsAt: '07:00' };

    // act: 11:30 UTC is 06:30 in New York, before that day's 07:00
    const window = computeWindow(settings, new Date('2026-11-28T11:30:00Z'));

    // assert
    expect(span(window).end).toBe('2026-11-27T07:00:00-05:00');
  });

  test('date mode reports on that date from windowEndsAt to the next day, whatever the anchor', () => {
    // prepare
    const settings = { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' };

    // act
    const window = computeWindow(settings, new Date('2027-01-15T12:00:00Z'), '2026-11-28');

    // assert
    expect(span(window)).toEqual({
      start: '2026-11-28T07:00:00+01:00',
      end: '2026-11-29T07:00:00+01:00',
      hours: 24,
    });
    expect(window.label).toBe('2026-11-28');
  });

  test('date mode without windowEndsAt is that calendar day, midnight to midnight', () => {
    // prepare
    const settings = { timeZone: BERLIN, windowHours: 24 };

    // act
    const window = computeWindow(settings, new Date('2027-01-15T12:00:00Z'), '2026-11-28');

    // assert
    expect(span(window)).toEqual({
      start: '2026-11-28T00:00:00+01:00',
      end: '2026-11-29T00:00:00+01:00',
      hours: 24,
    });
    expect(window.label).toBe('2026-11-28');
  });
});

describe('computeWindow across a DST change (Europe/Berlin)', () => {
  const settings = { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' };

  test('spring forward (2026-03-29): the daily window runs 07:00 to 07:00 on the clock, 23 real hours', () => {
    // act: the 07:00 CEST run
    const window = computeWindow(settings, new Date('2026-03-29T05:00:00Z'));

    // assert
    expect(span(window)).toEqual({
      start: '2026-03-28T07:00:00+01:00',
      end: '2026-03-29T07:00:00+02:00',
      hours: 23,
    });
    expect(window.label).toBe('2026-03-28');
    expect(cbsDatesTouched(window, BERLIN)).toEqual(['2026-03-28', '2026-03-29']);
  });

  test('spring forward: date mode gives the same window as the scheduled run', () => {
    // act
    const byDate = computeWindow(settings, new Date('2027-01-01T00:00:00Z'), '2026-03-28');
    const scheduled = computeWindow(settings, new Date('2026-03-29T05:00:00Z'));

    // assert
    expect(span(byDate)).toEqual(span(scheduled));
    expect(byDate.label).toBe(scheduled.label);
  });

  test('fall back (2026-10-25): the daily window runs 07:00 to 07:00 on the clock, 25 real hours', () => {
    // act: the 07:00 CET run
    const window = computeWindow(settings, new Date('2026-10-25T06:00:00Z'));

    // assert
    expect(span(window)).toEqual({
      start: '2026-10-24T07:00:00+02:00',
      end: '2026-10-25T07:00:00+01:00',
      hours: 25,
    });
    expect(window.label).toBe('2026-10-24');
    expect(cbsDatesTouched(window, BERLIN)).toEqual(['2026-10-24', '2026-10-25']);
  });

  test.each([
    ['spring forward', '2026-03-25'],
    ['fall back', '2026-10-21'],
  ])('consecutive daily windows around %s tile: no gap, no overlap', (_name, firstDay) => {
    // prepare: ten days of 07:00 runs, as EventBridge Scheduler fires them in the report zone
    const runs = Array.from({ length: 10 }, (_, i) =>
      DateTime.fromISO(`${firstDay}T07:00`, { zone: BERLIN }).plus({ days: i }).toJSDate(),
    );

    // act
    const windows = runs.map((run) => computeWindow(settings, run));

    // assert
    for (let i = 1; i < windows.length; i++) {
      expect(windows[i]?.start.toMillis()).toBe(windows[i - 1]?.end.toMillis());
    }
  });

  test('the day after fall back, the window is 07:00 to 07:00 and 24 hours again', () => {
    // act
    const window = computeWindow(settings, new Date('2026-10-26T06:00:00Z'));

    // assert
    expect(span(window)).toEqual({
      start: '2026-10-25T07:00:00+01:00',
      end: '2026-10-26T07:00:00+01:00',
      hours: 24,
    });
  });

  test('date mode on the spring-forward day is that calendar day, 23 hours, labelled with it', () => {
    // act
    const window = computeWindow({ timeZone: BERLIN, windowHours: 24 }, new Date(0), '2026-03-29');

    // assert
    expect(span(window)).toEqual({
      start: '2026-03-29T00:00:00+01:00',
      end: '2026-03-30T00:00:00+02:00',
      hours: 23,
    });
    expect(window.label).toBe('2026-03-29');
  });

  test('a length that is not whole days is elapsed time, even across the change', () => {
    // act
    const window = computeWindow({ timeZone: BERLIN, windowHours: 12 }, new Date('2026-03-29T05:00:00Z'));

    // assert
    expect(span(window)).toEqual({
      start: '2026-03-28T18:00:00+01:00',
      end: '2026-03-29T07:00:00+02:00',
      hours: 12,
    });
  });
});

describe('inWindow', () => {
  const window = computeWindow({ timeZone: BERLIN, windowHours: 24 }, new Date(0), '2026-11-28');

  test('the start is in, the end is out', () => {
    // act
    const atStart = inWindow(window, window.start);
    const atEnd = inWindow(window, window.end);
    const justBeforeEnd = inWindow(window, window.end.minus({ milliseconds: 1 }));

    // assert
    expect([atStart, atEnd, justBeforeEnd]).toEqual([true, false, true]);
  });

  test('a job crossing midnight (23:40 to 00:50) belongs to the window its start is in', () => {
    // prepare
    const start = cbsTime('2026-11-28 23:40:00', BERLIN);
    const end = cbsTime('2026-11-29 00:50:00', BERLIN);
    const nextDay = computeWindow({ timeZone: BERLIN, windowHours: 24 }, new Date(0), '2026-11-29');

    // act
    const inItsDay = inWindow(window, start);
    const inNextDay = inWindow(nextDay, start);

    // assert
    expect(inItsDay).toBe(true);
    expect(inNextDay).toBe(false);
    expect(inWindow(window, end)).toBe(false);
    expect(end.diff(start, 'minutes').minutes).toBe(70);
  });

  test('compares instants, whatever zone each side is in', () => {
    // prepare: 2026-11-29 07:30 in Tokyo is 2026-11-28 23:30 in Berlin
    const tokyoTime = cbsTime('2026-11-29 07:30:00', 'Asia/Tokyo');

    // act
    const inside = inWindow(window, tokyoTime);

    // assert
    expect(inside).toBe(true);
  });
});

describe('cbsDatesTouched', () => {
  test('a 07:00 to 07:00 window touches yesterday and today on the CBS clock', () => {
    // prepare
    const window = computeWindow(
      { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' },
      new Date('2026-11-28T06:00:00Z'),
    );

    // act
    const dates = cbsDatesTouched(window, BERLIN);

    // assert
    expect(dates).toEqual(['2026-11-27', '2026-11-28']);
  });

  test('a midnight to midnight window touches one date: the end is exclusive', () => {
    // prepare
    const window = computeWindow({ timeZone: BERLIN, windowHours: 24 }, new Date(0), '2026-11-28');

    // act
    const dates = cbsDatesTouched(window, BERLIN);

    // assert
    expect(dates).toEqual(['2026-11-28']);
  });

  test('CBS in Tokyo, report in New York: a 24 h window touches 2 CBS dates', () => {
    // prepare: 07:00 EST is 21:00 JST
    const window = computeWindow(
      { timeZone: 'America/New_York', windowHours: 24, windowEndsAt: '07:00' },
      new Date('2026-11-28T16:00:00Z'),
    );

    // act
    const dates = cbsDatesTouched(window, 'Asia/Tokyo');

    // assert
    expect(window.label).toBe('2026-11-27');
    expect(dates).toEqual(['2026-11-27', '2026-11-28']);
  });

  test('CBS in Tokyo, report in New York: a window ending at 10:00 EST (Tokyo midnight) touches 1', () => {
    // prepare
    const window = computeWindow(
      { timeZone: 'America/New_York', windowHours: 24, windowEndsAt: '10:00' },
      new Date('2026-11-28T16:00:00Z'),
    );

    // act
    const dates = cbsDatesTouched(window, 'Asia/Tokyo');

    // assert
    expect(dates).toEqual(['2026-11-28']);
  });

  test('CBS in Tokyo, report in New York: a 48 h window touches 3 CBS dates', () => {
    // prepare
    const window = computeWindow(
      { timeZone: 'America/New_York', windowHours: 48, windowEndsAt: '07:00' },
      new Date('2026-11-28T16:00:00Z'),
    );

    // act
    const dates = cbsDatesTouched(window, 'Asia/Tokyo');

    // assert
    expect(dates).toEqual(['2026-11-26', '2026-11-27', '2026-11-28']);
  });

  test('a 24 h window across the 23 h spring-forward day touches 3 CBS dates', () => {
    // prepare: 22:30 UTC is 23:30 CET before and 00:30 CEST after the change
    const window = computeWindow({ timeZone: 'UTC', windowHours: 24 }, new Date('2026-03-29T22:30:00Z'));

    // act
    const dates = cbsDatesTouched(window, BERLIN);

    // assert
    expect(dates).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });
});

describe('computeWindow: more edges', () => {
  test('a retry with milliseconds on its clock still reports on the window ending on the whole minute', () => {
    const settings = { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' };

    const window = computeWindow(settings, new Date('2026-11-28T06:20:00.250Z'));

    expect(window.end.toMillis()).toBe(Date.parse('2026-11-28T06:00:00.000Z'));
    expect(window.start.toMillis()).toBe(Date.parse('2026-11-27T06:00:00.000Z'));
  });

  test('windowEndsAt with minutes ends there, in date mode and scheduled alike', () => {
    const settings = { timeZone: BERLIN, windowHours: 24, windowEndsAt: '06:45' };

    const scheduled = computeWindow(settings, new Date('2026-11-28T05:50:00Z'));
    const byDate = computeWindow(settings, new Date(0), '2026-11-27');

    expect(span(scheduled).end).toBe('2026-11-28T06:45:00+01:00');
    expect(span(byDate)).toEqual(span(scheduled));
  });

  test('a 48-hour window across the spring-forward night is two calendar days, 47 real hours', () => {
    const window = computeWindow(
      { timeZone: BERLIN, windowHours: 48, windowEndsAt: '07:00' },
      new Date('2026-03-29T05:00:00Z'),
    );

    expect(span(window)).toEqual({
      start: '2026-03-27T07:00:00+01:00',
      end: '2026-03-29T07:00:00+02:00',
      hours: 47,
    });
    expect(window.label).toBe('2026-03-27');
  });
});

describe('windowAsIso', () => {
  test('the window as ISO times in the report zone, without milliseconds, and the zone', () => {
    const window = computeWindow(
      { timeZone: 'America/New_York', windowHours: 24, windowEndsAt: '07:00' },
      new Date('2026-11-28T12:00:00Z'),
    );

    expect(windowAsIso(window)).toEqual({
      start: '2026-11-27T07:00:00-05:00',
      end: '2026-11-28T07:00:00-05:00',
      timeZone: 'America/New_York',
    });
  });
});

describe('computeWindow: lengths that are not whole days', () => {
  test('30 hours ending the morning after spring forward are 30 real hours, not a calendar day and 6 hours', () => {
    const window = computeWindow({ timeZone: BERLIN, windowHours: 30 }, new Date('2026-03-29T10:00:00Z'));

    expect(span(window)).toEqual({
      start: '2026-03-28T05:00:00+01:00',
      end: '2026-03-29T12:00:00+02:00',
      hours: 30,
    });
  });
});

describe('utcIso', () => {
  test("writes an instant as luxon's toUTC().toISO() does, from any zone, for years 0 to 9999", () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const instant = DateTime.fromMillis(ms, { zone });
          expect(utcIso(instant)).toBe(instant.toUTC().toISO());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
