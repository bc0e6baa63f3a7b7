import { DateTime } from 'luxon';
import type { CalendarRule, Expectation, ScheduleRule } from '../../lambda/core/expectation';
import { type RunEvidence, runDue, type Span } from '../../lambda/core/run-due';

const BERLIN = 'Europe/Berlin';

const at = (iso: string) => DateTime.fromISO(iso, { zone: BERLIN });
const iso = (t: DateTime | undefined) => t?.setZone(BERLIN).toISO({ suppressMilliseconds: true });

/** Wednesday 2026-11-25 07:00 → Thursday 2026-11-26 07:00, Berlin (UTC+1). */
const NIGHT: Span = { start: at('2026-11-25T07:00:00'), end: at('2026-11-26T07:00:00') };
/** History that has seen every start for a month, and none lately. */
const KNOWN: RunEvidence = { knownSince: at('2026-10-25T07:00:00') };

const expecting = (rules: ScheduleRule[], graceMinutes = 60): Expectation => ({
  rules,
  graceMinutes,
  source: 'override',
});
const daily = (hour: number, minute = 0): CalendarRule => ({
  kind: 'calendar',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  at: { hour, minute },
});

describe('runDue: the edges of the window', () => {
  test('a run due exactly at the window start, with grace inside it, is owed: its chances are all in sight', () => {
    const due = runDue(expecting([daily(7)]), NIGHT, BERLIN);

    expect(iso(due?.from)).toBe('2026-11-25T07:00:00+01:00');
    expect(iso(due?.deadline)).toBe('2026-11-25T08:00:00+01:00');
    expect(due?.kind).toBe('at');
  });

  test('a deadline exactly at the window end is owed in this window, and not in the next', () => {
    const rule = expecting([daily(6)]);
    const next: Span = { start: NIGHT.end, end: NIGHT.end.plus({ days: 1 }) };

    const here = runDue(rule, NIGHT, BERLIN, KNOWN);
    const there = runDue(rule, next, BERLIN, KNOWN);

    // Thursday's 06:00 run: grace ends at 07:00, the end of Wednesday's window.
    expect(iso(here?.from)).toBe('2026-11-26T06:00:00+01:00');
    expect(iso(here?.deadline)).toBe('2026-11-26T07:00:00+01:00');
    // Thursday's window owes Friday's, not Thursday's a second time.
    expect(iso(there?.from)).toBe('2026-11-27T06:00:00+01:00');
  });

  test('a run on the morning the window ends, past its grace before the end, is owed', () => {
    const due = runDue(expecting([daily(5)], 30), NIGHT, BERLIN, KNOWN);

    expect(iso(due?.from)).toBe('2026-11-26T05:00:00+01:00');
    expect(iso(due?.deadline)).toBe('2026-11-26T05:30:00+01:00');
  });

  test('a run still within its grace at the window end is not owed yet', () => {
    expect(runDue(expecting([daily(6, 30)]), NIGHT, BERLIN, { knownSince: at('2026-11-25T07:00:00') })).toBe(
      undefined,
    );
  });

  test('a start exactly at the due time settles it; one a millisecond before does not', () => {
    const onTime = runDue(expecting([daily(22)]), NIGHT, BERLIN, {
      knownSince: KNOWN.knownSince,
      lastStartBefore: at('2026-11-25T22:00:00'),
    });
    const early = runDue(expecting([daily(22)]), NIGHT, BERLIN, {
      knownSince: KNOWN.knownSince,
      lastStartBefore: at('2026-11-25T21:59:59.999'),
    });

    expect(onTime).toBeUndefined();
    expect(iso(early?.from)).toBe('2026-11-25T22:00:00+01:00');
  });

  test('a grace longer than a day still owes the run in the window its deadline falls in', () => {
    // Monday 22:00 plus 34 hours is Wednesday 08:00, in Wednesday's window.
    const due = runDue(expecting([daily(22)], 34 * 60), NIGHT, BERLIN, KNOWN);

    expect(iso(due?.from)).toBe('2026-11-23T22:00:00+01:00');
    expect(iso(due?.deadline)).toBe('2026-11-25T08:00:00+01:00');
  });
});

