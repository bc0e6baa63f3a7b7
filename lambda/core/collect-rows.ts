import type { BackupServer, BackupUserRef, JobRecord } from './backup-server';
import { collectUser, type ListedBefore, type SharedExpectations } from './collect-user';
import type { DigestRow } from './digest';
import { errorRow, jobRow, rowWith } from './digest-rows';
import type { AllUsers, DigestSettings, PinnedJob } from './digest-settings';
import { forEachLimited } from './for-each-limited';
import type { ListedSet, UserSets } from './history-store';
import type { Log } from './log';
import { cbsDatesTouched, type ReportWindow } from './report-window';
import { selectServerUsers } from './server-users';
import { ALL_USERS } from './server-wide';
import type { SetObservation } from './set-observation';
import { settle } from './settle';
import { planWatch } from './watch-plan';

/** What collection found: rows, what it saw of each watched set, and the users it skipped. */
export interface Collection {
  /** With a judge: each user's rows as judged, and the rows of no user (pinned jobs, the server's). */
  rows: DigestRow[];
  /** Without a judge only: a judge keeps each user's. */
  observations: SetObservation[];
  /** Suspended or locked users left out in whole-server mode. */
  inactiveUsers: number;
  /** Users whose whole set list CBS answered (whole-user mode), with every set it listed; without a judge only. */
  listedUsers: UserSets[];
  /** Whole-server mode: the users watched, each with its owner as CBS listed it (else empty). */
  serverUsers: readonly BackupUserRef[];
}

export { ALL_USERS } from './server-wide';

/** One user's findings as collected, for a judge to decide. */
export interface CollectedUser {
  user: BackupUserRef;
  rows: DigestRow[];
  observations: SetObservation[];
  /** Every set CBS listed for the user, when it listed them in full (whole-user mode). */
  listedSets?: readonly ListedSet[] | undefined;
  /** Tonight's listings' dates and their jobs from before the window: a backfill's to reuse. */
  listedBefore?: ListedBefore | undefined;
}

/**
 * Decides each user's night as soon as the user is collected (against its history, in a run that
 * keeps one), while the connections go on to the next users: the store is then read and written
 * beside CBS's calls, not after the last of them.
 */
export interface UserJudge {
  /** The rows the digest shows for this user. */
  judge(found: CollectedUser): Promise<DigestRow[]>;
  /** Every user has been handed over: nothing more is coming to wait for. */
  allHanded(): void;
}

/**
 * Users worked on at once. Each keeps a few calls queued, so twice the CBS concurrency keeps every
 * connection busy, while the listings and reports held in memory stay those of a few dozen users
 * rather than of the whole server.
 */
const USERS_PER_CONNECTION = 2;

/**
 * Asks the backup server about everything watched and turns the answers into digest rows. In
 * whole-server mode it first asks CBS for its users. Users are then worked on a few at a time, each
 * from its listings straight on to its job reports, so the connections never wait for a phase to
 * end. A failure costs only the rows it touches: it becomes a row saying why, and the rest of the
 * digest goes on.
 */
