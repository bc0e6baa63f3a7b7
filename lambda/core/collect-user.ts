import type { BackupServer, BackupSetRecord, BackupUserRef, JobRecord, UnreadableJob } from './backup-server';
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
  /** Sets an unreadable entry may belong to; `undefined` in it means "any set of the user". */
  const unsure = new Set<string | undefined>();
  listings.forEach(([listing, error], i) => {
    if (error || !listing) {
      failures.push({ what: `the jobs of ${dates[i]}`, error: error ?? new Error('no answer') });
      return;
    }
    // One by one: a spread of a huge array into push() overflows the call stack.
    for (const job of listing.jobs) listed.push(job);
    if (listing.unreadable.length > 0) {
      unreadable.push(unreadableRow(user, dates[i] ?? '', listing.unreadable));
      for (const entry of listing.unreadable) unsure.add(entry.backupSetId);
    }
  });
  const [knownSets, setsError] = sets;
  if (setsError) failures.push({ what: 'the backup sets', error: setsError });
  const problems = [...describeFailures(user, failures), ...unreadable];

  const selection = selectJobs(plan, listed, window, knownSets ?? []);
  // With a date missing, or the set list missing, "no job" is not evidence of a missed backup; nor
  // is it for a set whose job CBS listed unreadably (that set is already "not checked").
  if (failures.length > 0 || unsure.has(undefined))
    return { plan, jobs: selection.jobs, missed: [], problems };
  const missed = selection.missed.filter((target) => !unsure.has(target.backupSetId));
  return { plan, jobs: selection.jobs, missed, problems };
}

/** Reasons shown for the unreadable entries of one listing; the rest are counted. */
const REASONS_SHOWN = 3;

/** One row for all the unreadable entries of a date's listing: 10,000 of them are one problem. */
function unreadableRow(user: BackupUserRef, date: string, entries: readonly UnreadableJob[]): DigestRow {
  const shown = entries.slice(0, REASONS_SHOWN).map((e) => e.reason);
  const more = entries.length > REASONS_SHOWN ? `; and ${entries.length - REASONS_SHOWN} more` : '';
  const what =
    entries.length === 1
      ? `CBS listed an unreadable job for ${date}`
      : `CBS listed ${entries.length} unreadable jobs for ${date}`;
  const sets = new Set(entries.map((e) => e.backupSetId));
  const only = sets.size === 1 ? [...sets][0] : undefined;
  return errorRow(user, what, `${shown.join('; ')}${more}`, only);
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