describe('runDue: several runs owed', () => {
  test('of two rules, the run whose deadline came first', () => {
    const due = runDue(expecting([daily(23), daily(20)]), NIGHT, BERLIN);

    expect(iso(due?.from)).toBe('2026-11-25T20:00:00+01:00');
  });

  test('of a two-day window, the earlier night', () => {
    const twoNights: Span = { start: NIGHT.start.minus({ days: 1 }), end: NIGHT.end };

    const due = runDue(expecting([daily(22)]), twoNights, BERLIN);

    expect(iso(due?.from)).toBe('2026-11-24T22:00:00+01:00');
  });

  test('a run seen after the first night settles that night; the second is still owed', () => {
    const twoNights: Span = { start: NIGHT.start.minus({ days: 1 }), end: NIGHT.end };

    // Evidence of a start before the window is all runDue is told; in the window the caller looks.
    const due = runDue(expecting([daily(22)]), twoNights, BERLIN, {
      knownSince: KNOWN.knownSince,
      lastStartBefore: at('2026-11-24T22:05:00'),
    });

    expect(iso(due?.from)).toBe('2026-11-25T22:00:00+01:00');
  });
});

describe('runDue: calendar days', () => {
  test('a day without a time is owed from its midnight until the next midnight plus grace', () => {
    const rule: CalendarRule = { kind: 'calendar', weekdays: [3] };

    const due = runDue(expecting([rule], 120), NIGHT, BERLIN, KNOWN);

    expect(due && { ...due, from: iso(due.from), deadline: iso(due.deadline) }).toEqual({
      from: '2026-11-25T00:00:00+01:00',
      deadline: '2026-11-26T02:00:00+01:00',
      kind: 'day',
    });
  });

  test('a day of the month fires on that day only', () => {
    const on25: CalendarRule = { kind: 'calendar', monthDays: [25], at: { hour: 21, minute: 0 } };
    const on24: CalendarRule = { kind: 'calendar', monthDays: [24, 26], at: { hour: 21, minute: 0 } };

    expect(iso(runDue(expecting([on25]), NIGHT, BERLIN)?.from)).toBe('2026-11-25T21:00:00+01:00');
    expect(runDue(expecting([on24]), NIGHT, BERLIN)).toBeUndefined();
  });

  test('a rule of several month days fires on any one of them', () => {
    const twice: CalendarRule = { kind: 'calendar', monthDays: [10, 25], at: { hour: 21, minute: 0 } };
    const withLast: CalendarRule = { kind: 'calendar', monthDays: [1, -1], at: { hour: 21, minute: 0 } };
    const on30th: Span = { start: at('2026-11-30T07:00:00'), end: at('2026-12-01T07:00:00') };

    expect(iso(runDue(expecting([twice]), NIGHT, BERLIN)?.from)).toBe('2026-11-25T21:00:00+01:00');
    expect(iso(runDue(expecting([withLast]), on30th, BERLIN)?.from)).toBe('2026-11-30T21:00:00+01:00');
  });

  test('the last day of the month is the 30th in November, not the 31st', () => {
    const last: CalendarRule = { kind: 'calendar', monthDays: [-1], at: { hour: 21, minute: 0 } };
    const on30th: Span = { start: at('2026-11-30T07:00:00'), end: at('2026-12-01T07:00:00') };

    expect(iso(runDue(expecting([last]), on30th, BERLIN)?.from)).toBe('2026-11-30T21:00:00+01:00');
    expect(runDue(expecting([last]), NIGHT, BERLIN)).toBeUndefined();
  });

  test('an empty list of month days falls back to the weekdays; a rule with neither never fires', () => {
    const wednesdays: CalendarRule = {
      kind: 'calendar',
      monthDays: [],
      weekdays: [3],
      at: { hour: 21, minute: 0 },
    };
    const nothing: CalendarRule = { kind: 'calendar', at: { hour: 21, minute: 0 } };

    expect(iso(runDue(expecting([wednesdays]), NIGHT, BERLIN)?.from)).toBe('2026-11-25T21:00:00+01:00');
    expect(runDue(expecting([nothing]), NIGHT, BERLIN)).toBeUndefined();
  });

  test('a run before the digest could see (knownSince) is never owed', () => {
    const due = runDue(expecting([daily(22)]), NIGHT, BERLIN, { knownSince: at('2026-11-25T22:00:00.001') });

    expect(due).toBeUndefined();
  });
});

