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
}

/** A backup user with its sets. */
export interface UserPlan {
  readonly loginName: string;
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
