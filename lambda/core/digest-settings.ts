import type { DateTime } from 'luxon';
import type { Audience, SendWhen } from './audience';
import type { WindowSettings } from './report-window';
import type { ExpectOverrides } from './resolve-expectation';

/**
 * What a run needs to know, and no more: the core's own shape of the settings. The entry points
 * build it from the validated config (`lambda/entry/digest-settings.ts`); the deploy section and
 * the adapters' tuning never reach the core.
 */
export interface DigestSettings {
  report: WindowSettings & {
    title: string;
    /** A set without a success for longer than this needs attention even when no run was due. */
    staleAfterDays: number;
    /** Whether the admins' digest of an all-clear night is sent. */
    sendWhen: SendWhen;
  };
  cbs: {
    /** The zone of the CBS server's clock, whose calendar dates the jobs are listed by. */
    timeZone: string;
    /** Calls the client keeps in flight; the core keeps about twice as many users in work. */
    concurrency: number;
    /** Named in the notice when the credentials are the problem. */
    credentialsParameter: string;
  };
  mail: MailSettings;
  watch: WatchSettings;
  /** What the operator expects of sets, over what CBS's schedules say. */
  expect: ExpectOverrides;
  history: {
    /** Nights read back from CBS when the store holds nothing yet. */
    backfillDays: number;
  };
}

export interface MailSettings {
  from: string;
  to: string[];
  replyTo?: string | undefined;
  /** Digests of a share of the rows, each to its own recipients; none by default. */
  audiences: readonly Audience[];
}

/** What to watch: the users, sets and jobs named, and in whole-server mode every user CBS lists. */
export interface WatchSettings {
  allUsers?: AllUsers | undefined;
  users: readonly WatchedUser[];
  backupSets: readonly WatchedBackupSet[];
  jobs: readonly PinnedJob[];
}

/** Whole-server mode: every user the server lists, less these. */
export interface AllUsers {
  excludeLoginNames: readonly string[];
  excludeOwners: readonly string[];
}

/** A backup user watched whole: every set it has. */
export interface WatchedUser {
  loginName: string;
  /** Sub-admin that owns the user, if any. */
  owner?: string | undefined;
}

/** A backup set that must show a job in the window, optionally on one destination. */
export interface WatchedBackupSet extends WatchedUser {
  backupSetId: string;
  destinationId?: string | undefined;
  /** Shown when the set has no job in the window. */
  name?: string | undefined;
}

/** One job reported on by its id, whenever it ran. */
export interface PinnedJob extends WatchedUser {
  backupSetId: string;
  destinationId?: string | undefined;
  jobId: string;
  /** The start the job's id names, read by the entry point with the CBS adapter. */
  idStart: DateTime | undefined;
}
