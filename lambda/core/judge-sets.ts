import { DateTime } from 'luxon';
import { type BackupUserRef, userKey } from './backup-server';
import { plural } from './classify-job';
import type { DigestRow, RecoveredRun, SetLine } from './digest';
import { rowWith } from './digest-rows';
import { isScheduled } from './expectation';
import type { HistoryEntry } from './history-store';
import { viewOf } from './history-view';
import { type ReportWindow, utcIso } from './report-window';
import { type DueRun, runDue } from './run-due';
import { mergeNight, type NightMark, type RunningJob, type SetHistory, setKeyOf } from './set-history';
import type { SetObservation } from './set-observation';

/** What became of a job some earlier run saw running (asked of CBS before judging). */
export type RunningFate = 'ended' | 'still running' | 'gone';

export interface JudgeInput {
  rows: readonly DigestRow[];
  observations: readonly SetObservation[];
  /** Histories by `setKeyOf`; undefined when the store could not be read. */
  histories: ReadonlyMap<string, SetHistory> | undefined;
  /** Fates of jobs earlier runs saw running, by `runningKey`. */
  fates: ReadonlyMap<string, RunningFate>;
  window: ReportWindow;
  cbsTimeZone: string;
  staleAfterDays: number;
}

export interface Judgement {
  /** One row per set (its latest run decides), plus missed, stuck and stale rows, and the rest as they were. */
  rows: DigestRow[];
  notScheduled: SetLine[];
  removed: SetLine[];
  /** Sets whose schedule could not be read (a fallback expectation was used). */
  guessedSchedules: number;
  /** The nights to save. */
  entries: HistoryEntry[];
}

export const runningKey = (user: BackupUserRef, backupSetId: string, jobId: string): string =>
  `${userKey(user)}\u0000${backupSetId}\u0000${jobId}`;

const SUCCESS = new Set(['ok', 'warning']);
const FAILURE = new Set(['failed', 'missed', 'unknown', 'error']);

/**
 * Decides each watched set's night, purely: the latest finished job in the window gives its
 * class, and earlier failures it made good are kept as "recovered"; a set with no job is missed
 * only when a run was provably due (schedule, grace, history); a job an earlier run saw running
 * that never ended is stuck; a set without a success for longer than `staleAfterDays` needs
 * attention even on a night nothing was due. Rows of sets carry their history view.
 */
