import { DateTime } from 'luxon';
import type { NightMark, SetHistory } from './set-history';

/** Nights the strip shows, oldest first, tonight last. */
export const STRIP_NIGHTS = 14;

/**
 * One symbol per night, distinct in shape so the strip reads without colour (and aloud, with the
 * legend beside it). `none`: no record of that night.
 */
export const STRIP_SYMBOLS: Readonly<Record<NightMark | 'none', string>> = {
  ok: '✓',
  warning: '!',
  failed: '✗',
  missed: '○',
  stuck: 'S',
  running: '~',
  idle: '-',
  unchecked: '?',
  none: '·',
};

export const STRIP_LEGEND =
  '✓ OK · ! warnings · ✗ failed · ○ missed · S stuck · ~ running · - not due · ? not checked · · no record';

/** What a row says about a set's past. */
export interface HistoryView {
  /** `STRIP_NIGHTS` symbols, oldest first. */
  strip: string;
  /** ISO instant of the last successful backup on record. */
  lastSuccess?: string | undefined;
  /** Whole days from the last success to the end of the window. */
  daysSinceSuccess?: number | undefined;
  /** With no success on record: the first night on record. */
  noneSince?: string | undefined;
  /** Nights in a row, tonight included, with tonight's mark (nights not due do not break it). */
  streak: number;
  /** Fine (or not on record) the last night it was due: a new problem, shown first. */
  isNew: boolean;
}

const PROBLEMS = new Set<NightMark>(['failed', 'missed', 'stuck', 'unchecked']);

/** The view of a set's history as of tonight (its mark already merged in). */
export function viewOf(history: SetHistory, tonight: string, windowEnd: DateTime): HistoryView {
  const nights = history.nights;
  let strip = '';
  for (const label of stripLabels(tonight)) strip += STRIP_SYMBOLS[nights[label] ?? 'none'];
  const before = Object.keys(nights)
    .filter((label) => label < tonight && nights[label] !== 'idle')
    .sort()
    .reverse();
  const mark = nights[tonight];
  let streak = mark === undefined ? 0 : 1;
  // No night before matches a mark tonight lacks, nor an idle one (`before` holds none): those stop at once.
  for (const label of before) {
    if (nights[label] !== mark) break;
    streak += 1;
  }
  // Stryker disable next-line ConditionalExpression: nights[undefined] is undefined too; the test only satisfies the types
  const previous = before[0] === undefined ? undefined : nights[before[0]];
  return {
    strip,
    lastSuccess: history.lastSuccess,
    daysSinceSuccess: wholeDaysBetween(history.lastSuccess, windowEnd.toMillis()),
    noneSince: history.lastSuccess ? undefined : history.firstNight,
    streak,
    // Stryker disable next-line ConditionalExpression: PROBLEMS never holds undefined, so the first test only says it aloud
    isNew: previous === undefined || !PROBLEMS.has(previous),
  };
}

const DAY_MS = 86_400_000;

/**
 * Whole 24-hour days from an ISO instant to `endMs` (0 when it is later), whatever the zones: the
 * arithmetic of luxon's `diff(…, 'days')` in UTC, without its calendar steps (a third of judging a
 * night with history went to them). Undefined for no instant or one that is not ISO.
 */
export function wholeDaysBetween(iso: string | undefined, endMs: number): number | undefined {
  if (iso === undefined || !ISO_INSTANT.test(iso)) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.floor((endMs - at) / DAY_MS));
}

/** An instant as the store keeps it: a date, a time, and `Z` or an offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The labels of the strip's nights, oldest first, tonight last: the same for every set of a night,
 * so worked out once a night (luxon's date steps, 14 a set, were most of judging 10,000 sets).
 */
function stripLabels(tonight: string): readonly string[] {
  if (lastNight.tonight !== tonight) {
    // Stryker disable next-line ObjectLiteral: labels are whole dates; stepping back whole days gives the same dates in any zone
    const last = DateTime.fromISO(tonight, { zone: 'UTC' });
    const labels: string[] = [];
    for (let back = STRIP_NIGHTS - 1; back >= 0; back--)
      labels.push(last.minus({ days: back }).toISODate() ?? '');
    lastNight = { tonight, labels };
  }
  return lastNight.labels;
}

let lastNight: { tonight: string; labels: readonly string[] } = { tonight: '', labels: [] };