export async function collectRows(
  server: BackupServer,
  settings: Pick<DigestSettings, 'watch' | 'cbs' | 'expect'>,
  window: ReportWindow,
  log: Log,
  judge?: UserJudge,
): Promise<Collection> {
  const dates = cbsDatesTouched(window, settings.cbs.timeZone);
  const { allUsers } = settings.watch;
  const serverUsers = allUsers
    ? await watchedServerUsers(server, allUsers, log)
    : { users: [], rows: [], inactive: 0 };
  const rows: DigestRow[] = [...serverUsers.rows];
  const observations: SetObservation[] = [];
  const listedUsers: UserSets[] = [];
  const plan = planWatch(settings.watch, serverUsers.users);
  log.info('collecting', { users: plan.users.length, pinnedJobs: plan.pinned.length, cbsDates: dates });

  // A pinned job of a watched user waits for that user's listings, which may already hold it (it
  // then has its row) and name its set; a pinned job of no watched user starts at once.
  const pinnedByLogin = groupBy(plan.pinned, (job) => job.loginName);
  const plansLeft = new Map<string, number>();
  for (const { user } of plan.users) plansLeft.set(user.loginName, (plansLeft.get(user.loginName) ?? 0) + 1);
  const listedByLogin = new Map<string, JobRecord[]>();
  const pinnedWork: Promise<DigestRow | undefined>[] = [];
  const fetchPinnedOf = (loginName: string): void => {
    // Stryker disable next-line ArrayDeclaration: an entry that is no job record matches no pinned set
    const listed = listedByLogin.get(loginName) ?? [];
    // Stryker disable next-line ArrayDeclaration: only called for a login with pinned jobs
    for (const job of pinnedByLogin.get(loginName) ?? [])
      pinnedWork.push(pinnedRow(server, job, listed, window.timeZone));
  };
  for (const loginName of pinnedByLogin.keys()) if (!plansLeft.has(loginName)) fetchPinnedOf(loginName);

  const expectations: SharedExpectations = new Map();
  // Judged users' rows come back while others are still collected; the judge's slot is not the
  // collection's, so a user waiting on the store or its backfill holds no connection idle.
  const judging: Promise<void>[] = [];
  let judgeFailure: { error: unknown } | undefined;
  await forEachLimited(plan.users, settings.cbs.concurrency * USERS_PER_CONNECTION, async (userPlan) => {
    const found = await collectUser(server, userPlan, dates, window, settings.expect, expectations);
    if (judge) {
      // Not the listed jobs: a user waiting for its history holds only what the judge needs (of
      // the listings, the few jobs from before the window, which spare its backfill a call).
      const handed = {
        user: userPlan.user,
        rows: found.rows,
        observations: found.observations,
        listedSets: found.listedSets,
        listedBefore: found.listedBefore,
      };
      judging.push(
        judge.judge(handed).then(
          (judged) => {
            for (const row of judged) rows.push(row);
          },
          // Kept, not left to reject unobserved until the last user is collected.
          (error: unknown) => {
            judgeFailure ??= { error };
          },
        ),
      );
    } else {
      // One by one: a spread of a huge array into push() overflows the call stack.
      for (const row of found.rows) rows.push(row);
      for (const seen of found.observations) observations.push(seen);
      // The records CBS sent, not copies: a whole server's set lists cost no memory of their own.
      if (found.listedSets) listedUsers.push({ user: userPlan.user, sets: found.listedSets });
    }
    const { loginName } = userPlan.user;
    if (!pinnedByLogin.has(loginName)) return;
    // Stryker disable next-line ArrayDeclaration: an entry that is no job record matches no pinned set
    listedByLogin.set(loginName, (listedByLogin.get(loginName) ?? []).concat(found.jobs));
    const left = (plansLeft.get(loginName) ?? 1) - 1;
    plansLeft.set(loginName, left);
    if (left === 0) fetchPinnedOf(loginName);
  });
  judge?.allHanded();
  await Promise.all(judging);
  if (judgeFailure) throw judgeFailure.error;
  for (const row of await Promise.all(pinnedWork)) if (row) rows.push(row);

  for (const row of rows) {
    if (row.jobClass === 'error')
      log.warn('not checked', { loginName: row.user.loginName, reason: row.reason });
  }
  return {
    rows,
    observations,
    inactiveUsers: serverUsers.inactive,
    listedUsers,
    serverUsers: serverUsers.users,
  };
}

/**
 * Whole-server mode: the users CBS lists, less the excluded. If CBS cannot list them, that is one
 * "not checked" row and the users, sets and jobs the config names are still checked. Fan-out mode
 * asks this once, in its Plan step, and hands the users to its batches.
 */
export async function watchedServerUsers(
  server: BackupServer,
  rule: AllUsers,
  log: Log,
): Promise<{ users: BackupUserRef[]; rows: DigestRow[]; inactive: number }> {
  const [listing, error] = await settle(server.listUsers());
  // Stryker disable next-line LogicalOperator: settle gives an error whenever it gives no listing
  if (error || !listing) {
    const why = errorRow(
      ALL_USERS,
      'could not list the backup users of the server',
      // Stryker disable next-line StringLiteral: likewise, this fallback is never used
      error ?? 'no answer',
    );
    return { users: [], rows: [why], inactive: 0 };
  }
  const rows: DigestRow[] = [];
  if (listing.unreadable.length > 0) {
    // One row, however many: 100,000 unreadable users are one problem of the server's answer.
    const [first, ...others] = listing.unreadable;
    const more = others.length > 0 ? ` (and ${others.length} more)` : '';
    const what =
      others.length > 0
        ? `CBS listed ${listing.unreadable.length} backup users that could not be read`
        : 'CBS listed a backup user that could not be read';
    rows.push(errorRow(ALL_USERS, what, `${first}${more}`));
  }
  if (listing.users.length === 0 && listing.unreadable.length === 0) {
    // A server with no users at all is far less likely than a system user that sees none.
    rows.push(
      errorRow(
        ALL_USERS,
        'could not check the backup users of the server',
        'CBS listed none; check that the system user may see them',
      ),
    );
  }
  const { watched, excluded, inactive, unmatched } = selectServerUsers(listing.users, rule);
  log.info('server users', { listed: listing.users.length, excluded, inactive, watched: watched.length });
  if (unmatched.length > 0) log.warn('exclusions that matched no user', { unmatched });
  return { users: watched, rows, inactive };
}

/** The row of one pinned job, unless the listings of its user already gave it one. */
async function pinnedRow(
  server: BackupServer,
  pinned: PinnedJob,
  listed: readonly JobRecord[],
  reportTimeZone: string,
): Promise<DigestRow | undefined> {
  let backupSetName: string | undefined;
  for (const job of listed) {
    if (job.backupSetId !== pinned.backupSetId) continue;
    if (job.jobId === pinned.jobId) return undefined;
    backupSetName = job.backupSetName ?? backupSetName;
  }
  const identity = {
    user: { loginName: pinned.loginName, owner: pinned.owner },
    backupSetId: pinned.backupSetId,
    backupSetName,
    destinationId: pinned.destinationId,
    jobId: pinned.jobId,
    idStart: pinned.idStart,
  };
  const [summary, error] = await settle(server.getJobSummary(identity));
  return rowWith(jobRow(identity, undefined, summary, error, reportTimeZone), { pinned: true });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
