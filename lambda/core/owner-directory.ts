import type { BackupServer, BackupUserRef } from './backup-server';
import type { Log } from './log';
import { settle } from './settle';

/** A user's sub-admin as far as the run knows it: `{ owner }` (undefined: none), or undefined if unknown. */
export interface OwnerDirectory {
  ownerOf(user: BackupUserRef): { owner: string | undefined } | undefined;
}

/**
 * The owners the rows carry. A row's owner comes from CBS in whole-server mode (`2/ListUsers`) or
 * from the config that named the user; a user named without one has an unknown owner here.
 */
export const OWNERS_ON_ROWS: OwnerDirectory = {
  ownerOf: (user) => (user.owner !== undefined ? { owner: user.owner } : undefined),
};

/**
 * Owners by login name (unique on a CBS server), over what the rows themselves say. `complete`:
 * `listed` is every user CBS lists, so a user it does not list (unknown to CBS) has no sub-admin.
 */
export function ownerDirectory(listed: readonly BackupUserRef[], complete = false): OwnerDirectory {
  const byLogin = new Map<string, string | undefined>();
  for (const user of listed) byLogin.set(user.loginName, user.owner);
  return {
    ownerOf: (user) => {
      if (user.owner !== undefined) return { owner: user.owner };
      if (byLogin.has(user.loginName)) return { owner: byLogin.get(user.loginName) };
      // Stryker disable next-line ObjectLiteral: `{}` has no owner either; the explicit key says so
      return complete ? { owner: undefined } : undefined;
    },
  };
}

/**
 * The owners an audience selecting by sub-admin needs. Whole-server mode already listed the users
 * (`known`); a user the config names without an owner is looked up with one `2/ListUsers` call,
 * made only then. A failed call costs only the placing of those users: the run goes on.
 */
export async function resolveOwners(
  server: BackupServer,
  users: Iterable<BackupUserRef>,
  known: readonly BackupUserRef[],
  log: Log,
): Promise<OwnerDirectory> {
  const directory = ownerDirectory(known);
  let unknown = 0;
  for (const user of users) if (directory.ownerOf(user) === undefined) unknown += 1;
  if (unknown === 0) return directory;
  const [listing, error] = await settle(server.listUsers());
  if (!listing) {
    log.warn('sub-admins not read', { users: unknown, error: error?.message });
    return directory;
  }
  // A user CBS lists but whose entry could not be read may be any of the unlisted: then not complete.
  return ownerDirectory([...known, ...listing.users], listing.unreadable.length === 0);
}
