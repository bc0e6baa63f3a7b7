import {
  type BackupServer,
  type BackupSetRecord,
  type BackupSetSettings,
  type BackupUserRef,
  type JobRecord,
  jobStart,
  type UnreadableJob,
} from './backup-server';
import type { DigestRow } from './digest';
import { errorRow, jobRow } from './digest-rows';
import { ServerAnswerError } from './errors';
import type { CbsSchedule, Expectation } from './expectation';
import type { ReportWindow } from './report-window';
import { type ExpectOverrides, resolveExpectation } from './resolve-expectation';
import type { SetObservation } from './set-observation';
import { settle } from './settle';
import { type SetTarget, selectJobs, type UserPlan } from './watch-plan';

/** What the digest says about one user, the jobs of the window its listings held, and what it saw of each watched set. */
export interface UserCollection {
  rows: DigestRow[];
  jobs: JobRecord[];
  observations: SetObservation[];
  /** Whole-user mode with the user's set list answered: every set CBS listed. */
  listedSets: readonly BackupSetRecord[] | undefined;
  /** What tonight's listings hold of earlier nights, for a backfill not to ask CBS again. */
  listedBefore: ListedBefore;
}

/**
 * The CBS dates whose listing CBS answered tonight, and those listings' jobs that started before
 * the window: the window's first date is also the last of the nights before it, so a backfill
 * reading those nights back has that date's jobs already (one call a user fewer, 3,334 at 10,000
 * sets).
 */
export interface ListedBefore {
  dates: readonly string[];
  jobs: readonly JobRecord[];
}

interface UserFindings {
  plan: UserPlan;
  jobs: JobRecord[];
  observations: SetObservation[];
  problems: DigestRow[];
  listedSets: readonly BackupSetRecord[] | undefined;
  listedBefore: ListedBefore;
}

/**
 * Everything the digest says about one watched user: lists its jobs on every
 * CBS-local date the window touches while asking 2/GetBackupSet, once per watched set, for its
 * schedules and destination names; then fetches the report of each job in the window as soon as
 * that user's listings are in. A failure costs only the rows it touches: it becomes a row saying
 * why. Whether a set without a job missed a run is judged later, with its history.
 */
export async function collectUser(
  server: BackupServer,
  plan: UserPlan,
  dates: readonly string[],
  window: ReportWindow,
  overrides: ExpectOverrides,
  expectations: SharedExpectations = new Map(),
): Promise<UserCollection> {
  const found = await findUserJobs(server, plan, dates, window, overrides, expectations);
  const { user } = plan;
  const destinationOf = new Map(found.observations.map((o) => [o.backupSetId, o.destination]));
  const nameOf = new Map(found.observations.map((o) => [o.backupSetId, o.name]));
  const reports = found.jobs.map(async (job): Promise<DigestRow> => {
    const listed = destinationOf.get(job.backupSetId);
    // The listing may name no destination; the set's own (from 2/GetBackupSet) then serves the summary call.
    const destinationId = job.destinationId ?? listed?.id;
    const identity = {
      user,
      backupSetId: job.backupSetId,
      backupSetName: job.backupSetName ?? nameOf.get(job.backupSetId),
      destinationId,
      destinationName: listed && listed.id === destinationId ? listed.name : undefined,
      jobId: job.jobId,
      idStart: job.idStart,
    };
    const [summary, error] = await settle(server.getJobSummary(identity));
    return jobRow(identity, job, summary, error, window.timeZone);
  });
  const reported = await Promise.all(reports);
  return {
    rows: [...found.problems, ...reported],
    jobs: found.jobs,
    observations: found.observations,
    listedSets: found.listedSets,
    listedBefore: found.listedBefore,
  };
}

