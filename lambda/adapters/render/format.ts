import { DateTime } from 'luxon';

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
  const time = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  if (!time.isValid) return '–';
  return `${time.toFormat('yyyy-MM-dd HH:mm')} ${zoneName(time, zone)}`;
}

/** Looking a name up builds Intl formatters, slow enough to matter over thousands of rows. */
const zoneNames = new Map<string, string>();

function zoneName(time: DateTime, zone: string): string {
  const key = `${zone} ${time.offset}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    // Each locale knows the abbreviations of its own region (en-GB: CET, BST; en-US: EST, PDT).
    name =
      ['en-GB', 'en-US', 'en-AU']
        .map((locale) => time.toFormat('ZZZZ', { locale }))
        .find((abbreviation) => !/^(GMT|UTC)[+-]/.test(abbreviation)) ?? zone;
    zoneNames.set(key, name);
  }
  return name;
}

/** Strips what would break a line of plain text or a header: CR, LF, tabs, other controls. */
export function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}

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
