import type { JobClass } from './classify-job';

/**
 * What an acknowledgement names: a backup user (every set of it), one of its sets, or one job of
 * a set. `owner` narrows a login name to one sub-admin's user when given.
 */
export interface AckTarget {
  loginName: string;
  owner?: string | undefined;
  backupSetId?: string | undefined;
  jobId?: string | undefined;
}

/**
 * "This is known, leave it out of the verdict until …": made from the email's Snooze link, the
 * CLI or a console event. Times are ISO 8601 instants.
 */
export interface Acknowledgement {
  target: AckTarget;
  /** The problem acknowledged; when the row becomes another kind of problem the snooze ends. Absent: any. */
  kind?: JobClass | undefined;
  /** The set's name when it was made, so lists read as more than an id. */
  label?: string | undefined;
  note: string;
  /** Who made it: a name typed on the confirmation page, the CLI user, the console. */
  by: string;
  createdAt: string;
  expiresAt: string;
}

/** The longest an acknowledgement may last: a known issue must be looked at again within a month. */
export const MAX_ACK_DAYS = 30;

/** Problems an acknowledgement can park; warnings, running and OK rows never count against the verdict. */
export const ACKNOWLEDGEABLE: ReadonlySet<JobClass> = new Set<JobClass>([
  'failed',
  'missed',
  'unknown',
  'error',
]);

/** One string per target: the same target acknowledged twice replaces the first. */
export function targetKey(target: AckTarget): string {
  return [target.owner ?? '', target.loginName, target.backupSetId ?? '', target.jobId ?? '']
    .map(encodeURIComponent)
    .join('#');
}

/** `bob / Laptop` , `bob (every backup set)`, `bob / 169… job 2026-11-28-22-00-00`. */
export function describeTarget(target: AckTarget, label?: string): string {
  const user = target.owner ? `${target.loginName} (sub-admin ${target.owner})` : target.loginName;
  if (target.backupSetId === undefined) return `${user} (every backup set)`;
  const set = `${user} / ${label ?? target.backupSetId}`;
  return target.jobId === undefined ? set : `${set} job ${target.jobId}`;
}

/** Whether a row of this user, set and job falls under the target. */
export function targetCovers(
  target: AckTarget,
  row: {
    user: { loginName: string; owner?: string | undefined };
    backupSetId?: string | undefined;
    jobId?: string | undefined;
  },
): boolean {
  if (row.user.loginName !== target.loginName) return false;
  if (target.owner !== undefined && row.user.owner !== target.owner) return false;
  if (target.backupSetId !== undefined && row.backupSetId !== target.backupSetId) return false;
  if (target.jobId !== undefined && row.jobId !== target.jobId) return false;
  return true;
}
