import type { DateTime } from 'luxon';
import { type BackupServer, type BackupUserRef, type JobRecord, jobStart, userKey } from './backup-server';
import { classifyJob } from './classify-job';
import type { ListedBefore } from './collect-user';
import type { Deadline } from './deadline';
import { forEachLimited } from './for-each-limited';
import { cbsDatesTouched, type ReportWindow, utcIso } from './report-window';
import { runDue } from './run-due';
import { mergeNight, type NightMark, type RunningJob, type SetHistory, setKeyOf } from './set-history';
import type { SetObservation } from './set-observation';
import { settle } from './settle';

export interface BackfillResult {
  histories: Map<string, SetHistory>;
  /** ListBackupJobStatus calls made. */
  calls: number;
  /** Users whose past could not be read in full (a call failed, or time ran out). */
  incomplete: number;
}

/**
 * The first run with an empty store reads the last `days` nights back from ListBackupJobStatus
 * (listings only, no report summaries), so its digest already shows strips and last-success ages.
 * One call per user per CBS date, but for the dates tonight's listings already answered
 * (`listedBefore`, by user key); it stops when the deadline comes, keeping what it has.
 */
export async function backfill(
  server: BackupServer,
  observations: readonly SetObservation[],
  window: ReportWindow,
  cbsTimeZone: string,
  days: number,
  concurrency: number,
  deadline?: Deadline,
  listedBefore?: ReadonlyMap<string, ListedBefore>,
): Promise<BackfillResult> {
  const result: BackfillResult = { histories: new Map(), calls: 0, incomplete: 0 };
  const { nights, dates } = pastNights(window, days, cbsTimeZone);
  const first = nights[0];
  if (!first) return result;
  const byUser = new Map<string, { user: BackupUserRef; sets: SetObservation[] }>();
  for (const seen of observations) {
    if (seen.removed) continue;
    const key = userKey(seen.user);
    const entry = byUser.get(key) ?? { user: seen.user, sets: [] };
    entry.sets.push(seen);
    byUser.set(key, entry);
  }
  await forEachLimited([...byUser.values()], concurrency, async ({ user, sets }) => {
    const tonight = listedBefore?.get(userKey(user));
    // Stryker disable next-line ArrayDeclaration: a stray entry has no backupSetId, so no set's filter keeps it
    const jobs: JobRecord[] = tonight ? [...tonight.jobs] : [];
    let complete = true;
    for (const date of dates) {
      if (tonight?.dates.includes(date)) continue;
      if (deadline?.expired()) {
        complete = false;
        break;
      }
      result.calls += 1;
      const [listing, error] = await settle(server.listJobs(user, date));
      if (error || !listing) complete = false;
      // One by one: a spread of a huge array into push() overflows the call stack.
      else for (const job of listing.jobs) jobs.push(job);
    }
    if (!complete) result.incomplete += 1;
    for (const seen of sets) {
      const own = jobs.filter((job) => job.backupSetId === seen.backupSetId);
      const history = replay(seen, own, nights, first.start, cbsTimeZone, complete);
      // Stryker disable next-line ConditionalExpression: there is at least one night, so replay always returns a history
      if (history) result.histories.set(setKeyOf({ ...seen.user, backupSetId: seen.backupSetId }), history);
    }
  });
  return result;
}

interface PastNight extends ReportWindow {
  /** `start` as an ISO instant in UTC, as the history keeps it. */
  startIso: string;
  /** `start` and `end` in epoch milliseconds, for the comparisons made for every job of every set. */
  startMs: number;
  endMs: number;
}

interface PastNights {
  /** The nights to read back, oldest first. */
  nights: readonly PastNight[];
  /** Every CBS date they touch, the one they share with tonight's window included. */
  dates: readonly string[];
}

/**
 * The same for every user of a night, and worked out once a night: the backfill is called user by
 * user, and luxon's zone arithmetic for 7 nights and their dates, again for each of 3,334 users,
 * was a fifth of a first run's backfill CPU (profile, 2,000 sets).
 */
const pastNightsOf = new WeakMap<ReportWindow, Map<string, PastNights>>();

