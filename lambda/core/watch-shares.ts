import type { BackupUserRef } from './backup-server';
import type { DigestRow } from './digest';
import { errorRow } from './digest-rows';
import type { PinnedJob, WatchedBackupSet, WatchedUser, WatchSettings } from './digest-settings';
import type { WatchPlan } from './watch-plan';

/**
 * One backup user's share of a watch plan, said as the config says it: what a batch of fan-out
 * mode checks for that user. Handed to collectRows as watch settings, shares plan back to the
 * same user plans and pinned jobs they were split from.
 */
export interface UserWatch {
  loginName: string;
  users: WatchedUser[];
  backupSets: WatchedBackupSet[];
  jobs: PinnedJob[];
}

/**
 * Splits a plan by login name, in the plan's order. A user's plans (one per owner) and its pinned
 * jobs stay in one share, so a pinned job still waits for its user's listings and nothing is asked
 * twice, whichever batch the share lands in.
 */
export function watchByUser(plan: WatchPlan): UserWatch[] {
  const shares = new Map<string, UserWatch>();
  const shareOf = (loginName: string): UserWatch => {
    let share = shares.get(loginName);
    if (!share) {
      share = { loginName, users: [], backupSets: [], jobs: [] };
      shares.set(loginName, share);
    }
    return share;
  };
  for (const { user, wholeUser, targets } of plan.users) {
    const share = shareOf(user.loginName);
    if (wholeUser) share.users.push({ loginName: user.loginName, owner: user.owner });
    for (const target of targets)
      share.backupSets.push({ loginName: user.loginName, owner: user.owner, ...target });
  }
  for (const job of plan.pinned) shareOf(job.loginName).jobs.push(job);
  return [...shares.values()];
}

/** The watch settings of several shares together: what one batch collects. */
export function watchOf(shares: readonly UserWatch[]): WatchSettings {
  return {
    users: shares.flatMap((share) => share.users),
    backupSets: shares.flatMap((share) => share.backupSets),
    jobs: shares.flatMap((share) => share.jobs),
  };
}

/**
 * What the digest says of a share nobody could check (its batch failed): one "not checked" row per
 * user and one per pinned job, with the reason, so no user silently drops out of the digest.
 */
export function notCheckedRows(share: UserWatch, reason: string): DigestRow[] {
  const what = 'not checked: the batch of users it was collected in failed';
  const users = new Map<string, BackupUserRef>();
  for (const { loginName, owner } of [...share.users, ...share.backupSets])
    users.set(`${loginName}\u0000${owner ?? ''}`, { loginName, owner });
  return [
    ...[...users.values()].map((user) => errorRow(user, what, reason)),
    ...share.jobs.map((job) =>
      errorRow({ loginName: job.loginName, owner: job.owner }, what, reason, job.backupSetId),
    ),
  ];
}
