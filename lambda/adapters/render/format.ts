import { DateTime } from 'luxon';

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 1536 → "1.5 KB"; binary multiples, three significant digits, as backup tools show them. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  // Compare the rounded figure, so 1023.99 KB reads "1 MB", not "1024 KB".
  while (unit < UNITS.length - 1 && Number(round(value)) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${round(value)} ${UNITS[unit]}`;
}

function round(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** 4320 → "1 h 12 min"; under a minute → "45 s". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * An ISO time shown in `zone`, with the zone named: "2026-11-28 22:00 CET", or the IANA name where
 * no abbreviation is in common use ("2026-11-28 22:00 Asia/Tokyo" rather than "GMT+9").
 */
export function formatTime(iso: string | undefined, zone: string): string {
  if (!iso) return '–';
  const time = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  if (!time.isValid) return '–';
  // Each locale knows the abbreviations of its own region (en-GB: CET, BST; en-US: EST, PDT).
  const named =
    ['en-GB', 'en-US', 'en-AU']
      .map((locale) => time.toFormat('ZZZZ', { locale }))
      .find((abbreviation) => !/^(GMT|UTC)[+-]/.test(abbreviation)) ?? zone;
  return `${time.toFormat('yyyy-MM-dd HH:mm')} ${named}`;
}

/** Strips what would break a line of plain text or a header: CR, LF, tabs, other controls. */
export function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}
