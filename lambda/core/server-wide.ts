import type { BackupUserRef } from './backup-server';
import type { DigestRow } from './digest';

/** Who a row is about when the server's user list itself could not be read. */
export const ALL_USERS: BackupUserRef = { loginName: 'all backup users' };

/**
 * A row about the whole server (its users could not be listed) goes to every audience: without it
 * an audience would read an all-clear for a night nothing of theirs was checked.
 */
export function isServerWide(row: Pick<DigestRow, 'user' | 'backupSetId'>): boolean {
  return (
    row.user.loginName === ALL_USERS.loginName &&
    row.user.owner === undefined &&
    row.backupSetId === undefined
  );
}
