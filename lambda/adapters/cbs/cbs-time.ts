import { DateTime } from 'luxon';
import type { ReportedTime } from '../../core/backup-server';
import { cachedZone } from '../cached-zone';

/**
 * CBS times as they travel: `yyyy-MM-dd HH:mm:ss` in the CBS server's own zone, with no zone in the
 * text, and job ids that are the start time `yyyy-MM-dd-HH-mm-ss`. Read here, at the edge, so the
 * core only ever sees instants.
 */

const CBS_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const JOB_ID = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$/;

/**
 * Reads a CBS timestamp (`yyyy-MM-dd HH:mm:ss`, CBS-local, no zone) as an instant, or undefined if
 * it does not parse: the docs' own examples hold typos such as `11;34:15`, and a bad time must
 * never break a digest.
 */
export function parseCbsTime(raw: unknown, cbsTimeZone: string): DateTime | undefined {
  return typeof raw === 'string' ? fromParts(CBS_TIME.exec(raw.trim()), cbsTimeZone) : undefined;
}

/** A job id is its start time, `yyyy-MM-dd-HH-mm-ss`, CBS-local. */
export function parseJobId(raw: string, cbsTimeZone: string): DateTime | undefined {
  return fromParts(JOB_ID.exec(raw.trim()), cbsTimeZone);
}

/**
 * A StartTime or EndTime as the core takes it: nothing when CBS sent none (a running job has no
 * end), the instant, or CBS's own text when it could not be read, for the digest to quote.
 */
export function reportedTime(raw: string, cbsTimeZone: string): ReportedTime | undefined {
  if (raw.trim() === '') return undefined;
  const at = parseCbsTime(raw, cbsTimeZone);
  return at ? { at } : { unreadable: raw };
}

function fromParts(match: RegExpExecArray | null, zone: string): DateTime | undefined {
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number) as number[];
  // `set`, unlike fromObject, would carry 12:60 over into 13:00.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const time = inZone(zone).set({ year, month, day, hour, minute, second, millisecond: 0 });
  // luxon rolls 2026-02-30 over into March; a DST-gap time (02:30 on spring-forward) is shifted
  // forward, which is the instant the CBS clock could have meant.
  return time.isValid && time.day === day && time.month === month ? time : undefined;
}

/**
 * One DateTime per zone that every CBS time is `set` from. `DateTime.fromObject` gives each
 * instance its own Locale with its caches (about 600 bytes); a `set` copy shares its origin's,
 * which at three times per job was 17 MB of a 10,000-job run. Made at first use, now, so an
 * ambiguous local time (the repeated hour when clocks go back) resolves as fromObject resolved it.
 * Its zone remembers its offsets (luxon asks Intl on every `set`, several times each: about 5 s
 * of a loaded 10,000-job run, CPU profile).
 */
function inZone(zone: string): DateTime {
  let origin = ORIGINS.get(zone);
  if (origin === undefined) {
    origin = DateTime.now().setZone(zone);
    // As luxon names it (UTC stays its fixed zone, printed `Z`); an IANA zone, remembering. Set
    // from now, not from `origin`: luxon keeps a DateTime whose zone equals the new one by name.
    if (origin.zone.type === 'iana') origin = DateTime.now().setZone(cachedZone(zone));
    ORIGINS.set(zone, origin);
  }
  return origin;
}

const ORIGINS = new Map<string, DateTime>();
