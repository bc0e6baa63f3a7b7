import { DateTime } from 'luxon';
import { cachedZone } from '../cached-zone';

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * Between a number and its unit: a no-break space, so neither a phone's narrow column nor the
 * text part's 80 columns ever leave "MB" at the start of a line.
 */
export const NBSP = '\u00a0';
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 2000 → "2,000": counts read at a glance only with their thousands marked. */
export function formatCount(count: number): string {
  return GROUPED.format(count);
}

/** `2000, 'backup'` → "2,000 backups"; `1, 'backup'` → "1 backup". `many` covers irregular plurals. */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** 1536 → "1.5 KB"; binary multiples, three significant digits, as backup tools show them. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes < 1024) return `${bytes}${NBSP}${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  // Compare the rounded figure, so 1023.99 KB reads "1 MB", not "1024 KB".
  while (unit < UNITS.length - 1 && Number(round(value)) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${round(value)}${NBSP}${UNITS[unit]}`;
}

function round(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** 4320 → "1 h 12 min"; under a minute → "45 s". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 59.5) return `${Math.round(seconds)}${NBSP}s`;
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}${NBSP}min`;
  return m === 0 ? `${h}${NBSP}h` : `${h}${NBSP}h ${m}${NBSP}min`;
}

/**
 * An ISO time shown in `zone`, with the zone named: "2026-11-28 22:00 CET", or the IANA name where
 * no abbreviation is in common use ("2026-11-28 22:00 Asia/Tokyo" rather than "GMT+9").
 */
export function formatTime(iso: string | undefined, zone: string): string {
  if (!iso) return '–';
  const ts = instantOf(iso);
  if (Number.isNaN(ts)) return '–';
  const offset = offsetAt(zone, ts);
  if (Number.isNaN(offset)) return '–';
  return `${wallClock(ts, offset)} ${zoneName(zone, offset, ts)}`;
}

// A digest formats a time per row, twice (HTML and text): 20,000 at 10,000 jobs. Luxon asks Intl
// for the zone's offset on every conversion and builds a new Intl.DateTimeFormat for every `ZZZZ`,
// which made these the larger part of a big render and left tens of MB of ICU objects behind. Both
// answers are cached: offsets per quarter hour (CachedIanaZone), abbreviations per zone and offset
// (CET, CEST). A run touches a few hundred entries. The times digest rows carry (`toISO` output)
// are read without luxon too; anything else goes to it.
const ROW_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MAX_CACHED = 10_000;
const zoneNames = new Map<string, string>();

/** `zone`'s UTC offset in minutes at `ts`; NaN if the zone is not one. */
function offsetAt(zone: string, ts: number): number {
  return cachedZone(zone).offset(ts);
}

/** Epoch milliseconds of an ISO 8601 time, NaN if it is not one. */
function instantOf(iso: string): number {
  const match = ROW_TIME.exec(iso);
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
    const ms = Number((match[7] ?? '0').padEnd(3, '0'));
    const local = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second, ms);
    const check = new Date(local);
    // Date.UTC rolls 02-30 over to March and reads years below 100 as 19xx: those go to luxon.
    if (
      (year as number) >= 100 &&
      check.getUTCMonth() === (month as number) - 1 &&
      check.getUTCDate() === day &&
      check.getUTCHours() === hour
    ) {
      const sign = match[8] === '-' ? -1 : 1;
      return local - sign * (Number(match[9] ?? 0) * 60 + Number(match[10] ?? 0)) * 60_000;
    }
  }
  const parsed = DateTime.fromISO(iso, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : Number.NaN;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `yyyy-MM-dd HH:mm` of the local time `offset` minutes from UTC. */
function wallClock(ts: number, offset: number): string {
  const local = new Date(ts + offset * 60_000);
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

function zoneName(zone: string, offset: number, ts: number): string {
  const key = `${zone}\u0000${offset}`;
  let named = zoneNames.get(key);
  if (named === undefined) {
    const time = DateTime.fromMillis(ts, { zone });
    // Each locale knows the abbreviations of its own region (en-GB: CET, BST; en-US: EST, PDT).
    named =
      ['en-GB', 'en-US', 'en-AU']
        .map((locale) => time.toFormat('ZZZZ', { locale }))
        .find((abbreviation) => !/^(GMT|UTC)[+-]/.test(abbreviation)) ?? zone;
    if (zoneNames.size >= MAX_CACHED) zoneNames.clear();
    zoneNames.set(key, named);
  }
  return named;
}

/** Strips what would break a line of plain text or a header: CR, LF, tabs, other controls. */
export function oneLine(value: string): string {
  // Tested first, without the u flag: nearly every value has none, and the test is far cheaper
  // than a replace (the CSV runs this on 400,000 fields at 50,000 jobs). \p{Cc} is exactly
  // U+0000-U+001F and U+007F-U+009F, all single UTF-16 units.
  return LINE_BREAKING.test(value) ? value.replace(LINE_BREAKING_RUNS, ' ') : value;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const LINE_BREAKING_RUNS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Cuts `value` to at most `max` characters, marking the cut with an ellipsis. */
export function shorten(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max
    ? value
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