export function judgeSets(input: JudgeInput): Judgement {
  const { window, histories } = input;
  const night = window.label;
  const bySet = new Map<string, DigestRow[]>();
  const rest: DigestRow[] = [];
  for (const row of input.rows) {
    if (row.backupSetId !== undefined && row.jobId !== undefined && !row.pinned) {
      const key = setKeyOf({ ...row.user, backupSetId: row.backupSetId });
      const group = bySet.get(key);
      if (group) group.push(row);
      else bySet.set(key, [row]);
    } else rest.push(row);
  }
  const judged: Judgement = { rows: rest, notScheduled: [], removed: [], guessedSchedules: 0, entries: [] };
  const observed = new Set<string>();

  const windowStart = utcIso(window.start);
  for (const seen of input.observations) {
    const set = { loginName: seen.user.loginName, owner: seen.user.owner, backupSetId: seen.backupSetId };
    const key = setKeyOf(set);
    observed.add(key);
    const line: SetLine = { user: seen.user, backupSetId: seen.backupSetId, name: seen.name };
    if (seen.removed) {
      judged.removed.push(line);
      continue;
    }
    if (seen.expectation.source === 'fallback') judged.guessedSchedules += 1;
    const previous = histories?.get(key);
    const jobRows = (bySet.get(key) ?? []).sort((a, b) => startOf(a) - startOf(b) || 0);
    bySet.delete(key);
    const setRows: DigestRow[] = [];
    let mark: NightMark;

    if (jobRows.length > 0) {
      const decider = decide(jobRows);
      setRows.push(decider);
      mark = markOf(decider.jobClass);
    } else if (!seen.complete) {
      mark = 'unchecked';
    } else if (!isScheduled(seen.expectation)) {
      judged.notScheduled.push(line);
      mark = 'idle';
    } else {
      const due = runDue(seen.expectation, window, input.cbsTimeZone, evidenceOf(previous, window));
      if (due) {
        setRows.push(missedRow(seen, due, window.timeZone));
        mark = 'missed';
      } else mark = 'idle';
    }

    // Jobs an earlier run saw running: ended now, or stuck.
    const running: RunningJob[] = [];
    const finishedTonight = jobRows.some((r) => r.jobClass !== 'running');
    for (const job of previous?.running ?? []) {
      const fate = input.fates.get(runningKey(seen.user, seen.backupSetId, job.jobId)) ?? 'gone';
      if (fate === 'ended' || jobRows.some((r) => r.jobId === job.jobId && r.jobClass !== 'running'))
        continue;
      running.push(job);
      if (!finishedTonight && job.firstSeen < night) {
        // The stuck job is why nothing ran: one row says so, not a second "missed" one.
        // Stryker disable next-line LogicalOperator: with no job finished tonight, the only row without a job id is the missed one
        const missedAt = setRows.findIndex((r) => r.jobClass === 'missed' && r.jobId === undefined);
        if (missedAt >= 0) setRows.splice(missedAt, 1);
        setRows.unshift(stuckRow(seen, job, fate, window));
        mark = 'stuck';
      }
    }
    for (const row of jobRows) {
      if (row.jobClass === 'running' && row.jobId && !running.some((j) => j.jobId === row.jobId))
        running.push({ jobId: row.jobId, start: row.start ?? '', firstSeen: night });
    }

    // Stryker disable next-line StringLiteral: the filter kept only rows with a start
    const successes = jobRows.filter((r) => SUCCESS.has(r.jobClass) && r.start).map((r) => r.start ?? '');
    const starts = jobRows.map((r) => r.start ?? '').filter((s) => s !== '');
    const history = mergeNight(previous, {
      set,
      night,
      mark,
      windowStart,
      // In start order already (jobRows is).
      lastSuccess: successes.at(-1),
      lastStart: starts.at(-1),
      running,
    });
    if (histories) judged.entries.push({ set, history, night, mark });

    const view = histories ? viewOf(history, night, window.end) : undefined;
    const quiet = setRows.every((r) => r.jobClass === 'ok' || r.jobClass === 'running');
    if (view && quiet && mark !== 'unchecked' && isScheduled(seen.expectation)) {
      const days = view.daysSinceSuccess;
      const staleSince = days === undefined ? daysSince(history.firstNight, window) : days;
      // A weekly set is not stale after 4 days: allow its longest gap between runs too.
      const allowed = Math.max(input.staleAfterDays, longestGapDays(seen.expectation) + 1);
      if (staleSince > allowed && (days !== undefined || previous !== undefined))
        setRows.push(staleRow(seen, staleSince, days !== undefined));
    }
    for (const row of setRows) judged.rows.push(view ? rowWith(row, { history: view }) : row);
  }

  // Job rows of no observed set (pinned jobs): as they were.
  for (const [key, rows] of bySet) if (!observed.has(key)) judged.rows.push(...rows);
  return judged;
}

function decide(rows: readonly DigestRow[]): DigestRow {
  // The common night, one job: its row as it is (a copy of every row would double the rows'
  // memory while judging, 50 MB at 50,000 jobs).
  const [only] = rows;
  // Stryker disable next-line OptionalChaining: decide is only called with rows, so the one is there
  if (rows.length === 1 && only?.jobs === 1) return only;
  const finished = rows.filter((r) => r.jobClass !== 'running');
  const latest = finished.at(-1) ?? rows.at(-1);
  // Stryker disable next-line ConditionalExpression,StringLiteral: decide is only called with rows, so a latest is always found
  if (!latest) throw new Error('decide needs a row');
  const earlier = finished.slice(0, -1).filter((r) => FAILURE.has(r.jobClass));
  const jobs = rows.length;
  const others = rows.filter((r) => r !== latest);
  const superseded = others.length > 0 ? { earlierJobs: others } : {};
  const later = rows.at(-1);
  // A run started after the one that decides is still going: say so beside it.
  const notes =
    later && later !== latest && later.jobClass === 'running'
      ? [
          ...latest.notes,
          `a later run started ${(later.start ?? '').slice(0, 16).replace('T', ' ')} and is still running`,
        ]
      : latest.notes;
  if (SUCCESS.has(latest.jobClass) && earlier.length > 0) {
    const recovered: RecoveredRun[] = earlier.map((r) => ({
      start: r.start,
      reason: r.reason,
      status: r.status,
    }));
    return rowWith(latest, {
      jobClass: 'warning',
      reason: `recovered: ${latest.reason} after ${earlier.length === 1 ? 'a failed run' : `${earlier.length} failed runs`}`,
      recovered,
      jobs,
      notes,
      ...superseded,
    });
  }
  return rowWith(latest, { jobs, notes, ...superseded });
}