async function findUserJobs(
  server: BackupServer,
  plan: UserPlan,
  dates: readonly string[],
  window: ReportWindow,
  overrides: ExpectOverrides,
  expectations: SharedExpectations,
): Promise<UserFindings> {
  const { user } = plan;
  const setsAsked = plan.wholeUser
    ? settle(server.listBackupSets(user))
    : Promise.resolve([undefined, undefined] as const);
  const settingsAsked = setsAsked.then(([sets]) =>
    askSettings(server, user, watchedSetIds(plan, sets ?? [])),
  );
  const [listings, sets, settings] = await Promise.all([
    Promise.all(dates.map((date) => settle(server.listJobs(user, date)))),
    setsAsked,
    settingsAsked,
  ]);
  const failures: { what: string; error: Error }[] = [];
  const unreadable: DigestRow[] = [];
  const listed: JobRecord[] = [];
  const listedDates: string[] = [];
  /** Sets an unreadable entry may belong to; `undefined` in it means "any set of the user". */
  const unsure = new Set<string | undefined>();
  listings.forEach(([listing, error], i) => {
    // Stryker disable next-line LogicalOperator: settle gives a listing or an error, never neither
    if (error || !listing) {
      failures.push({ what: `the jobs of ${dates[i]}`, error: error ?? new Error('no answer') });
      return;
    }
    // Stryker disable next-line StringLiteral: there is a date for every listing
    listedDates.push(dates[i] ?? '');
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

  // Stryker disable next-line LogicalOperator,ArrayDeclaration: the known sets only add to selectJobs' missed targets, which are not used here
  const selection = selectJobs(plan, listed, window, knownSets ?? []);
  // With a date missing, or the set list missing, "no job" is not evidence of a missed backup.
  // Nor is "no job" evidence for a set whose job CBS listed unreadably (already "not checked").
  const complete = (setId: string) => failures.length === 0 && !unsure.has(undefined) && !unsure.has(setId);
  const named = knownSets ?? (await namesIfNeeded(server, plan, settings));
  const observations = targetsOf(plan, knownSets ?? []).map((target) =>
    observe(
      user,
      target,
      selection.jobs,
      settings.get(target.backupSetId),
      complete(target.backupSetId),
      knownSets,
      named,
      overrides,
      expectations,
    ),
  );
  const listedBefore = { dates: listedDates, jobs: listed.filter((job) => startedBefore(job, window)) };
  return { plan, jobs: selection.jobs, observations, problems, listedSets: knownSets, listedBefore };
}

function startedBefore(job: JobRecord, window: ReportWindow): boolean {
  const start = jobStart(job);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a job without a start compares false anyway, and one at the window's very start is tonight's: the backfill places it in no past night
  return start !== undefined && start < window.start;
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

/** The sets a plan watches: those it names and, for a whole user, every set CBS lists. */
function targetsOf(plan: UserPlan, knownSets: readonly BackupSetRecord[]): SetTarget[] {
  const targets: SetTarget[] = [];
  for (const target of plan.targets) {
    if (!targets.some((t) => t.backupSetId === target.backupSetId)) targets.push(target);
  }
  // Stryker disable next-line ConditionalExpression: only a whole user's sets are listed, so knownSets is empty otherwise
  if (plan.wholeUser) {
    for (const set of knownSets) {
      if (!targets.some((t) => t.backupSetId === set.id))
        targets.push({ backupSetId: set.id, name: set.name });
    }
  }
  return targets;
}

function watchedSetIds(plan: UserPlan, knownSets: readonly BackupSetRecord[]): string[] {
  return targetsOf(plan, knownSets).map((t) => t.backupSetId);
}

/** 2/GetBackupSet for each set, once per set per run, all at once (the client caps the calls in flight). */
async function askSettings(
  server: BackupServer,
  user: BackupUserRef,
  setIds: readonly string[],
): Promise<Map<string, BackupSetSettings | Error>> {
  const answers = await Promise.all(setIds.map((id) => settle(server.getBackupSet(user, id))));
  // Stryker disable next-line OptionalChaining,StringLiteral: one answer per id, each a value or an error
  return new Map(setIds.map((id, i) => [id, answers[i]?.[1] ?? answers[i]?.[0] ?? new Error('no answer')]));
}

/** Sets named neither by config nor by 2/GetBackupSet (an older CBS): ask ListBackupSets once for names. */
async function namesIfNeeded(
  server: BackupServer,
  plan: UserPlan,
  settings: ReadonlyMap<string, BackupSetSettings | Error>,
): Promise<BackupSetRecord[] | undefined> {
  const nameless = plan.targets.some((t) => {
    const answered = settings.get(t.backupSetId);
    return !t.name && (answered === undefined || answered instanceof Error || !answered.name);
  });
  if (!nameless) return undefined;
  const [sets] = await settle(server.listBackupSets(plan.user));
  return sets;
}

const NOT_FOUND = /not found|no such|does not exist/i;

function observe(
  user: BackupUserRef,
  target: SetTarget,
  jobs: readonly JobRecord[],
  settings: BackupSetSettings | Error | undefined,
  complete: boolean,
  knownSets: readonly BackupSetRecord[] | undefined,
  named: readonly BackupSetRecord[] | undefined,
  overrides: ExpectOverrides,
  expectations: SharedExpectations,
): SetObservation {
  let jobCount = 0;
  for (const job of jobs) if (job.backupSetId === target.backupSetId) jobCount += 1;
  const answered = settings instanceof Error ? undefined : settings;
  const error = settings instanceof Error ? settings : undefined;
  const schedule: CbsSchedule = answered
    ? answered.schedule
    : { kind: 'unknown', reason: error ? shortReason(error) : 'not asked' };
  const listedNow = knownSets?.some((s) => s.id === target.backupSetId);
  const removed =
    jobCount === 0 &&
    ((knownSets !== undefined && !listedNow) ||
      (error instanceof ServerAnswerError && NOT_FOUND.test(error.serverMessage)));
  return {
    user,
    backupSetId: target.backupSetId,
    name: target.name ?? answered?.name ?? named?.find((s) => s.id === target.backupSetId)?.name,
    destination: answered?.destinations[0],
    expectation: shared(resolveExpectation(user, target.backupSetId, overrides, schedule), expectations),
    jobCount,
    complete,
    removed,
  };
}

/**
 * The expectations of a run's sets, one object per distinct one (by content): a server's sets
 * share a handful of schedules, and an object of its own on each of 50,000 observed sets was
 * 230 bytes a set held to the end of collection. Expectations are never changed once made.
 */
export type SharedExpectations = Map<string, Expectation>;

function shared(expectation: Expectation, expectations: SharedExpectations): Expectation {
  const key = JSON.stringify(expectation);
  const known = expectations.get(key);
  if (known) return known;
  expectations.set(key, expectation);
  return expectation;
}

function shortReason(error: Error): string {
  const text = error instanceof ServerAnswerError ? error.serverMessage : error.message;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
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
