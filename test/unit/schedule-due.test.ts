import { DateTime } from 'luxon';
import { ALL_WEEKDAYS, type Expectation, WORKING_DAYS } from '../../lambda/core/expectation';
import { runDue, type Span } from '../../lambda/core/run-due';
import { rulesOfSpec, type ScheduleSpec } from '../../lambda/core/schedule-spec';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

/** A report window ending at `end` (ISO with zone), `hours` long. */
function windowEnding(end: string, hours = 24, zone = BERLIN): Span {
  const e = DateTime.fromISO(end, { zone, setZone: true });
  return { start: e.minus({ hours }), end: e };
}

function expecting(spec: ScheduleSpec, graceMinutes = 60): Expectation {
  return { rules: rulesOfSpec(spec), graceMinutes, source: 'override' };
}

const iso = (t: DateTime | undefined) => t?.toISO({ suppressMilliseconds: true });

describe('runDue: timed calendar rules', () => {
  test('a 22:00 daily run is due in the 07:00→07:00 window after its grace', () => {
    // prepare: Wednesday 2026-11-25 07:00 → Thursday 07:00, Berlin
    const window = windowEnding('2026-11-26T07:00:00+01:00');

    // act
    const due = runDue(expecting({ schedule: 'daily', at: '22:00' }), window, BERLIN);

    // assert
    expect(iso(due?.from)).toBe('2026-11-25T22:00:00+01:00');
    expect(iso(due?.deadline)).toBe('2026-11-25T23:00:00+01:00');
  });

  test('a run whose chances began before the window needs history to be owed', () => {
    const window = windowEnding('2026-11-26T07:00:00+01:00');
    const spec: ScheduleSpec = { schedule: 'daily', at: '06:30' };

    // Yesterday's 06:30 run ends its grace at 07:30, inside the window, but it may have started
    // at 06:45, before the window: without history that is a blind spot, not a missed backup.
    const blind = runDue(expecting(spec), window, BERLIN);
    const seen = runDue(expecting(spec), window, BERLIN, {
      knownSince: window.start.minus({ days: 7 }),
      lastStartBefore: DateTime.fromISO('2026-11-24T06:31:00', { zone: BERLIN }),
    });
    const ranAt0645 = runDue(expecting(spec), window, BERLIN, {
      knownSince: window.start.minus({ days: 7 }),
      lastStartBefore: DateTime.fromISO('2026-11-25T06:45:00', { zone: BERLIN }),
    });

    expect(blind).toBeUndefined();
    expect(iso(seen?.from)).toBe('2026-11-25T06:30:00+01:00');
    expect(ranAt0645).toBeUndefined();
    // Today's 06:30 run is still within its grace at 07:00: not owed yet.
    expect(iso(seen?.deadline)).toBe('2026-11-25T07:30:00+01:00');
  });

  test('weekdays: nothing is due over a weekend night, Friday night is', () => {
    // Saturday 07:00 → Sunday 07:00: Saturday 22:00 is not a working day.
    const saturdayNight = windowEnding('2026-11-29T07:00:00+01:00');
    const fridayNight = windowEnding('2026-11-28T07:00:00+01:00');
    const spec: ScheduleSpec = { schedule: 'weekdays', at: '22:00' };

    expect(runDue(expecting(spec), saturdayNight, BERLIN)).toBeUndefined();
    expect(iso(runDue(expecting(spec), fridayNight, BERLIN)?.from)).toBe('2026-11-27T22:00:00+01:00');
  });

  test('named weekdays and monthly on the last day', () => {
    const mondayNight = windowEnding('2026-11-24T07:00:00+01:00');
    expect(
      runDue(expecting({ schedule: 'days', days: ['tue', 'thu'], at: '20:00' }), mondayNight, BERLIN),
    ).toBeUndefined();
    expect(
      runDue(expecting({ schedule: 'days', days: ['mon'], at: '20:00' }), mondayNight, BERLIN),
    ).toBeDefined();
    // 30 November is the last day of the month.
    const lastNight = windowEnding('2026-12-01T07:00:00+01:00');
    expect(
      runDue(expecting({ schedule: 'monthly', dayOfMonth: 'last', at: '21:00' }), lastNight, BERLIN),
    ).toBeDefined();
    expect(
      runDue(expecting({ schedule: 'monthly', dayOfMonth: 1, at: '21:00' }), lastNight, BERLIN),
    ).toBeUndefined();
  });

  test('none is never due', () => {
    expect(
      runDue(expecting({ schedule: 'none' }), windowEnding('2026-11-26T07:00:00+01:00', 168), BERLIN),
    ).toBeUndefined();
  });
});