function pastNights(window: ReportWindow, days: number, cbsTimeZone: string): PastNights {
  let known = pastNightsOf.get(window);
  if (known === undefined) {
    known = new Map<string, PastNights>();
    pastNightsOf.set(window, known);
  }
  const key = `${days} ${cbsTimeZone}`;
  const cached = known.get(key);
  if (cached) return cached;
  // No nights (days 0 or less): nothing to read.
  const nights = Array.from({ length: Math.max(0, days) }, (_, i) => {
    const night = pastWindow(window, days - i);
    return {
      ...night,
      startIso: utcIso(night.start),
      startMs: night.start.toMillis(),
      endMs: night.end.toMillis(),
    };
  });
  const first = nights[0];
  const dates = first
    ? cbsDatesTouched({ ...window, start: first.start, end: window.start }, cbsTimeZone)
    : [];
  const worked = { nights, dates };
  known.set(key, worked);
  return worked;
}

/** The window `back` nights before this one, on the report zone's calendar. */
function pastWindow(window: ReportWindow, back: number): ReportWindow {
  const start = window.start.minus({ days: back });
  return {
    start,
    end: window.end.minus({ days: back }),
    // Stryker disable next-line StringLiteral: a valid DateTime always has an ISO date
    label: start.toISODate() ?? '',
    timeZone: window.timeZone,
  };
}

interface PastJob {
  start: DateTime;
  /** `start` in epoch milliseconds. */
  at: number;
  jobId: string;
  ended: boolean;
  mark: NightMark;
}

function replay(
  seen: SetObservation,
  jobs: readonly JobRecord[],
  nights: readonly PastNight[],
  /** From here on every start is known: the first night's start. */
  knownSince: DateTime,
  cbsTimeZone: string,
  complete: boolean,
): SetHistory | undefined {
  const past: PastJob[] = [];
  const seenIds = new Set<string>();
  for (const job of jobs) {
    if (seenIds.has(job.jobId)) continue;
    seenIds.add(job.jobId);
    const start = jobStart(job);
    if (!start) continue;
    const { jobClass } = classifyJob({ status: job.status, ended: job.endTime !== undefined });
    const mark: NightMark =
      jobClass === 'ok'
        ? 'ok'
        : jobClass === 'warning'
          ? 'warning'
          : jobClass === 'running'
            ? 'running'
            : jobClass === 'missed'
              ? 'missed'
              : 'failed';
    past.push({ start, at: start.toMillis(), jobId: job.jobId, ended: jobClass !== 'running', mark });
  }
  past.sort((a, b) => a.at - b.at);
  let history: SetHistory | undefined;
  for (const night of nights) {
    const inside = past.filter((job) => job.at >= night.startMs && job.at < night.endMs);
    const finished = inside.filter((job) => job.ended);
    let mark: NightMark;
    const latest = finished.at(-1) ?? inside.at(-1);
    if (latest) mark = latest.mark;
    else if (!complete) mark = 'unchecked';
    else {
      // A set with no rules is never due: idle. A job starting at the night's very start is inside it.
      // Stryker disable next-line EqualityOperator: such a job makes `latest` above, so this branch never sees it
      const lastBefore = past.filter((job) => job.at < night.startMs).at(-1)?.start;
      const due = runDue(seen.expectation, night, cbsTimeZone, { knownSince, lastStartBefore: lastBefore });
      mark = due ? 'missed' : 'idle';
    }
    const running: RunningJob[] = past
      .filter((job) => !job.ended && job.at < night.endMs)
      .map((job) => ({ jobId: job.jobId, start: utcIso(job.start), firstSeen: night.label }));
    const successes = inside.filter((job) => job.mark === 'ok' || job.mark === 'warning');
    history = mergeNight(history, {
      // Stryker disable next-line ObjectLiteral: mergeNight does not read the set; the caller keys the history
      set: { ...seen.user, backupSetId: seen.backupSetId },
      night: night.label,
      mark,
      windowStart: night.startIso,
      lastSuccess: successes.length > 0 ? utcIso((successes.at(-1) as PastJob).start) : undefined,
      lastStart: inside.length > 0 ? utcIso((inside.at(-1) as PastJob).start) : undefined,
      // Stryker disable next-line ArrayDeclaration: a stray entry has no jobId, so no running job matches it
      running: keepFirstSeen(history?.running ?? [], running),
    });
  }
  return history;
}

function keepFirstSeen(before: readonly RunningJob[], now: readonly RunningJob[]): RunningJob[] {
  return now.map((job) => before.find((b) => b.jobId === job.jobId) ?? job);
}
