import { DateTime, type Zone } from 'luxon';
import { formatCbsDate, formatJobId } from './cbs-time';
import { type JobFigures, type JobState, jobFigures } from './job-figures';
import { intBetween, type Random, randomFor } from './prng';
import type { RunningJobClock } from './running-job-clock';
import type { JobOutcome, SetPlan, UserPlan } from './user-plan';

/** Everything besides the plans that a job depends on: the seed and the simulated clock. */
export interface JobClock {
  readonly seed: number;
  /** The CBS zone. */
  readonly zone: Zone;
  /** Now, in the CBS zone. */
  readonly now: DateTime;
  readonly running: RunningJobClock;
}

/** One backup job; `end` is undefined while it runs. */
export interface SimJob {
  readonly id: string;
  readonly start: DateTime;
  readonly end: DateTime | undefined;
  readonly state: JobState;
  readonly figures: JobFigures;
}

/** The CBS-local calendar date `yyyy-MM-dd` as the start of that day, or undefined if it is not one. */
export function parseCbsDate(text: string, zone: Zone): DateTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const midnight = DateTime.fromObject({ year, month, day }, { zone });
  return midnight.isValid ? midnight : undefined;
}

/**
 * The jobs of a set that started on a CBS-local date, up to now. Each is a pure function of
 * (seed, user, set, date, job index) and the clock, so every endpoint sees the same jobs.
 */
export function jobsOnDate(clock: JobClock, user: UserPlan, set: SetPlan, day: DateTime): SimJob[] {
  if (set.runningNow && day.hasSame(clock.now, 'day')) {
    // That day's run is the one still going.
    const start = clock.running.startFor(`${user.loginName}\n${set.id}`, clock.now);
    const random = randomFor(clock.seed, user.loginName, set.id, formatCbsDate(day), 'running');
    return [
      {
        id: formatJobId(start),
        start,
        end: undefined,
        state: 'running',
        figures: jobFigures(random, set, 'running'),
      },
    ];
  }
  const daysAgo = calendarDaysBetween(day, clock.now);
  if (!runsOn(set, day, daysAgo)) return [];
  const jobs: SimJob[] = [];
  set.startSeconds.forEach((secondOfDay, index) => {
    const start = atSecondOfDay(day, secondOfDay);
    if (start === undefined || start > clock.now) return;
    const random = randomFor(clock.seed, user.loginName, set.id, formatCbsDate(day), index);
    const duration = intBetween(random, set.durationSeconds.min, set.durationSeconds.max);
    if (set.stuckDaysAgo === daysAgo) {
      // The client died mid-backup: CBS keeps the job with no end and no status.
      jobs.push({
        id: formatJobId(start),
        start,
        end: undefined,
        state: 'running',
        figures: jobFigures(random, set, 'running'),
      });
      return;
    }
    const outcome = outcomeOf(set, index, daysAgo, random);
    // A missed backup is recorded at its scheduled time and takes no time.
    const plannedEnd = outcome === 'missed' ? start : start.plus({ seconds: duration });
    const ended = plannedEnd <= clock.now;
    const state: JobState = ended || !set.showsRunning ? outcome : 'running';
    jobs.push({
      id: formatJobId(start),
      start,
      end: state === 'running' ? undefined : ended ? plannedEnd : clock.now.startOf('second'),
      state,
      figures: jobFigures(random, set, state),
    });
  });
  return jobs;
}

/**
 * Whole calendar days from `day`'s date to `now`'s, both in the CBS zone: what luxon's
 * `now.startOf('day').diff(day.startOf('day'), 'days')` gives, from the dates alone. luxon's diff
 * was a sixth of the simulator's CPU in a 10,000-job bench run (profile: 2.4 of 15 s), asked for
 * every set of every listing, and the simulator shares the machine with the run it serves.
 */
export function calendarDaysBetween(day: DateTime, now: DateTime): number {
  return Math.round((utcMidnight(now) - utcMidnight(day)) / 86_400_000);
}

/** The date's midnight in UTC, in ms; `setUTCFullYear`, as `Date.UTC` reads years 0 to 99 as 19xx. */
function utcMidnight(time: DateTime): number {
  const date = new Date(0);
  return date.setUTCFullYear(time.year, time.month - 1, time.day);
}

/** Whether the set has jobs on a date `daysAgo` before today (CBS zone). */
function runsOn(set: SetPlan, day: DateTime, daysAgo: number): boolean {
  if (set.stoppedDaysAgo !== undefined && daysAgo <= set.stoppedDaysAgo) return false;
  if (set.stuckDaysAgo !== undefined && daysAgo < set.stuckDaysAgo) return false;
  const schedule = set.schedule ?? 'daily';
  if (schedule === 'weekdays') return day.weekday <= 5;
  if (schedule === 'weekly') return day.weekday === 7;
  return true;
}

function outcomeOf(set: SetPlan, index: number, daysAgo: number, random: Random): JobOutcome {
  if (set.failingNights !== undefined && daysAgo >= 1) {
    return daysAgo <= set.failingNights ? 'system-error' : 'success';
  }
  const planned = set.outcomes?.[index];
  if (planned !== undefined) return planned;
  return set.outcome === 'mixed' ? drawOutcome(random) : set.outcome;
}

/** The job of a set with this id, if it exists (now). */
export function findJob(clock: JobClock, user: UserPlan, set: SetPlan, jobId: string): SimJob | undefined {
  if (!/^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/.test(jobId)) return undefined;
  const day = parseCbsDate(jobId.slice(0, 10), clock.zone);
  return day && jobsOnDate(clock, user, set, day).find((job) => job.id === jobId);
}

/** The local time on that day, or undefined when a DST switch skips it (no two jobs share an id). */
function atSecondOfDay(day: DateTime, secondOfDay: number): DateTime | undefined {
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor(secondOfDay / 60) % 60;
  const time = day.set({ hour, minute, second: secondOfDay % 60, millisecond: 0 });
  return time.hour === hour && time.minute === minute ? time : undefined;
}

/** Mostly success; about one job in ten warns, errs, fails or is missed. */
function drawOutcome(random: Random): JobOutcome {
  const draw = random();
  if (draw < 0.9) return 'success';
  if (draw < 0.94) return 'warning';
  if (draw < 0.97) return 'error';
  if (draw < 0.985) return 'system-error';
  return 'missed';
}
