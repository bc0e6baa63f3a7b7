import { backfill } from './backfill';
import { type BackupServer, userKey } from './backup-server';
import type { Collection } from './collect-rows';
import type { ListedBefore } from './collect-user';
import type { Deadline } from './deadline';
import type { DigestRow, SetLine } from './digest';
import type { HistoryStore, ListedSet, UserSets } from './history-store';
import { type RunningFate, runningKey } from './judge-sets';
import type { ReportWindow } from './report-window';
import { type SetHistory, setKeyOf } from './set-history';
import type { SetObservation } from './set-observation';
import { settle } from './settle';

export interface Recollection {
  /** Undefined when the store could not be read: the digest goes without history. */
  histories: Map<string, SetHistory> | undefined;
  /** Watched sets an earlier night listed that the user's set list no longer holds. */
  vanished: SetLine[];
  /** Why the store could not be read. */
  unavailable?: string | undefined;
  /** Set when the store was empty and the last nights were read back from CBS. */
  backfill?: BackfillFacts | undefined;
}

export interface BackfillFacts {
  nights: number;
  /** ListBackupJobStatus calls it took. */
  calls: number;
  /** Users whose past could not be read in full. */
  incompleteUsers: number;
  /** Users whose past was read back (absent in facts written before it was counted). */
  users?: number | undefined;
  /** Sets given a history by it. */
  sets?: number | undefined;
}

export interface RecallSettings {
  backfillDays: number;
  concurrency: number;
  /** Runs a backfill when there is room for one (a bound on how many users read their past at once); absent: at once. */
  backfillSlot?: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * Reads what the store remembers of the observed sets (one user's, as the judge calls it). When the
 * store knows none of them (the first run, or a user new to the digest) their past is read back
 * from CBS's listings of the last nights. A store that cannot be read costs the history, never the
 * digest: the reason is returned, for the caller to log, count and say in one notice.
 */
export async function recall(
  store: Pick<HistoryStore, 'load' | 'loadUserSets'>,
  server: BackupServer,
  collected: Pick<Collection, 'observations' | 'listedUsers'> & {
    /** By user key: what tonight's listings already hold of the nights before (see ListedBefore). */
    listedBefore?: ReadonlyMap<string, ListedBefore> | undefined;
  },
  window: ReportWindow,
  cbsTimeZone: string,
  settings: RecallSettings,
  deadline?: Deadline,
): Promise<Recollection> {
  const { observations, listedUsers } = collected;
  const sets = observations
    .filter((o) => !o.removed)
    .map((o) => ({ loginName: o.user.loginName, owner: o.user.owner, backupSetId: o.backupSetId }));
  const [[loaded, error], [userSets, usersError]] = await Promise.all([
    settle(store.load(sets)),
    listedUsers.length > 0
      ? settle(store.loadUserSets(listedUsers.map((listed) => listed.user)))
      : Promise.resolve([new Map<string, ListedSet[]>(), undefined] as const),
  ]);
  if (error || usersError || !loaded || !userSets) {
    const unavailable = (error ?? usersError)?.message ?? 'no answer';
    return { histories: undefined, unavailable, vanished: [] };
  }
  const vanished = vanishedSets(listedUsers, userSets);
  if (loaded.size > 0 || sets.length === 0 || settings.backfillDays === 0)
    return { histories: loaded, vanished };

  const fill = () =>
    backfill(
      server,
      observations,
      window,
      cbsTimeZone,
      settings.backfillDays,
      settings.concurrency,
      deadline,
      collected.listedBefore,
    );
  const filled = await (settings.backfillSlot ? settings.backfillSlot(fill) : fill());
  const users = new Set(observations.filter((o) => !o.removed).map((o) => userKey(o.user))).size;
  return {
    histories: filled.histories,
    vanished,
    backfill: {
      nights: settings.backfillDays,
      calls: filled.calls,
      incompleteUsers: filled.incomplete,
      users,
      sets: filled.histories.size,
    },
  };
}

/** The sets an earlier night listed for a user that tonight's complete set list does not hold: removed from CBS. */
function vanishedSets(listedUsers: readonly UserSets[], before: ReadonlyMap<string, ListedSet[]>): SetLine[] {
  return listedUsers.flatMap(({ user, sets }) => {
    const earlier = before.get(userKey(user));
    if (!earlier) return [];
    const listed = new Set(sets.map((set) => set.id));
    return earlier
      .filter((set) => !listed.has(set.id))
      .map((set) => ({ user, backupSetId: set.id, name: set.name }));
  });
}

/**
 * What became of the jobs earlier runs saw running and tonight's listings do not show: one
 * report-summary call each. An end time means it ended; none means it is still stuck; an error
 * means CBS no longer has it.
 */
export async function fatesOfRunning(
  server: BackupServer,
  histories: ReadonlyMap<string, SetHistory> | undefined,
  observations: readonly SetObservation[],
  rows: readonly DigestRow[],
): Promise<Map<string, RunningFate>> {
  const fates = new Map<string, RunningFate>();
  if (!histories) return fates;
  const listed = new Set(
    rows.map((r) => (r.jobId && r.backupSetId ? runningKey(r.user, r.backupSetId, r.jobId) : '')),
  );
  const asks: Promise<void>[] = [];
  for (const seen of observations) {
    const history = histories.get(setKeyOf({ ...seen.user, backupSetId: seen.backupSetId }));
    for (const job of history?.running ?? []) {
      const key = runningKey(seen.user, seen.backupSetId, job.jobId);
      if (listed.has(key)) continue;
      asks.push(
        settle(
          server.getJobSummary({
            user: seen.user,
            backupSetId: seen.backupSetId,
            destinationId: seen.destination?.id,
            jobId: job.jobId,
          }),
        ).then(([summary, error]) => {
          fates.set(
            key,
            error || !summary ? 'gone' : summary.endTime !== undefined ? 'ended' : 'still running',
          );
        }),
      );
    }
  }
  await Promise.all(asks);
  return fates;
}
