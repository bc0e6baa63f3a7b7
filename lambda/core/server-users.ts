import type { BackupUserRef } from './backup-server';
import type { AllUsers } from './digest-settings';

export interface ServerUserSelection {
  watched: BackupUserRef[];
  excluded: number;
  /** Exclusions that matched no user CBS listed: a typo, or a user since removed. */
  unmatched: string[];
}

/** Whole-server mode: the users CBS listed, less those the config excludes by name or by owner. */
export function selectServerUsers(users: readonly BackupUserRef[], rule: AllUsers): ServerUserSelection {
  const names = new Set(rule.excludeLoginNames);
  const owners = new Set(rule.excludeOwners);
  const matched = new Set<string>();
  const watched: BackupUserRef[] = [];
  for (const user of users) {
    const byName = names.has(user.loginName);
    const byOwner = user.owner !== undefined && owners.has(user.owner);
    if (byName) matched.add(`login name ${user.loginName}`);
    if (byOwner) matched.add(`owner ${user.owner}`);
    if (!byName && !byOwner) watched.push(user);
  }
  const unmatched = [
    ...rule.excludeLoginNames.map((name) => `login name ${name}`),
    ...rule.excludeOwners.map((owner) => `owner ${owner}`),
  ].filter((exclusion) => !matched.has(exclusion));
  return { watched, excluded: users.length - watched.length, unmatched };
}