describe('runDue across DST', () => {
  test('spring forward: the 23-hour night still owes its 22:00 run, once', () => {
    // Berlin 2026-03-29 02:00 → 03:00. The daily window 07:00 → 07:00 is 23 hours long.
    const end = DateTime.fromISO('2026-03-29T07:00:00', { zone: BERLIN });
    const window = { start: end.minus({ days: 1 }), end };
    expect(window.end.diff(window.start, 'hours').hours).toBe(23);

    const due = runDue(expecting({ schedule: 'daily', at: '22:00' }), window, BERLIN);

    expect(iso(due?.from)).toBe('2026-03-28T22:00:00+01:00');
  });

  test('spring forward: a 02:30 run that the clock skips is due at the shifted time, not lost', () => {
    const end = DateTime.fromISO('2026-03-29T07:00:00', { zone: BERLIN });
    const window = { start: end.minus({ days: 1 }), end };

    const due = runDue(expecting({ schedule: 'daily', at: '02:30' }, 30), window, BERLIN);

    expect(iso(due?.from)).toBe('2026-03-29T03:30:00+02:00');
  });

  test('fall back: the 25-hour night owes exactly one 22:00 run and consecutive windows never owe it twice', () => {
    const end = DateTime.fromISO('2026-10-25T07:00:00', { zone: BERLIN });
    const night = { start: end.minus({ days: 1 }), end };
    const next = { start: end, end: end.plus({ days: 1 }) };
    expect(night.end.diff(night.start, 'hours').hours).toBe(25);
    const spec: ScheduleSpec = { schedule: 'daily', at: '22:00' };

    const first = runDue(expecting(spec), night, BERLIN);
    const second = runDue(expecting(spec), next, BERLIN);

    expect(iso(first?.from)).toBe('2026-10-24T22:00:00+02:00');
    expect(iso(second?.from)).toBe('2026-10-25T22:00:00+01:00');
  });
});

describe('runDue with the CBS zone not the report zone', () => {
  test('a 22:00 New York run falls in the Berlin window of the next morning', () => {
    // Berlin window Wednesday 07:00 → Thursday 07:00 = New York Wednesday 01:00 → Thursday 01:00.
    const window = windowEnding('2026-11-26T07:00:00+01:00');

    const due = runDue(expecting({ schedule: 'daily', at: '22:00' }), window, NEW_YORK);

    expect(iso(due?.from.setZone(NEW_YORK))).toBe('2026-11-25T22:00:00-05:00');
    expect(iso(due?.from.setZone(BERLIN))).toBe('2026-11-26T04:00:00+01:00');
  });

  test('a New York 02:00 run belongs to the New York weekday, not the Berlin one', () => {
    // Berlin Saturday 07:00 → Sunday 07:00 = New York Saturday 01:00 → Sunday 01:00:
    // the New York Saturday 02:00 run falls inside, and Saturday is not a weekday there.
    const window = windowEnding('2026-11-29T07:00:00+01:00');
    expect(runDue(expecting({ schedule: 'weekdays', at: '02:00' }), window, NEW_YORK)).toBeUndefined();
    // Read in Berlin's zone it would wrongly be Saturday 02:00 too; Friday night in New York owes it.
    const friday = windowEnding('2026-11-28T07:00:00+01:00');
    expect(iso(runDue(expecting({ schedule: 'weekdays', at: '02:00' }), friday, NEW_YORK)?.from)).toBe(
      '2026-11-27T02:00:00-05:00',
    );
  });
});

