import type { BackupServer, BackupSetRecord, BackupUserRef, JobRecord } from './backup-server';
import type { DigestRow } from './digest';
import { errorRow, jobRow, missedSetRow } from './digest-rows';
import { ServerAnswerError } from './errors';
import type { ReportWindow } from './report-window';
import { settle } from './settle';
import { type SetTarget, selectJobs, type UserPlan } from './watch-plan';

interface UserFindings {
  plan: UserPlan;
  jobs: JobRecord[];
  missed: SetTarget[];
  problems: DigestRow[];
}

/** What the digest says about one user, and the jobs of the window its listings held. */
export interface UserCollection {
  rows: DigestRow[];
  jobs: JobRecord[];
}

/**
 * Everything the digest says about one watched user: lists its jobs on every CBS-local date the
 * window touches, then fetches the report of each job in the window as soon as that user's
 * listings are in. A failure costs only the rows it touches: it becomes a row saying why.
 */
export async function collectUser(
  server: BackupServer,
  plan: UserPlan,
  dates: readonly string[],
  window: ReportWindow,
): Promise<UserCollection> {
  const found = await findUserJobs(server, plan, dates, window);
  const { user } = plan;
  const reports = found.jobs.map(async (job) => {
    const identity = {
      user,
      backupSetId: job.backupSetId,
      destinationId: job.destinationId,
      jobId: job.jobId,
      idStart: job.idStart,
    };
    const [summary, error] = await settle(server.getJobSummary(identity));
    return jobRow(identity, job, summary, error, window.timeZone);
  });
  const [reported, missed] = await Promise.all([
    Promise.all(reports),
    found.missed.length > 0 ? missedRows(server, found) : [],
  ]);
  return { rows: [...found.problems, ...reported, ...missed], jobs: found.jobs };
}

async function findUserJobs(
  server: BackupServer,
  plan: UserPlan,
  dates: readonly string[],
  window: ReportWindow,
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

  const selection = selectJobs(plan, listed, window, knownSets ?? []);
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
    const cause = error instanceof ServerAnswerError ? error.serverMessage : error.message;
    const entry = byMessage.get(cause) ?? { what: [], error };
    entry.what.push(what);
    byMessage.set(cause, entry);
  }
  return [...byMessage.values()].map(({ what, error }) =>
    errorRow(user, `could not list ${what.join(' or ')}`, error),
  );
}

/** Missed sets need a name; when config and listings give none, ask CBS once for the user's sets. */
async function missedRows(server: BackupServer, found: UserFindings): Promise<DigestRow[]> {
  const { user } = found.plan;
  let names = new Map<string, string>();
  if (found.missed.some((t) => !t.name)) {
    const [sets] = await settle(server.listBackupSets(user));
    names = new Map((sets ?? []).map((s: BackupSetRecord) => [s.id, s.name]));
  }
  return found.missed.map((target) =>
    missedSetRow(
      user,
      target.backupSetId,
      target.name ?? names.get(target.backupSetId),
      target.destinationId,
    ),
  );
}