describe('runDue: intervals', () => {
  test('an interval of 0 hours (or less) asks nothing', () => {
    expect(runDue(expecting([{ kind: 'interval', hours: 0 }]), NIGHT, BERLIN)).toBeUndefined();
    expect(runDue(expecting([{ kind: 'interval', hours: -6 }]), NIGHT, BERLIN)).toBeUndefined();
  });

  test('with no run known, a whole interval from knownSince with none, grace not added', () => {
    const due = runDue(expecting([{ kind: 'interval', hours: 12 }], 90), NIGHT, BERLIN);

    expect(due && { ...due, from: iso(due.from), deadline: iso(due.deadline) }).toEqual({
      from: '2026-11-25T07:00:00+01:00',
      deadline: '2026-11-25T19:00:00+01:00',
      kind: 'interval',
      hours: 12,
    });
  });

  test('from the last run, the interval plus grace; owed from just after that run', () => {
    const last = at('2026-11-25T01:00:00');

    const due = runDue(expecting([{ kind: 'interval', hours: 12 }], 90), NIGHT, BERLIN, {
      knownSince: KNOWN.knownSince,
      lastStartBefore: last,
    });

    expect(due?.from.toMillis()).toBe(last.toMillis() + 1);
    expect(iso(due?.deadline)).toBe('2026-11-25T14:30:00+01:00');
    expect(due?.hours).toBe(12);
  });

  test('an interval overdue exactly at the window end is owed; a millisecond later is not', () => {
    const last = at('2026-11-25T17:00:00');
    const rule = expecting([{ kind: 'interval', hours: 12 }], 120);

    const due = runDue(rule, NIGHT, BERLIN, { knownSince: KNOWN.knownSince, lastStartBefore: last });
    const notYet = runDue(rule, NIGHT, BERLIN, {
      knownSince: KNOWN.knownSince,
      lastStartBefore: last.plus({ milliseconds: 1 }),
    });

    expect(iso(due?.deadline)).toBe('2026-11-26T07:00:00+01:00');
    expect(notYet).toBeUndefined();
  });
});

describe('runDue: one rule and window shared by many sets', () => {
  test('each set gets the answer of its own grace, zone and evidence, however often the rule and night were asked', () => {
    const rule = daily(6);
    const asked = () => runDue(expecting([rule], 60), NIGHT, BERLIN, KNOWN);

    const first = asked();
    const again = asked();
    // Thursday 06:00 + 2 hours is after the window's end: not owed; Wednesday's 06:00 + 2 hours ends inside.
    const longerGrace = runDue(expecting([rule], 120), NIGHT, BERLIN, KNOWN);
    // 06:00 in New York is 12:00 in Berlin: Wednesday's, past its grace by the window's end.
    const elsewhere = runDue(expecting([rule], 60), NIGHT, 'America/New_York', KNOWN);
    // Without history nothing before the window is known: Wednesday's 06:00 is not in sight.
    const unseen = runDue(expecting([rule], 120), NIGHT, BERLIN, { knownSince: NIGHT.start });

    expect(again).toEqual(first);
    expect(iso(first?.from)).toBe('2026-11-26T06:00:00+01:00');
    expect(iso(longerGrace?.from)).toBe('2026-11-25T06:00:00+01:00');
    expect(iso(elsewhere?.from)).toBe('2026-11-25T12:00:00+01:00');
    expect(unseen).toBeUndefined();
    expect(Object.isFrozen(first)).toBe(true);
  });
});
