import { DateTime } from 'luxon';

/** The span of time a digest reports on: jobs whose start falls in [start, end). */
export interface ReportWindow {
  start: DateTime;
  end: DateTime;
  /** The report's date in the report time zone (the date the window starts on), `yyyy-MM-dd`. */
  label: string;
  timeZone: string;
}

export interface WindowSettings {
  timeZone: string;
  windowHours: number;
  windowEndsAt?: string | undefined;
}

/**
 * Computes the window a run reports on.
 * - For a given `date`, the window ends on the next day at `windowEndsAt` (midnight if unset), so
 *   `date` 2026-11-28 with 07:00 means 2026-11-28 07:00 → 2026-11-29 07:00.
 * - Otherwise it ends at `anchor`, or at the latest `windowEndsAt` not after it: a scheduler retry
 *   at 07:20 then reports on the same window as the 07:00 run.
 * A length of whole days is counted on the calendar of the report zone, so consecutive daily
 * windows tile exactly: across a DST change the window is 23 or 25 real hours, and no job falls
 * between two digests or into both. Other lengths are elapsed hours.
 */
export function computeWindow(settings: WindowSettings, anchor: Date, date?: string): ReportWindow {
  const { timeZone, windowHours, windowEndsAt } = settings;
  const [hour, minute] = (windowEndsAt ?? '00:00').split(':').map(Number) as [number, number];
  let end: DateTime;
  if (date !== undefined) {
    end = DateTime.fromISO(date, { zone: timeZone }).plus({ days: 1 }).set({ hour, minute });
  } else {
    const at = DateTime.fromJSDate(anchor, { zone: timeZone });
    if (windowEndsAt === undefined) {
      end = at;
    } else {
      end = at.set({ hour, minute, second: 0, millisecond: 0 });
      // Stryker disable next-line ObjectLiteral: minus days keeps the wall time, so setting it again changes nothing
      if (end > at) end = end.minus({ days: 1 }).set({ hour, minute });
    }
  }
  const start =
    windowHours % 24 === 0 ? end.minus({ days: windowHours / 24 }) : end.minus({ hours: windowHours });
  return { start, end, label: start.toISODate() ?? '', timeZone };
}

/** The window as plain data, for a digest or a notice: ISO times in the report zone. */
export function windowAsIso(window: ReportWindow): { start: string; end: string; timeZone: string } {
  return {
    start: window.start.toISO({ suppressMilliseconds: true }) ?? '',
    end: window.end.toISO({ suppressMilliseconds: true }) ?? '',
    timeZone: window.timeZone,
  };
}

/**
 * An instant as the history keeps it: ISO 8601 in UTC with milliseconds, as luxon's
 * `toUTC().toISO()` writes it for any year from 0 to 9999, but by the platform's Date: luxon works
 * out a calendar for it first, about 20 µs a call, and a first run's backfill writes two for each
 * of 7 nights of every set (CPU profile, 2,000 sets: half a second).
 */
export function utcIso(instant: DateTime): string {
  return new Date(instant.toMillis()).toISOString();
}

/** Every CBS-local calendar date the window touches, oldest first, as `yyyy-MM-dd`. */
export function cbsDatesTouched(window: ReportWindow, cbsTimeZone: string): string[] {
  const first = window.start.setZone(cbsTimeZone).startOf('day');
  const last = window.end.minus({ milliseconds: 1 }).setZone(cbsTimeZone).startOf('day');
  const dates: string[] = [];
  for (let day = first; day <= last; day = day.plus({ days: 1 })) dates.push(day.toISODate() ?? '');
  return dates;
}

export function inWindow(window: ReportWindow, instant: DateTime): boolean {
  return instant >= window.start && instant < window.end;
}