/** The longest span in days between two runs the expectation asks for. */
function longestGapDays(expectation: SetObservation['expectation']): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const rule of expectation.rules) {
    if (rule.kind === 'interval') shortest = Math.min(shortest, Math.ceil(rule.hours / 24));
    else if (rule.monthDays && rule.monthDays.length > 0) shortest = Math.min(shortest, 31);
    else {
      const days = [...(rule.weekdays ?? [])].sort();
      let gap = days.length === 0 ? Number.POSITIVE_INFINITY : 0;
      days.forEach((day, i) => {
        const next = days[(i + 1) % days.length] ?? day;
        gap = Math.max(gap, (next - day + 7) % 7 || 7);
      });
      shortest = Math.min(shortest, gap);
    }
  }
  return Number.isFinite(shortest) ? shortest : 0;
}

function markOf(jobClass: DigestRow['jobClass']): NightMark {
  switch (jobClass) {
    case 'ok':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'running':
      return 'running';
    case 'missed':
      return 'missed';
    case 'error':
      return 'unchecked';
    default:
      return 'failed';
  }
}

function evidenceOf(previous: SetHistory | undefined, window: ReportWindow) {
  const knownSince = previous?.knownSince ? DateTime.fromISO(previous.knownSince) : undefined;
  const lastStart = previous?.lastStart ? DateTime.fromISO(previous.lastStart) : undefined;
  return {
    // Stryker disable next-line EqualityOperator: a knownSince at the window's start is the same instant either way
    knownSince: knownSince?.isValid && knownSince < window.start ? knownSince : window.start,
    lastStartBefore: lastStart?.isValid && lastStart < window.start ? lastStart : undefined,
  };
}

function daysSince(label: string, window: ReportWindow): number {
  return Math.floor(window.end.diff(DateTime.fromISO(label, { zone: window.timeZone }), 'days').days);
}

/** A row of the set itself (missed, stuck, stale), with what the observation knows of it. */
function setRow(
  seen: SetObservation,
  jobClass: DigestRow['jobClass'],
  reason: string,
  more: Partial<DigestRow> = {},
): DigestRow {
  return rowWith(
    {
      jobClass,
      reason,
      user: seen.user,
      backupSetId: seen.backupSetId,
      backupSetName: seen.name,
      destinationId: seen.destination?.id,
      destinationName: seen.destination?.name,
      notes: seen.expectation.note ? [seen.expectation.note] : [],
    },
    more,
  );
}

function missedRow(seen: SetObservation, due: DueRun, reportZone: string): DigestRow {
  const at = due.from.setZone(reportZone);
  const grace = seen.expectation.graceMinutes;
  const late = grace > 0 ? ` (${grace} min grace)` : '';
  const reason =
    due.kind === 'at'
      ? `no backup started; one was due at ${at.toFormat('yyyy-MM-dd HH:mm')}${late}`
      : due.kind === 'day'
        ? `no backup started on ${due.from.toISODate()}, a day one was due`
        : `no backup started in ${plural(due.hours ?? 24, 'hour')} (one is expected every ${plural(due.hours ?? 24, 'hour')})`;
  return setRow(seen, 'missed', reason);
}

function stuckRow(seen: SetObservation, job: RunningJob, fate: RunningFate, window: ReportWindow): DigestRow {
  const started = DateTime.fromISO(job.start);
  const hours = started.isValid ? Math.floor(window.end.diff(started, 'hours').hours) : undefined;
  const age =
    hours === undefined ? '' : hours >= 48 ? ` for ${Math.floor(hours / 24)} days` : ` for ${hours} hours`;
  const reason =
    fate === 'gone'
      ? `stuck: seen running on ${job.firstSeen}, and CBS no longer lists it with an end`
      : `stuck: running${age} without an end (the client may have died)`;
  return setRow(seen, 'failed', reason, { jobId: job.jobId, start: job.start || undefined, stuck: true });
}

function staleRow(seen: SetObservation, days: number, hadSuccess: boolean): DigestRow {
  const reason = hadSuccess
    ? `no successful backup for ${days} days`
    : `no successful backup on record for ${days} days`;
  return setRow(seen, 'missed', reason, { stale: true });
}

/**
 * A row's start as an instant, for ordering a set's jobs; a row without one comes first. Not the
 * text: on the night clocks go back the repeated hour's second 02:10 (+01:00) is after its first
 * 02:30 (+02:00).
 */
function startOf(row: DigestRow): number {
  return row.start ? Date.parse(row.start) : Number.NEGATIVE_INFINITY;
}
