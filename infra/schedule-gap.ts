/**
 * The longest time between two firings of an EventBridge Scheduler cron expression, for the
 * "no digest sent" alarm: it must wait that long (plus a margin) before calling silence a failure.
 *
 * Fields: minutes hours day-of-month month day-of-week year, one of the two day fields `?`.
 * Supported: `*`, `?`, numbers, names (JAN, MON), ranges, lists and steps (`0/15`, `MON-FRI`,
 * `*\/2`). `L`, `W` and `#` select days a month apart or more, which no alarm can wait for (see
 * MAX_GAP_HOURS): they are reported as such rather than guessed. Times are in the schedule's own
 * zone; a DST change moves a firing by an hour, which the alarm's margin absorbs.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export class ScheduleGapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleGapError';
  }
}

interface FieldSpec {
  min: number;
  max: number;
  names?: readonly string[];
  /** The first name is worth this number (JAN = 1, SUN = 1). */
  nameBase?: number;
}

const MINUTE: FieldSpec = { min: 0, max: 59 };
const HOUR: FieldSpec = { min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { min: 1, max: 31 };
const MONTH: FieldSpec = { min: 1, max: 12, names: MONTHS, nameBase: 1 };
// EventBridge numbers weekdays 1 (SUN) to 7 (SAT).
const DAY_OF_WEEK: FieldSpec = { min: 1, max: 7, names: WEEKDAYS, nameBase: 1 };

/** The values a cron field selects. */
export function fieldValues(field: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleGapError(`bad step in "${field}"`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = fieldValue(a, spec, field);
      to = fieldValue(b, spec, field);
    } else {
      from = fieldValue(range, spec, field);
      // `5/15` runs from 5 to the end of the field.
      to = stepText === undefined ? from : spec.max;
    }
    if (from > to) throw new ScheduleGapError(`range ${range} runs backwards in "${field}"`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function fieldValue(text: string, spec: FieldSpec, field: string): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  const value = named >= 0 ? named + (spec.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new ScheduleGapError(`"${text}" is not a value of "${field}" (${spec.min}-${spec.max})`);
  }
  return value;
}

/**
 * The longest gap between consecutive firings, in hours, over a span of two years (so that
 * month and leap-year patterns repeat at least once). Throws if the expression never fires or uses
 * `L`, `W` or `#`.
 */
export function longestGapHours(expression: string): number {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = match?.[1]?.split(/\s+/) ?? [];
  if (fields.length !== 6) throw new ScheduleGapError(`"${expression}" is not a six-field cron expression`);
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  if (/[LW#]/i.test(`${dom} ${dow}`.replace(/WED/gi, ''))) {
    throw new ScheduleGapError(`"${expression}" uses L, W or #: it fires a month apart or more`);
  }
  const minutes = [...fieldValues(minute, MINUTE)].sort((a, b) => a - b);
  const hours = [...fieldValues(hour, HOUR)].sort((a, b) => a - b);
  const months = fieldValues(month, MONTH);
  const daysOfMonth = dom === '?' ? undefined : fieldValues(dom, DAY_OF_MONTH);
  const daysOfWeek = dow === '?' ? undefined : fieldValues(dow, DAY_OF_WEEK);

  const dayMs = 24 * 3600 * 1000;
  const start = Date.UTC(2025, 0, 1);
  let previous: number | undefined;
  let first: number | undefined;
  let longest = 0;
  for (let day = start; day < start + 2 * 366 * dayMs; day += dayMs) {
    const date = new Date(day);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    if (daysOfMonth && !daysOfMonth.has(date.getUTCDate())) continue;
    if (daysOfWeek && !daysOfWeek.has(date.getUTCDay() + 1)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const at = day + (h * 60 + m) * 60_000;
        if (previous !== undefined) longest = Math.max(longest, at - previous);
        first ??= at;
        previous = at;
      }
    }
  }
  if (first === undefined || previous === undefined || first === previous) {
    throw new ScheduleGapError(`"${expression}" fires at most once in two years`);
  }
  return longest / 3_600_000;
}
