import type { BackupSetSettings, DestinationRef } from '../../core/backup-server';
import type { CalendarRule, CbsSchedule, ScheduleRule, TimeOfDay, Weekday } from '../../core/expectation';
import { ALL_WEEKDAYS } from '../../core/expectation';

/**
 * Reads `2/GetBackupSet`'s `Data`: the set's name, its schedules and its destinations.
 *
 * Shapes, from Ahsay's pages:
 * - GetBackupSet returns "the input parameters outlined in the UpdateBackupSet section", plus
 *   `Data{}:DestinationSettings{}:DestinationList[]` with `Id` and `Name` among others
 *   (https://www.ahsay.com/support/help-centre/doc/cbs/v10/api/user/backup-set/get-backup-set).
 *   The page calls `Data` an "Array", the examples show an object: both are read.
 * - A schedule (AddSchedule / UpdateSchedule v2, whose `ID` is "obtainable in GetBackupSet API")
 *   has `Name`, `Type` (DAILY, WEEKLY, MONTHLY or CUSTOM), `BackupInterval` (-1 for a normal
 *   schedule; otherwise a periodic one, every so many minutes) and `Time`, a TimeBean with the
 *   start time and `Duration`
 *   (https://www.ahsay.com/support/help-centre/doc/cbs/v10/api/user/backup-set/add-schedule,
 *   https://www.ahsay.com/support/help-centre/doc/cbs/v10/api/user/backup-set/update-schedule).
 *   The pages do not print where in the settings the list sits nor the TimeBean's keys, so the
 *   list is found by what its entries look like, and time and days by the usual key spellings.
 *
 * Anything else becomes `{ kind: 'unknown', reason }`, never an exception: the caller then falls
 * back to the override or to daily, and says so.
 */
export function readBackupSetSettings(backupSetId: string, data: unknown): BackupSetSettings {
  const set = pickSet(backupSetId, data);
  if (!set) {
    return {
      id: backupSetId,
      schedule: { kind: 'unknown', reason: `Data is ${describe(data)}, expected the set's settings` },
      destinations: [],
    };
  }
  const name = text(set.Name);
  return {
    id: backupSetId,
    name: name === '' ? undefined : name,
    schedule: readSchedule(set),
    destinations: readDestinations(set),
  };
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pickSet(backupSetId: string, data: unknown): Json | undefined {
  if (isObject(data)) return data;
  if (Array.isArray(data)) {
    const objects = data.filter(isObject);
    return objects.find((o) => text(o.ID) === backupSetId) ?? objects[0];
  }
  return undefined;
}

function readDestinations(set: Json): DestinationRef[] {
  const settings = set.DestinationSettings;
  const list = isObject(settings) ? settings.DestinationList : undefined;
  if (!Array.isArray(list)) return [];
  const destinations: DestinationRef[] = [];
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const id = text(entry.Id ?? entry.ID).trim();
    const name = text(entry.Name).trim();
    if (id !== '') destinations.push({ id, name: name === '' ? undefined : name });
  }
  return destinations;
}

const SCHEDULE_TYPES = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'CUSTOM']);

/** A schedule entry looks like one when it carries a Type CBS schedules use, or a TimeBean. */
const looksLikeSchedule = (value: unknown): value is Json =>
  isObject(value) &&
  (SCHEDULE_TYPES.has(text(value.Type).trim().toUpperCase()) ||
    isObject(value.Time) ||
    value.BackupInterval !== undefined);

interface Found {
  list: Json[];
  holder: Json;
}

