/**
 * When a backup set is expected to run: the union of its rules, each read in one time zone (the
 * zone of the clock that schedules it). No rules means "not scheduled": no run is ever due.
 * Core types only; the config schema and the CBS reader both produce these.
 */

/** ISO weekday: 1 Monday … 7 Sunday (luxon's numbering). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Runs on certain calendar days, at a time of day when known. */
export interface CalendarRule {
  kind: 'calendar';
  /** Days of the week the rule fires on; all seven for daily. */
  weekdays?: readonly Weekday[] | undefined;
  /** Days of the month (1-31; -1 the last day); when set, `weekdays` is ignored. */
  monthDays?: readonly number[] | undefined;
  /** When a run starts; unknown means "some time that day". */
  at?: TimeOfDay | undefined;
}

/** Runs again every `hours` hours, whatever the day. */
export interface IntervalRule {
  kind: 'interval';
  hours: number;
}

export type ScheduleRule = CalendarRule | IntervalRule;

/** A set's schedule as CBS stated it: rules, switched off (or none), or not understood. */
export type CbsSchedule =
  | { kind: 'rules'; rules: readonly ScheduleRule[] }
  | { kind: 'off' }
  | { kind: 'unknown'; reason: string };

/** Where an expectation came from, for the notes a digest prints. */
export type ExpectationSource = 'cbs' | 'override' | 'fallback';

export interface Expectation {
  rules: readonly ScheduleRule[];
  /** How long after its due time a run may start before the set counts as missed. */
  graceMinutes: number;
  source: ExpectationSource;
  /** Said beside the set when the expectation is a guess (the schedule could not be read). */
  note?: string | undefined;
}

export const ALL_WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
export const WORKING_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

/** Whether anything is expected at all: a set with no rules is "not scheduled", never missed. */
export function isScheduled(expectation: Expectation): boolean {
  return expectation.rules.length > 0;
}
