import { type BackupSetRecord, type BackupUserRef, type JobRecord, jobStart, userKey } from './backup-server';
import type { PinnedJob, WatchSettings } from './digest-settings';
import { inWindow, type ReportWindow } from './report-window';

/** A backup set that must show a job in the window, optionally on one destination. */
export interface SetTarget {
  backupSetId: string;
  destinationId?: string | undefined;
  name?: string | undefined;
}

/** What to fetch and expect for one backup user. */
export interface UserPlan {
  user: BackupUserRef;
  /** Every set of the user is watched, including sets only CBS knows of. */
  wholeUser: boolean;
  targets: SetTarget[];
}

export interface WatchPlan {
  users: UserPlan[];
  pinned: readonly PinnedJob[];
}

/**
 * Groups the watch list by user so each user's jobs are listed once, however often it is named.
 * `serverUsers` (whole-server mode) are watched whole; one the config names already keeps the
 * config's entry, matched by login name (unique on a CBS server), so it is not asked about twice.
 */
export function planWatch(watch: WatchSettings, serverUsers: readonly BackupUserRef[] = []): WatchPlan {
  const byUser = new Map<string, UserPlan>();
  const planFor = (ref: BackupUserRef): UserPlan => {
    const user = { loginName: ref.loginName, owner: ref.owner };
    const key = userKey(user);
    let plan = byUser.get(key);
    if (!plan) {
      plan = { user, wholeUser: false, targets: [] };
      byUser.set(key, plan);
    }
    return plan;
  };
  for (const user of watch.users) planFor(user).wholeUser = true;
  for (const set of watch.backupSets) {
    const plan = planFor(set);
    const duplicate = plan.targets.some(
      (t) => t.backupSetId === set.backupSetId && t.destinationId === set.destinationId,
    );
    if (!duplicate)
      plan.targets.push({ backupSetId: set.backupSetId, destinationId: set.destinationId, name: set.name });
  }
  const listed = new Set(serverUsers.map((user) => user.loginName));
  const named = new Set<string>();
  for (const plan of byUser.values()) {
    named.add(plan.user.loginName);
    if (listed.has(plan.user.loginName)) plan.wholeUser = true;
  }
  for (const user of serverUsers) {
    if (!named.has(user.loginName)) planFor(user).wholeUser = true;
  }
  return { users: [...byUser.values()], pinned: watch.jobs };
}

export interface Selection {
  jobs: JobRecord[];
  /** Watched sets with no job in the window. */
  missed: SetTarget[];
}

const matches = (target: SetTarget, job: JobRecord): boolean =>
  target.backupSetId === job.backupSetId &&
  (target.destinationId === undefined || target.destinationId === job.destinationId);

/**
 * Picks a user's watched jobs that started in the window, and the watched sets without one.
 * `listed` may hold the same job twice (listed under two dates); it is kept once. A job whose
 * start cannot be read from its time or its id is kept: showing it beats silently dropping it.
 * `knownSets` are the user's sets from CBS, watched too when the whole user is.
 */
export function selectJobs(
  plan: UserPlan,
  listed: readonly JobRecord[],
  window: ReportWindow,
  knownSets: readonly BackupSetRecord[] = [],
): Selection {
  const seen = new Set<string>();
  const jobs: JobRecord[] = [];
  for (const job of listed) {
    // Stryker disable next-line StringLiteral: the readers turn a blank destination into undefined, so '' never meets undefined here
    const key = `${job.backupSetId}\u0000${job.destinationId ?? ''}\u0000${job.jobId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!plan.wholeUser && !plan.targets.some((t) => matches(t, job))) continue;
    const start = jobStart(job);
    if (start && !inWindow(window, start)) continue;
    jobs.push(job);
  }

  const targets = [...plan.targets];
  if (plan.wholeUser) {
    for (const set of knownSets) {
      if (!targets.some((t) => t.backupSetId === set.id))
        targets.push({ backupSetId: set.id, name: set.name });
    }
  }
  const missed = targets.filter((t) => !jobs.some((job) => matches(t, job)));
  return { jobs, missed };
}
