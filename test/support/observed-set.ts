import type { BackupUserRef } from '../../lambda/core/backup-server';
import type { SetObservation } from '../../lambda/core/set-observation';
import { DAILY_AT_22 } from './report-night';

/** The backup user the judge's unit tests watch. */
export const ALICE: BackupUserRef = { loginName: 'alice' };

/**
 * A watched set as collection saw it tonight: alice's "Set <id>" to Wasabi, run daily at 22:00, every
 * listing of the window answered, no job listed, still known to CBS. Overrides change any of that.
 */
export function observedSet(backupSetId: string, overrides: Partial<SetObservation> = {}): SetObservation {
  return {
    user: ALICE,
    backupSetId,
    name: `Set ${backupSetId}`,
    destination: { id: 'd1', name: 'Wasabi' },
    expectation: DAILY_AT_22,
    jobCount: 0,
    complete: true,
    removed: false,
    ...overrides,
  };
}
