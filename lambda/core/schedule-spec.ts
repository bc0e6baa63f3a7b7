import {
  ALL_WEEKDAYS,
  type Expectation,
  type ExpectationSource,
  type ScheduleRule,
  type TimeOfDay,
  type Weekday,
  WORKING_DAYS,
} from './expectation';

/**
 * An operator's `expect` override as the config states it (the zod schema in
 * lambda/config/expect-schema.ts produces exactly this shape).
 */
export interface ScheduleSpec {
  schedule: 'daily' | 'weekdays' | 'days' | 'weekly' | 'monthly' | 'hours' | 'none';
  /** `days`: the named weekdays; `weekly`: its one day (optional: then "once in any 7 days"). */
  days?: readonly WeekdayName[] | undefined;
  /** `hours`: a run every this many hours. */
  everyHours?: number | undefined;
  /** `monthly`: day of the month, or `last`; optional (then "once in any 31 days"). */
  dayOfMonth?: number | 'last' | undefined;
  /** `HH:mm` in the CBS zone: when the run is due. Without it, any time that day will do. */
  at?: string | undefined;
  graceMinutes?: number | undefined;
}

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export function weekdayOf(name: WeekdayName): Weekday {
  return (WEEKDAY_NAMES.indexOf(name) + 1) as Weekday;
}

export function parseTimeOfDay(text: string | undefined): TimeOfDay | undefined {
  const match = text === undefined ? null : /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The rules an override stands for. */
export function rulesOfSpec(spec: ScheduleSpec): ScheduleRule[] {
  const at = parseTimeOfDay(spec.at);
  switch (spec.schedule) {
    case 'none':
      return [];
    case 'daily':
      // Without a time, "daily" is "a run in every 24 hours".
      return at ? [{ kind: 'calendar', weekdays: ALL_WEEKDAYS, at }] : [{ kind: 'interval', hours: 24 }];
    case 'weekdays':
      return [{ kind: 'calendar', weekdays: WORKING_DAYS, at }];
    case 'days':
      return [{ kind: 'calendar', weekdays: (spec.days ?? []).map(weekdayOf), at }];
    case 'weekly':
      return spec.days && spec.days.length > 0
        ? [{ kind: 'calendar', weekdays: spec.days.map(weekdayOf), at }]
        : [{ kind: 'interval', hours: 7 * 24 }];
    case 'monthly':
      return spec.dayOfMonth === undefined
        ? [{ kind: 'interval', hours: 31 * 24 }]
        : [{ kind: 'calendar', monthDays: [spec.dayOfMonth === 'last' ? -1 : spec.dayOfMonth], at }];
    case 'hours':
      return [{ kind: 'interval', hours: spec.everyHours ?? 24 }];
  }
}

export function expectationOfSpec(
  spec: ScheduleSpec,
  defaultGraceMinutes: number,
  source: ExpectationSource,
  note?: string,
): Expectation {
  return { rules: rulesOfSpec(spec), graceMinutes: spec.graceMinutes ?? defaultGraceMinutes, source, note };
}
