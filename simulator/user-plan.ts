/** How a finished job ended; each maps to one `BackupJobStatus`. */
export type JobOutcome = 'success' | 'warning' | 'error' | 'system-error' | 'missed' | 'unknown';

/** What a set backs up: decides which of the database / VM counters a job carries. */
export type SetContent = 'files' | 'database' | 'vm';

/** A backup set and the schedule and behaviour its jobs are generated from. */
export interface SetPlan {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly destinationId: string;
  readonly destinationName: string;
  readonly content: SetContent;
  /** Local start times in seconds after midnight, ascending; empty means the set never runs. */
  readonly startSeconds: readonly number[];
  readonly durationSeconds: { readonly min: number; readonly max: number };
  /** `mixed` draws every job's outcome: mostly success, a little of everything else. */
  readonly outcome: JobOutcome | 'mixed';
  /** Typical bytes a run backs up: keeps a set's jobs of a similar size from day to day. */
  readonly typicalChangeBytes: number;
  readonly dedupeEnabled: boolean;
  /** Databases or VMs the set holds (0 for file sets). */
  readonly items: number;
  /** Answers with the value quirks real servers show (strings for numbers, typos). */
  readonly quirky: boolean;
  /**
   * A job still going at now is listed as running. When false it is listed as having ended
   * just now with its final status, so the demo shows every status at any time of day.
   */
  readonly showsRunning: boolean;
  /** On the CBS date of `now`, has one job that started minutes ago and is still running. */
  readonly runningNow: boolean;
  /**
   * What 2/GetBackupSet lists as the set's schedule: `daily` (the default) at its first start
   * (periodic when it starts several times a day), `weekdays` Monday to Friday, `weekly` on
   * Sundays, or `none` (a manual set). Jobs are generated only on the days it lists.
   */
  readonly schedule?: 'daily' | 'weekdays' | 'weekly' | 'none';
  /** Listed schedule time when the set has no starts (it should run and never does). */
  readonly scheduledSecond?: number;
  /** Per start (same index as `startSeconds`), an outcome overriding `outcome`: a retry that fixes a failure. */
  readonly outcomes?: readonly JobOutcome[];
  /** On the last this many CBS dates before today the set fails; before them it succeeds. */
  readonly failingNights?: number;
  /** No jobs on the dates from this many days ago on: the set stopped running. */
  readonly stoppedDaysAgo?: number;
  /** Its job of this many days ago never ended (the client died): no end, no status, ever since; no later jobs. */
  readonly stuckDaysAgo?: number;
}

/** A backup user with its sets. */
export interface UserPlan {
  readonly loginName: string;
  /** 2/ListUsers `Status`: `ENABLE` unless said otherwise. */
  readonly status?: 'ENABLE' | 'SUSPENDED' | 'LOCKED';
  /** Sub-admin owning the user; '' when the system admin does. */
  readonly owner: string;
  readonly userId: string;
  readonly runVersion: string;
  readonly sets: readonly SetPlan[];
}

/** A simulated user as tests and demos see it, to build configs from. */
export interface SimUser {
  loginName: string;
  owner?: string;
  sets: { id: string; name: string; type: string; destinationId: string }[];
}

/** The public view of a user plan. */
export function toSimUser(user: UserPlan): SimUser {
  const sets = user.sets.map((set) => ({
    id: set.id,
    name: set.name,
    type: set.type,
    destinationId: set.destinationId,
  }));
  return user.owner === ''
    ? { loginName: user.loginName, sets }
    : { loginName: user.loginName, owner: user.owner, sets };
}