describe('runDue: untimed rules need evidence', () => {
  const window = windowEnding('2026-11-26T07:00:00+01:00');

  // Wednesday 2026-11-25 07:00 → Thursday 07:00: Wednesday is owed by "weekdays" with no time.
  test('a day without a time: no history, no proof (a run that morning before 07:00 is out of sight)', () => {
    expect(runDue(expecting({ schedule: 'weekdays' }), window, BERLIN)).toBeUndefined();
  });

  test('a day without a time: history that saw no run since the day before proves it', () => {
    const evidence = {
      knownSince: window.start.minus({ days: 7 }),
      lastStartBefore: DateTime.fromISO('2026-11-23T22:00:00', { zone: BERLIN }),
    };

    const due = runDue(expecting({ schedule: 'weekdays' }), window, BERLIN, evidence);

    expect(iso(due?.from)).toBe('2026-11-25T00:00:00+01:00');
    expect(due?.kind).toBe('day');
  });

  test('a day without a time: a run seen that morning before the window settles it', () => {
    const evidence = {
      knownSince: window.start.minus({ days: 7 }),
      lastStartBefore: DateTime.fromISO('2026-11-25T05:00:00', { zone: BERLIN }),
    };
    expect(runDue(expecting({ schedule: 'weekdays' }), window, BERLIN, evidence)).toBeUndefined();
  });

  test('daily without a time is a run in every 24 hours: a whole window without one is enough', () => {
    expect(runDue(expecting({ schedule: 'daily' }), window, BERLIN)?.kind).toBe('interval');
    // The 23-hour window of a spring-forward night is shorter than the interval: no proof.
    const short = { start: window.start.plus({ hours: 1 }), end: window.end };
    expect(runDue(expecting({ schedule: 'daily' }), short, BERLIN)).toBeUndefined();
    // With the last run known, grace counts: 22:00 yesterday + 24 h + 60 min is 23:00, before the end.
    const seen = {
      knownSince: window.start.minus({ days: 7 }),
      lastStartBefore: window.start.minus({ hours: 9 }),
    };
    expect(iso(runDue(expecting({ schedule: 'daily' }), window, BERLIN, seen)?.deadline)).toBe(
      '2026-11-25T23:00:00+01:00',
    );
  });

  test('every N hours: due when the window alone outlasts the interval', () => {
    expect(runDue(expecting({ schedule: 'hours', everyHours: 6 }), window, BERLIN)).toBeDefined();
    expect(runDue(expecting({ schedule: 'hours', everyHours: 25 }), window, BERLIN)).toBeUndefined();
  });

  test('weekly without a day: overdue only once 7 days and grace passed since the last run', () => {
    const spec: ScheduleSpec = { schedule: 'weekly' };
    const knownSince = window.start.minus({ days: 30 });
    const recent = { knownSince, lastStartBefore: window.start.minus({ days: 3 }) };
    const old = { knownSince, lastStartBefore: window.start.minus({ days: 8 }) };
    expect(runDue(expecting(spec), window, BERLIN, recent)).toBeUndefined();
    expect(runDue(expecting(spec), window, BERLIN, old)).toBeDefined();
  });

  test('the week days and day numbers come out as luxon numbers', () => {
    expect(rulesOfSpec({ schedule: 'weekdays' })).toEqual([
      { kind: 'calendar', weekdays: WORKING_DAYS, at: undefined },
    ]);
    expect(rulesOfSpec({ schedule: 'daily' })).toEqual([{ kind: 'interval', hours: 24 }]);
    expect(rulesOfSpec({ schedule: 'daily', at: '21:05' })).toEqual([
      { kind: 'calendar', weekdays: ALL_WEEKDAYS, at: { hour: 21, minute: 5 } },
    ]);
    expect(rulesOfSpec({ schedule: 'days', days: ['sun', 'wed'] })).toEqual([
      { kind: 'calendar', weekdays: [7, 3], at: undefined },
    ]);
  });
});