/** The first array of schedule-like entries, at most three objects deep, and the object holding it. */
function findSchedules(node: Json, depth = 0): Found | undefined {
  for (const value of Object.values(node)) {
    if (Array.isArray(value) && value.length > 0 && value.every(looksLikeSchedule))
      return { list: value, holder: node };
  }
  if (depth >= 3) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'DestinationSettings') continue;
    if (isObject(value)) {
      const found = findSchedules(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Keys whose name mentions schedules and whose value is an empty list: "no schedules". */
function hasEmptyScheduleList(node: Json, depth = 0): boolean {
  for (const [key, value] of Object.entries(node)) {
    if (/schedule/i.test(key) && Array.isArray(value) && value.length === 0) return true;
    if (depth < 3 && isObject(value) && /schedule/i.test(key) && hasEmptyScheduleList(value, depth + 1))
      return true;
  }
  return false;
}

/** A switch that turns the whole list off, e.g. `Enable: false` beside it. */
function switchedOff(holder: Json): boolean {
  return Object.entries(holder).some(([key, value]) => /^(schedule)?enabled?$/i.test(key) && isFalse(value));
}

function readSchedule(set: Json): CbsSchedule {
  const found = findSchedules(set);
  if (!found) {
    if (hasEmptyScheduleList(set)) return { kind: 'off' };
    return { kind: 'unknown', reason: 'the backup set settings hold no schedule list we recognise' };
  }
  if (switchedOff(found.holder)) return { kind: 'off' };
  const rules: ScheduleRule[] = [];
  for (const [index, entry] of found.list.entries()) {
    if (isFalse(entry.Enabled ?? entry.Enable)) continue;
    const rule = readOne(entry);
    if (typeof rule === 'string') return { kind: 'unknown', reason: `schedule ${index + 1}: ${rule}` };
    if (rule) rules.push(rule);
  }
  return rules.length > 0 ? { kind: 'rules', rules } : { kind: 'off' };
}

/** One schedule as a rule; undefined for a one-off CUSTOM date; a string says what is not understood. */
function readOne(entry: Json): ScheduleRule | undefined | string {
  const type = text(entry.Type).trim().toUpperCase();
  const time = isObject(entry.Time) ? entry.Time : entry;
  const interval = number(entry.BackupInterval);
  // A periodic schedule runs every so many minutes, possibly only within part of the day: all the
  // digest can rely on is at least one run on each of its days, at some time.
  const periodic = interval !== undefined && interval > 0;
  const at = periodic ? undefined : timeOf(time);
  switch (type) {
    case 'DAILY':
      // Periodic all day long, or daily at a time we cannot read: a run in every 24 hours.
      return at ? { kind: 'calendar', weekdays: ALL_WEEKDAYS, at } : { kind: 'interval', hours: 24 };
    case 'WEEKLY': {
      const weekdays = weekdaysOf(time);
      if (typeof weekdays === 'string') return weekdays;
      return { kind: 'calendar', weekdays, at } satisfies CalendarRule;
    }
    case 'MONTHLY': {
      const day = dayOfMonthOf(time);
      // "First Monday" and the like: a run at least once a month, counted from the last one seen.
      if (day === undefined) return { kind: 'interval', hours: 31 * 24 };
      return { kind: 'calendar', monthDays: [day], at };
    }
    case 'CUSTOM':
      // A one-off date: nothing recurs, so nothing is ever owed on an ordinary night.
      return undefined;
    default:
      return `unknown Type "${text(entry.Type)}"`;
  }
}

function timeOf(time: Json): TimeOfDay | undefined {
  const hour = number(time.Hour ?? time.StartHour);
  const minute = number(time.Minute ?? time.StartMinute) ?? 0;
  if (hour === undefined || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  return { hour, minute };
}

const DAY_NAMES: Readonly<Record<string, Weekday>> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

function dayName(value: unknown): Weekday | undefined {
  const key = text(value).trim().slice(0, 3).toLowerCase();
  return DAY_NAMES[key];
}

/** Weekdays from a list of names, a comma-separated string, or an object of day → boolean. */
function weekdaysOf(time: Json): Weekday[] | string {
  const raw =
    time.Days ?? time.DaysOfWeek ?? time.WeekDays ?? time.Weekdays ?? time.DayOfWeek ?? time.Day ?? time.Week;
  let names: unknown[] = [];
  if (Array.isArray(raw)) names = raw;
  else if (typeof raw === 'string') names = raw.split(/[,;\s]+/).filter((s) => s !== '');
  else if (isObject(raw))
    names = Object.entries(raw)
      .filter(([, on]) => isTrue(on))
      .map(([day]) => day);
  else {
    // Days as flags on the TimeBean itself: { Sunday: true, Monday: false, … }.
    names = Object.entries(time)
      .filter(([key, on]) => dayName(key) !== undefined && key.length >= 3 && isTrue(on))
      .map(([key]) => key);
  }
  const days = names.map(dayName);
  if (days.length === 0 || days.some((d) => d === undefined))
    return 'a weekly schedule whose days could not be read';
  return [...new Set(days as Weekday[])].sort();
}

function dayOfMonthOf(time: Json): number | undefined {
  const raw = time.DayOfMonth ?? time.Date ?? time.Day;
  if (typeof raw === 'string' && /^last$/i.test(raw.trim())) return -1;
  const day = number(raw);
  // A day that is no whole day (1.5) would match no date: the set would never be due, never missed.
  return day !== undefined && Number.isInteger(day) && day >= 1 && day <= 31 ? day : undefined;
}

function number(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

const isFalse = (value: unknown): boolean =>
  value === false || (typeof value === 'string' && /^false$/i.test(value));
const isTrue = (value: unknown): boolean =>
  value === true || (typeof value === 'string' && /^true$/i.test(value));

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an empty array';
  if (value === undefined) return 'missing';
  return `a ${typeof value}`;
}
