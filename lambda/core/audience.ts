import type { BackupUserRef } from './backup-server';
import type { DigestExtras, DigestRow, SetLine } from './digest';
import type { OwnerDirectory } from './owner-directory';
import { isServerWide } from './server-wide';

/** Whether an all-clear night still sends the digest, or sends nothing. */
export type SendWhen = 'always' | 'attention';

/** Which rows an audience gets; several lists select what any of them names. */
export interface AudienceSelector {
  everything?: true | undefined;
  /** Sub-admins (CBS `Owner`) whose backup users the audience gets. */
  owners?: readonly string[] | undefined;
  loginNames?: readonly string[] | undefined;
  backupSets?: readonly string[] | undefined;
}

/** People who get one digest of only their share of the rows (`mail.audiences[]`). */
export interface Audience {
  name: string;
  to: string[];
  replyTo?: string | undefined;
  title: string;
  sendWhen: SendWhen;
  select: AudienceSelector;
}

/** An audience's rows and extras, and what kept some rows out of it. */
export interface AudienceShare {
  rows: DigestRow[];
  extras: DigestExtras;
  /** Backup users whose sub-admin could not be read, so an owners selector could not place them. */
  unplaced: string[];
}

/** The rows, not-scheduled and removed sets of `extras` that `select` picks. Pure. */
export function audienceShare(
  select: AudienceSelector,
  rows: readonly DigestRow[],
  extras: DigestExtras,
  owners: OwnerDirectory,
): AudienceShare {
  const unplaced = new Set<string>();
  const picks = (user: BackupUserRef, backupSetId: string | undefined): boolean => {
    if (select.everything) return true;
    if (select.loginNames?.includes(user.loginName)) return true;
    // Stryker disable next-line ConditionalExpression: the selector lists strings, so it never includes undefined
    if (backupSetId !== undefined && select.backupSets?.includes(backupSetId)) return true;
    if (!select.owners) return false;
    const owner = owners.ownerOf(user);
    if (owner === undefined) {
      unplaced.add(user.loginName);
      return false;
    }
    // Stryker disable next-line ConditionalExpression: the selector lists strings, so it never includes undefined
    return owner.owner !== undefined && select.owners.includes(owner.owner);
  };
  const picked: DigestRow[] = [];
  for (const row of rows) if (isServerWide(row) || picks(row.user, row.backupSetId)) picked.push(row);
  const lines = (list: readonly SetLine[]): SetLine[] =>
    list.filter((line) => picks(line.user, line.backupSetId));
  return {
    rows: picked,
    extras: {
      ...extras,
      notScheduled: lines(extras.notScheduled),
      removed: lines(extras.removed),
    },
    unplaced: [...unplaced].sort(),
  };
}
