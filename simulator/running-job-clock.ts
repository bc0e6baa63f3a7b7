import type { DateTime } from 'luxon';

const STARTED_BEFORE_NOW_MINUTES = 20;
const KEPT_FOR_MINUTES = 60;

/**
 * Start times of the jobs that are running "now". A start of exactly now − 20 min would move
 * with every call, and a client that lists the job and then asks for its summary a second
 * later would get "not found"; so a start is kept while it stays plausible: on the CBS date of
 * now and at most an hour old. With a fixed clock it never changes.
 */
export class RunningJobClock {
  private readonly starts = new Map<string, DateTime>();

  /** The start of the running job of `key` (a set), as seen at `now` (in the CBS zone). */
  startFor(key: string, now: DateTime): DateTime {
    const kept = this.starts.get(key);
    if (kept && kept <= now && kept.hasSame(now, 'day') && now.diff(kept).as('minutes') <= KEPT_FOR_MINUTES) {
      return kept;
    }
    const twentyMinutesAgo = now.minus({ minutes: STARTED_BEFORE_NOW_MINUTES }).startOf('second');
    // Clamped to midnight so the job always belongs to the CBS date of now.
    const start = twentyMinutesAgo.hasSame(now, 'day') ? twentyMinutesAgo : now.startOf('day');
    this.starts.set(key, start);
    return start;
  }
}
