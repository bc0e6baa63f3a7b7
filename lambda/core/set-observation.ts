import type { BackupUserRef, DestinationRef, JobRecord } from './backup-server';
import type { Expectation } from './expectation';

/** What collection saw of one watched set, for the judge to decide its night. */
export interface SetObservation {
  user: BackupUserRef;
  backupSetId: string;
  name?: string | undefined;
  destinations: readonly DestinationRef[];
  expectation: Expectation;
  /** Its jobs that started in the window, as listed. */
  jobs: readonly JobRecord[];
  /** Every listing of the window answered: "no job" is evidence. */
  complete: boolean;
  /** CBS no longer knows the set. */
  removed: boolean;
}
