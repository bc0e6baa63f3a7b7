import type { DateTime } from 'luxon';
import type { CalendarRule, Expectation, IntervalRule } from './expectation';

/** The span a digest reports on, as instants. */
export interface Span {
  start: DateTime;
  end: DateTime;
}

/**
 * What the digest knows about a set's runs before the window: from `knownSince` on, every start
 * is known (the window's own start without history; earlier with unbroken history), and
 * `lastStartBefore` is the latest of them before the window, if any.
 */
export interface RunEvidence {
  knownSince: DateTime;
  lastStartBefore?: DateTime | undefined;
}

/** One run that was due: it could start from `from` and should have by `deadline` (grace included). */
export interface DueRun {
  from: DateTime;
  deadline: DateTime;
  /** `at` a time of day, some time on a `day`, or within an `interval` of hours. */
  kind: 'at' | 'day' | 'interval';
  /** For an interval run: its length in hours. */
  hours?: number | undefined;
}

/**
 * The run a set owed in this window, if one is provably owed: a run whose deadline (its due time
 * plus grace) has passed by the window's end, and whose whole span of chances is one the digest
 * can see, so "no job" is evidence rather than a blind spot. The caller adds "and no job started
 * in the window". Calendar runs are owed in the one window their deadline falls in, so tiled
 * windows report each once; an interval run is owed for as long as it is overdue.
 *
 * Rules are read in `zone` (the clock that schedules the set): a 22:00 run is 22:00 there, on
 * 23- and 25-hour days alike; a time skipped by a DST change moves forward, as luxon does.
 */
export function runDue(
  expectation: Expectation,
  window: Span,
  zone: string,
  evidence: RunEvidence = { knownSince: window.start },
): DueRun | undefined {
  // Stryker disable next-line ArrayDeclaration: a stray entry has no deadline and is filtered out below
  const candidates: DueRun[] = [];
  for (const rule of expectation.rules) {
    if (rule.kind === 'interval') {
      const run = intervalRun(rule, expectation.graceMinutes, evidence, window);
      if (run) candidates.push(run);
    } else {
      for (const run of calendarRunsOnce(rule, expectation.graceMinutes, window, zone)) candidates.push(run);
    }
  }
  const visible = candidates.filter(
    (run) =>
      // Stryker disable next-line ConditionalExpression: both producers keep only deadlines by window.end; said again here for the reader
      run.deadline <= window.end &&
      run.from >= evidence.knownSince &&
      (evidence.lastStartBefore === undefined || evidence.lastStartBefore < run.from),
  );
  visible.sort((a, b) => a.deadline.toMillis() - b.deadline.toMillis());
  return visible[0];
}

function intervalRun(
  rule: IntervalRule,
  graceMinutes: number,
  evidence: RunEvidence,
  window: Span,
): DueRun | undefined {
  if (!(rule.hours > 0)) return undefined;
  // Counting from the last run seen, or from the first instant the digest can vouch for.
  const last = evidence.lastStartBefore;
  const from = last ? last.plus({ milliseconds: 1 }) : evidence.knownSince;
  // Grace is lateness after a run's due time; with no run known, a whole interval with none is enough.
  const deadline = last
    ? last.plus({ hours: rule.hours, minutes: graceMinutes })
    : from.plus({ hours: rule.hours });
  // Stryker disable next-line ConditionalExpression: runDue drops deadlines after window.end as well
  return deadline <= window.end ? { from, deadline, kind: 'interval', hours: rule.hours } : undefined;
}

/**
 * A calendar rule's runs in a window are the same for every set that shares the rule (sets with one
 * schedule share one expectation) and the window (tonight's, or a backfilled night's, the same
 * object for every set): worked out once for them all. luxon's zone arithmetic for them, set by
 * set, was a third of a first run's backfill replay (CPU profile, 2,000 sets: 0.67 of 2 s).
 */
const calendarRunsOf = new WeakMap<CalendarRule, WeakMap<Span, Map<string, readonly DueRun[]>>>();

function calendarRunsOnce(
  rule: CalendarRule,
  graceMinutes: number,
  window: Span,
  zone: string,
): readonly DueRun[] {
  let byWindow = calendarRunsOf.get(rule);
  // Stryker disable next-line ConditionalExpression: a fresh table works the same runs out again, only slower
  if (byWindow === undefined) {
    byWindow = new WeakMap();
    calendarRunsOf.set(rule, byWindow);
  }
  let byGraceAndZone = byWindow.get(window);
  // Stryker disable next-line ConditionalExpression: a fresh table works the same runs out again, only slower
  if (byGraceAndZone === undefined) {
    byGraceAndZone = new Map();
    byWindow.set(window, byGraceAndZone);
  }
  const key = `${graceMinutes} ${zone}`;
  let runs = byGraceAndZone.get(key);
  // Stryker disable next-line ConditionalExpression: working the runs out again gives the same runs, only slower
  if (runs === undefined) {
    // Shared by every set that asks: frozen, so no caller can change another's answer.
    runs = Object.freeze(calendarRuns(rule, graceMinutes, window, zone).map((run) => Object.freeze(run)));
    byGraceAndZone.set(key, runs);
  }
  return runs;
}

/** The occurrences whose deadline falls in (window.start, window.end]. */
function calendarRuns(rule: CalendarRule, graceMinutes: number, window: Span, zone: string): DueRun[] {
  // Stryker disable next-line ArrayDeclaration: a stray entry has no deadline and runDue filters it out
  const runs: DueRun[] = [];
  const first = window.start.setZone(zone).startOf('day').minus({ days: 2 });
  const last = window.end.setZone(zone).startOf('day');
  for (let day = first; day <= last; day = day.plus({ days: 1 }).startOf('day')) {
    if (!firesOn(rule, day)) continue;
    const from = rule.at ? atTime(day, rule.at.hour, rule.at.minute) : day;
    const end = rule.at ? from : day.plus({ days: 1 }).startOf('day');
    const deadline = end.plus({ minutes: graceMinutes });
    if (deadline > window.start && deadline <= window.end)
      runs.push({ from, deadline, kind: rule.at ? 'at' : 'day' });
  }
  return runs;
}

function firesOn(rule: CalendarRule, day: DateTime): boolean {
  if (rule.monthDays && rule.monthDays.length > 0) {
    return rule.monthDays.some((d) => (d === -1 ? day.day === day.daysInMonth : day.day === d));
  }
  // Stryker disable next-line ArrayDeclaration: no weekday is a string, so a stray entry matches none either
  return (rule.weekdays ?? []).includes(day.weekday as 1);
}

/** That wall-clock time on that day; a time a DST change skips becomes luxon's shifted instant. */
function atTime(day: DateTime, hour: number, minute: number): DateTime {
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}
