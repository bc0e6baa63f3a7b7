import type { Config } from '../config/schema';
import { CbsApiError } from '../errors';
import type { BackupServer, BackupSetRecord, BackupUserRef, JobRecord } from './backup-server';
import type { DigestRow } from './digest';
import { errorRow, jobRow, missedSetRow, type Zones } from './digest-rows';
import type { Log } from './log';
import { cbsDatesTouched, type ReportWindow } from './report-window';
import { planWatch, type SetTarget, selectJobs, type UserPlan } from './watch-plan';

interface UserFindings {
  plan: UserPlan;
  jobs: JobRecord[];
  missed: SetTarget[];
  problems: DigestRow[];
}

/**
 * Asks the backup server about everything watched and turns the answers into digest rows. Two
 * phases: list each user's jobs on every CBS-local date the window touches, then fetch the report
 * of each job in the window. A failure costs only the rows it touches: it becomes a row saying
 * why, and the rest of the digest goes on.
 */
export async function collectRows(
  server: BackupServer,
  config: Pick<Config, 'watch' | 'cbs' | 'report'>,
  window: ReportWindow,
  log: Log,
): Promise<DigestRow[]> {
  const zones: Zones = { cbs: config.cbs.timeZone, report: window.timeZone };
  const plan = planWatch(config.watch);
  const dates = cbsDatesTouched(window, zones.cbs);
  log.info('collecting', { users: plan.users.length, pinnedJobs: plan.pinned.length, cbsDates: dates });

  const findings = await Promise.all(
    plan.users.map((user) => findUserJobs(server, user, dates, window, zones.cbs)),
  );

  const rows: DigestRow[] = [];
  const work: Promise<void>[] = [];
  for (const found of findings) {
    rows.push(...found.problems);
    const { user } = found.plan;
    for (const job of found.jobs) {
      const identity = {
        user,
        backupSetId: job.backupSetId,
        destinationId: job.destinationId,
        jobId: job.jobId,
      };
      work.push(
        settle(server.getJobSummary(identity)).then(([summary, error]) => {
          rows.push(jobRow(identity, job, summary, error, zones));
        }),
      );
    }
    if (found.missed.length > 0) work.push(missedRows(server, found, rows));
  }
  const listedNames = setNamesByUser(findings);
  for (const pinned of plan.pinned) {
    const user = { loginName: pinned.loginName, owner: pinned.owner };
    const identity = {
      user,
      backupSetId: pinned.backupSetId,
      backupSetName: listedNames.get(`${pinned.loginName}\u0000${pinned.backupSetId}`),
      destinationId: pinned.destinationId,
      jobId: pinned.jobId,
    };
    const alreadyListed = findings.some(
      (f) =>
        f.plan.user.loginName === pinned.loginName &&
        f.jobs.some((j) => j.backupSetId === pinned.backupSetId && j.jobId === pinned.jobId),
    );
    if (alreadyListed) continue;
    work.push(
      settle(server.getJobSummary(identity)).then(([summary, error]) => {
        rows.push(jobRow(identity, undefined, summary, error, zones));
      }),
    );
  }
  await Promise.all(work);
  for (const row of rows) {
    if (row.jobClass === 'error')
      log.warn('not checked', { loginName: row.user.loginName, reason: row.reason });
  }
  return rows;
}

async function findUserJobs(
  server: BackupServer,
  plan: UserPlan,
  dates: readonly string[],
  window: ReportWindow,
  cbsTimeZone: string,
): Promise<UserFindings> {
  const { user } = plan;
  const [listings, sets] = await Promise.all([
    Promise.all(dates.map((date) => settle(server.listJobs(user, date)))),
    plan.wholeUser ? settle(server.listBackupSets(user)) : Promise.resolve([[], undefined] as const),
  ]);
  const failures: { what: string; error: Error }[] = [];
  const unreadable: DigestRow[] = [];
  const listed: JobRecord[] = [];
  listings.forEach(([listing, error], i) => {
    if (error || !listing) {
      failures.push({ what: `the jobs of ${dates[i]}`, error: error ?? new Error('no answer') });
      return;
    }
    listed.push(...listing.jobs);
    for (const reason of listing.unreadable) {
      unreadable.push(errorRow(user, `CBS listed an unreadable job for ${dates[i]}`, reason));
    }
  });
  const [knownSets, setsError] = sets;
  if (setsError) failures.push({ what: 'the backup sets', error: setsError });
  const problems = [...describeFailures(user, failures), ...unreadable];

  const selection = selectJobs(plan, listed, window, cbsTimeZone, knownSets ?? []);
  // With a date missing, or the set list missing, "no job" is not evidence of a missed backup.
  const complete = failures.length === 0;
  return { plan, jobs: selection.jobs, missed: complete ? selection.missed : [], problems };
}

/**
 * One row per distinct cause: an unknown user or a rejected password fails every call the same
 * way, and three identical rows would only bury the message.
 */
function describeFailures(
  user: BackupUserRef,
  failures: readonly { what: string; error: Error }[],
): DigestRow[] {
  const byMessage = new Map<string, { what: string[]; error: Error }>();
  for (const { what, error } of failures) {
    const cause = error instanceof CbsApiError ? error.cbsMessage : error.message;
    const entry = byMessage.get(cause) ?? { what: [], error };
    entry.what.push(what);
    byMessage.set(cause, entry);
  }
  return [...byMessage.values()].map(({ what, error }) =>
    errorRow(user, `could not list ${what.join(' or ')}`, error),
  );
}

/** Missed sets need a name; when config and listings give none, ask CBS once for the user's sets. */
async function missedRows(server: BackupServer, found: UserFindings, rows: DigestRow[]): Promise<void> {
  const { user } = found.plan;
  let names = new Map<string, string>();
  if (found.missed.some((t) => !t.name)) {
    const [sets] = await settle(server.listBackupSets(user));
    names = new Map((sets ?? []).map((s: BackupSetRecord) => [s.id, s.name]));
  }
  for (const target of found.missed) {
    rows.push(
      missedSetRow(
        user,
        target.backupSetId,
        target.name ?? names.get(target.backupSetId),
        target.destinationId,
      ),
    );
  }
}

function setNamesByUser(findings: readonly UserFindings[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const f of findings) {
    for (const job of f.jobs) {
      if (job.backupSetName) names.set(`${f.plan.user.loginName}\u0000${job.backupSetId}`, job.backupSetName);
    }
  }
  return names;
}

/** A promise's value or its error, so one failure never rejects the whole batch. */
async function settle<T>(
  promise: Promise<T>,
): Promise<readonly [T, undefined] | readonly [undefined, Error]> {
  try {
    return [await promise, undefined] as const;
  } catch (error) {
    return [undefined, error instanceof Error ? error : new Error(String(error))] as const;
  }
}
