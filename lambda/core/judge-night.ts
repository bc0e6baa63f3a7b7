import { type BackupServer, type BackupUserRef, userKey } from './backup-server';
import { plural } from './classify-job';
import type { CollectedUser, Collection } from './collect-rows';
import type { DigestExtras, DigestRow } from './digest';
import type { DigestSettings } from './digest-settings';
import type { NightFacts } from './night-facts';
import { type JudgeNightDependencies, NightJudge } from './night-judge';
import type { ReportWindow } from './report-window';

export { type NightFacts, NOTHING_FOUND } from './night-facts';

export interface JudgedNight {
  rows: DigestRow[];
  facts: NightFacts;
}

export type { JudgeNightDependencies } from './night-judge';

/**
 * Judges a night already collected, user by user as NightJudge does while collecting (see
 * `collectRows`' judge): recalls the sets' past (read back from CBS for users the store knows
 * nothing of), asks CBS what became of jobs earlier runs saw running, judges each set's night,
 * and remembers it unless `dryRun`. Every set is judged by its own past only.
 */
export async function judgeNight(
  server: BackupServer,
  collected: Collection,
  deps: JudgeNightDependencies,
  settings: Pick<DigestSettings, 'cbs' | 'history' | 'report'>,
  window: ReportWindow,
  dryRun: boolean,
): Promise<JudgedNight> {
  const judge = new NightJudge(server, deps, { settings, window, dryRun });
  const byUser = new Map<string, CollectedUser>();
  const of = (user: BackupUserRef): CollectedUser => {
    const key = userKey(user);
    const found = byUser.get(key) ?? { user, rows: [], observations: [] };
    byUser.set(key, found);
    return found;
  };
  for (const row of collected.rows) of(row.user).rows.push(row);
  for (const seen of collected.observations) of(seen.user).observations.push(seen);
  for (const listed of collected.listedUsers) of(listed.user).listedSets = listed.sets;
  const judging = [...byUser.values()].map((found) => judge.judge(found));
  judge.allHanded();
  const rows: DigestRow[] = [];
  // One by one: a spread of a huge array into push() overflows the call stack.
  for (const judged of await Promise.all(judging)) for (const row of judged) rows.push(row);
  return { rows, facts: await judge.finish(collected.inactiveUsers) };
}

/**
 * The digest's extras from the facts of every part of the night: counts added up, each thing said
 * once (every batch of a fan-out run that found the store down says so in the same words).
 */
export function extrasOf(parts: readonly NightFacts[]): DigestExtras {
  const sum = (pick: (facts: NightFacts) => number | undefined): number =>
    parts.reduce((total, facts) => total + (pick(facts) ?? 0), 0);
  const notices: string[] = [];
  for (const facts of parts)
    if (facts.historyUnavailable !== undefined)
      notices.push(
        facts.remembers
          ? // The store failed part way: the users judged before it did have their history.
            `History could not be read for ${plural(facts.unreadUsers ?? 0, 'backup user')} tonight (${facts.historyUnavailable}): their rows have no strips or last-success ages, and their night is not remembered.`
          : `History is unavailable tonight (${facts.historyUnavailable}): no strips or last-success ages, and tonight is not remembered.`,
      );
  const backfilled = parts.flatMap((facts) => (facts.backfill ? [facts.backfill] : []));
  if (backfilled.length > 0) {
    const nights = Math.max(...backfilled.map((fill) => fill.nights));
    const calls = sum((f) => f.backfill?.calls);
    const users = sum((f) => f.backfill?.users);
    // Users the store already knew: then only the new ones were read back.
    const known = sum((f) => f.recalledUsers) - users;
    notices.push(
      known > 0 && users > 0
        ? `${plural(users, 'backup user')} new to the history: their last ${nights} nights were read back from CBS (${calls} listing calls).`
        : `First run with history: the last ${nights} nights were read back from CBS (${calls} listing calls).`,
    );
    const incomplete = sum((f) => f.backfill?.incompleteUsers);
    if (incomplete > 0)
      notices.push(`The past of ${incomplete} users could not be read in full; their strips have gaps.`);
  }
  const inactiveUsers = sum((facts) => facts.inactiveUsers);
  if (inactiveUsers > 0)
    notices.push(
      `${plural(inactiveUsers, 'suspended or locked backup user')} not checked (they cannot back up).`,
    );
  const guessedSchedules = sum((facts) => facts.guessedSchedules);
  if (guessedSchedules > 0)
    notices.push(
      `The schedules of ${plural(guessedSchedules, 'backup set')} could not be read from CBS; the configured default (else daily) was expected instead.`,
    );
  for (const facts of parts)
    if (facts.notRemembered !== undefined)
      notices.push(
        `Tonight could not be remembered (${facts.notRemembered}); tomorrow's digest will not know it.`,
      );
  return {
    notices: [...new Set(notices)],
    notScheduled: parts.flatMap((facts) => facts.notScheduled),
    removed: parts.flatMap((facts) => facts.removed),
    remembers: parts.some((facts) => facts.remembers),
  };
}

/** How often the parts found the history store failing (read or write). */
export const historyFaults = (parts: readonly NightFacts[]): number =>
  parts.reduce(
    (total, facts) =>
      total + (facts.historyUnavailable !== undefined ? 1 : 0) + (facts.notRemembered !== undefined ? 1 : 0),
    0,
  );
