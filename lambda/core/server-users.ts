import type { BackupUserRef, ListedUser } from './backup-server';
import type { AllUsers } from './digest-settings';

export interface ServerUserSelection {
  watched: BackupUserRef[];
  excluded: number;
  /** Users CBS lists as suspended or locked: they cannot back up, so they are not checked. */
  inactive: number;
  /** Exclusions that matched no user CBS listed: a typo, or a user since removed. */
  unmatched: string[];
}

/** Whole-server mode: the users CBS listed, less those the config excludes by name or by owner. */
export function selectServerUsers(users: readonly ListedUser[], rule: AllUsers): ServerUserSelection {
  const names = new Set(rule.excludeLoginNames);
  const owners = new Set(rule.excludeOwners);
  const matched = new Set<string>();
  const watched: BackupUserRef[] = [];
  let inactive = 0;
  for (const user of users) {
    const byName = names.has(user.loginName);
    // Stryker disable next-line ConditionalExpression: the exclusions are strings, never undefined
    const byOwner = user.owner !== undefined && owners.has(user.owner);
    // A suspended user still matches its exclusion: CBS listed it, so the exclusion is no typo.
    // Stryker disable next-line ConditionalExpression: marking a name no exclusion holds changes no exclusion's fate
    if (byName) matched.add(`login name ${user.loginName}`);
    // Stryker disable next-line ConditionalExpression: likewise for an owner no exclusion names
    if (byOwner) matched.add(`owner ${user.owner}`);
    if (isInactive(user.status)) inactive += 1;
    else if (!byName && !byOwner) watched.push({ loginName: user.loginName, owner: user.owner });
  }
  const unmatched = [
    ...rule.excludeLoginNames.map((name) => `login name ${name}`),
    ...rule.excludeOwners.map((owner) => `owner ${owner}`),
  ].filter((exclusion) => !matched.has(exclusion));
  return { watched, excluded: users.length - inactive - watched.length, inactive, unmatched };
}

/**
 * A backup user's status is `ENABLE` or `SUSPENDED` (Ahsay's ModifyUserStatus page; trial users
 * are suspended when the trial ends); some builds say `LOCKED`. An unknown word stays watched:
 * better one row too many than a user dropped silently.
 */
function isInactive(status: string | undefined): boolean {
  return status !== undefined && /^(suspend|lock)/i.test(status.trim());
}
