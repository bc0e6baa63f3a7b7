import type { SetLine } from './digest';
import type { BackfillFacts } from './remember';

/**
 * What judging a part of the server's night found besides its rows. A single run has one part; in
 * fan-out mode each batch judges its own users and Merge adds the parts up with `extrasOf`.
 */
export interface NightFacts {
  /** Why the history store could not be read, when it could not. */
  historyUnavailable?: string | undefined;
  /** Users whose history could not be read while others' was (a store that failed mid-run). */
  unreadUsers?: number | undefined;
  /** Set when the store held nothing of some users' sets and their last nights were read back from CBS. */
  backfill?: BackfillFacts | undefined;
  /** Users with sets whose history was read (from the store or back from CBS). */
  recalledUsers?: number | undefined;
  /** Why tonight could not be saved, when it could not. */
  notRemembered?: string | undefined;
  notScheduled: SetLine[];
  removed: SetLine[];
  /** Whether the rows carry their history (the store was read). */
  remembers: boolean;
  /** Suspended or locked users left out in whole-server mode. */
  inactiveUsers: number;
  /** Sets whose schedule could not be read (a fallback expectation was used). */
  guessedSchedules: number;
}

/** The facts of a part that judged no sets (fan-out's Plan, a batch that asked CBS nothing). */
export const NOTHING_FOUND: NightFacts = {
  notScheduled: [],
  removed: [],
  remembers: false,
  inactiveUsers: 0,
  guessedSchedules: 0,
};
