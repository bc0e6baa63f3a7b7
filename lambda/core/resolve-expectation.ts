import type { BackupUserRef } from './backup-server';
import type { CbsSchedule, Expectation } from './expectation';
import { expectationOfSpec, type ScheduleSpec } from './schedule-spec';

/** The operator's `expect` overrides: per set beats per user; `default` stands in for an unreadable schedule. */
export interface ExpectOverrides {
  graceMinutes: number;
  default?: ScheduleSpec | undefined;
  users: readonly (ScheduleSpec & { loginName: string; owner?: string | undefined })[];
  backupSets: readonly (ScheduleSpec & {
    loginName: string;
    owner?: string | undefined;
    backupSetId: string;
  })[];
}

export const NO_OVERRIDES: ExpectOverrides = { graceMinutes: 60, users: [], backupSets: [] };

/**
 * What the digest expects of one set. An override the operator wrote wins; then what CBS says;
 * when CBS could not say (the call failed, an older CBS, a shape we do not know), the configured
 * default, else daily, with a note saying so: a watched set is never dropped silently.
 */
export function resolveExpectation(
  user: BackupUserRef,
  backupSetId: string,
  overrides: ExpectOverrides,
  cbs: CbsSchedule,
): Expectation {
  const sameUser = (o: { loginName: string; owner?: string | undefined }) =>
    o.loginName === user.loginName && (o.owner === undefined || o.owner === (user.owner ?? ''));
  const forSet = overrides.backupSets.find((o) => sameUser(o) && o.backupSetId === backupSetId);
  if (forSet) return expectationOfSpec(forSet, overrides.graceMinutes, 'override');
  const forUser = overrides.users.find(sameUser);
  if (forUser) return expectationOfSpec(forUser, overrides.graceMinutes, 'override');
  if (cbs.kind === 'rules') return { rules: cbs.rules, graceMinutes: overrides.graceMinutes, source: 'cbs' };
  if (cbs.kind === 'off') return { rules: [], graceMinutes: overrides.graceMinutes, source: 'cbs' };
  if (overrides.default) {
    return expectationOfSpec(
      overrides.default,
      overrides.graceMinutes,
      'fallback',
      `schedule not read from CBS (${cbs.reason}); expecting the configured default`,
    );
  }
  return {
    rules: [{ kind: 'interval', hours: 24 }],
    graceMinutes: overrides.graceMinutes,
    source: 'fallback',
    note: `schedule not read from CBS (${cbs.reason}); expecting a daily backup`,
  };
}
