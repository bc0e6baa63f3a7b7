import type { BackupUserRef, DestinationRef } from './backup-server';
import type { Expectation } from './expectation';

/** What collection saw of one watched set, for the judge to decide its night. */
export interface SetObservation {
  user: BackupUserRef;
  backupSetId: string;
  name?: string | undefined;
  destinations: readonly DestinationRef[];
  expectation: Expectation;
  /**
   * How many of its jobs started in the window, as listed. A count, not the jobs: their rows carry
   * what the judge needs, and 50,000 listed records with their parsed times held to the end of
   * collection were 1.7 KB a job of the live heap (measured, dev/bench/heap-probe.ts).
   */
  jobCount: number;
  /** Every listing of the window answered: "no job" is evidence. */
  complete: boolean;
  /** CBS no longer knows the set. */
  removed: boolean;
}
