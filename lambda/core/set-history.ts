/**
 * What the digest remembers of one backup set between runs: a port-neutral record the store
 * keeps and the core reads. Nights are keyed by the report's label (`yyyy-MM-dd`), so a repeated
 * or interrupted run writes the same night again instead of counting it twice.
 */

/** How a night ended for a set, as the strip shows it. */
export type NightMark = 'ok' | 'warning' | 'failed' | 'missed' | 'stuck' | 'running' | 'idle' | 'unchecked';

export interface RunningJob {
  jobId: string;
  /** ISO instant the job started. */
  start: string;
  /** Report label of the night it was first seen running. */
  firstSeen: string;
}

export interface SetHistory {
  /** ISO instant of the start of the latest job that finished successfully (with or without warnings). */
  lastSuccess?: string | undefined;
  /** ISO instant of the latest start seen. */
  lastStart?: string | undefined;
  /** ISO instant from which every start of the set is known (the earliest window recorded). */
  knownSince?: string | undefined;
  /** Report label of the first night on record. */
  firstNight: string;
  /** Report label → mark, at most `NIGHTS_KEPT` of them. */
  nights: Readonly<Record<string, NightMark>>;
  /** Jobs seen running and not yet seen ending. */
  running: readonly RunningJob[];
}

export const NIGHTS_KEPT = 30;

/** One set's key in the store: owner, login name and set id, which CBS keeps unique together. */
export interface SetRef {
  loginName: string;
  owner?: string | undefined;
  backupSetId: string;
}

export function setKeyOf(set: SetRef): string {
  return `${set.owner ?? ''}\u0000${set.loginName}\u0000${set.backupSetId}`;
}

/** What one run learnt about one set. */
export interface NightFacts {
  set: SetRef;
  /** The report label of the window. */
  night: string;
  mark: NightMark;
  windowStart: string;
  /** Latest successful start in the window, if any. */
  lastSuccess?: string | undefined;
  lastStart?: string | undefined;
  /** Jobs running at the end of the window, and earlier ones still unresolved. */
  running: readonly RunningJob[];
}

/**
 * Instants are compared as instants, not as text: a backfilled night keeps them in UTC (`…Z`),
 * tonight's rows in the report zone (`…-05:00`), and in a zone behind UTC the text of the earlier
 * instant can sort after the later one's (11:50Z, 06:50 in New York, after 08:00-05:00).
 */
const later = (a: string | undefined, b: string | undefined): string | undefined =>
  // Stryker disable next-line EqualityOperator,ConditionalExpression: of two equal instants either is the answer; an absent `a` parses to NaN, which is never later, so `b` comes back without the test
  a === undefined ? b : b === undefined ? a : Date.parse(a) > Date.parse(b) ? a : b;
const earlier = (a: string | undefined, b: string | undefined): string | undefined =>
  // Stryker disable next-line EqualityOperator,ConditionalExpression: as in `later`; and its one caller always gives a `b` (a night's window start)
  a === undefined ? b : b === undefined ? a : Date.parse(a) < Date.parse(b) ? a : b;

/**
 * The history after one more night. Pure and idempotent: merging the same facts twice gives the
 * same history as merging them once, which is what lets a repeated run rewrite its night.
 */
export function mergeNight(previous: SetHistory | undefined, facts: NightFacts): SetHistory {
  const kept = Object.entries(previous?.nights ?? {}).filter(([label]) => label !== facts.night);
  kept.push([facts.night, facts.mark]);
  return {
    lastSuccess: later(previous?.lastSuccess, facts.lastSuccess),
    lastStart: later(previous?.lastStart, facts.lastStart),
    knownSince: earlier(previous?.knownSince, facts.windowStart),
    // Labels (yyyy-MM-dd) are dates, not instants: their text sorts as they do.
    // Stryker disable next-line EqualityOperator: of two equal labels either is the answer
    firstNight: previous && previous.firstNight < facts.night ? previous.firstNight : facts.night,
    nights: nightsOf(kept, NIGHTS_KEPT),
    running: facts.running,
  };
}

/**
 * The nights as one object, built whole from label and mark pairs. Built key by key (or spread
 * and trimmed with delete), an object of 30 nights falls into V8's dictionary mode: 1.6 KB a set
 * against 0.3 KB, two of them per set while a night is judged (20 MB at 10,000 sets, measured).
 * In label order, the latest `latest` of them.
 */
export function nightsOf(
  pairs: readonly (readonly [string, NightMark])[],
  latest: number = Number.POSITIVE_INFINITY,
): Record<string, NightMark> {
  // In label order (labels are yyyy-MM-dd), so sets with the same nights share one object shape.
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(sorted.slice(Math.max(0, sorted.length - latest)));
}
