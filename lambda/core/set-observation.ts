import type { BackupUserRef, DestinationRef } from './backup-server';
import type { Expectation } from './expectation';

/** What collection saw of one watched set, for the judge to decide its night. */
export interface SetObservation {
  user: BackupUserRef;
  backupSetId: string;
  name?: string | undefined;
  /**
   * Its first destination as 2/GetBackupSet listed it: the one a row names when the job listing
   * gave none. Only that one is kept: a set's whole list held to the end of collection cost
   * memory on every set and was never read past its first entry.
   */
  destination?: DestinationRef | undefined;
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
