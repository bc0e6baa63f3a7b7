import { backfill } from './backfill';
import type { BackupServer } from './backup-server';
import type { Deadline } from './deadline';
import type { DigestRow } from './digest';
import type { HistoryEntry, HistoryStore } from './history-store';
import { type RunningFate, runningKey } from './judge-sets';
import type { Log } from './log';
import type { ReportWindow } from './report-window';
import { type SetHistory, setKeyOf } from './set-history';
import type { SetObservation } from './set-observation';
import { settle } from './settle';

export interface Recollection {
  /** Undefined when the store could not be read: the digest goes without history. */
  histories: Map<string, SetHistory> | undefined;
  notices: string[];
  backfillCalls: number;
}

export interface RecallSettings {
  backfillDays: number;
  concurrency: number;
}

/**
 * Reads what the store remembers of the observed sets. An empty store (the first run) is filled
 * from CBS's listings of the last nights. A store that cannot be read costs the history, never
 * the digest: one notice says so, the fault is logged and counted.
 */
export async function recall(
  store: HistoryStore,
  server: BackupServer,
  observations: readonly SetObservation[],
  window: ReportWindow,
  cbsTimeZone: string,
  settings: RecallSettings,
  log: Log,
  deadline?: Deadline,
): Promise<Recollection> {
  const sets = observations
    .filter((o) => !o.removed)
    .map((o) => ({ loginName: o.user.loginName, owner: o.user.owner, backupSetId: o.backupSetId }));
  const [loaded, error] = await settle(store.load(sets));
  if (error || !loaded) {
    log.warn('history unavailable', { historyFaults: 1, error: error?.message ?? 'no answer' });
    return {
      histories: undefined,
      notices: [
        `History is unavailable tonight (${error?.message ?? 'no answer'}): no strips or last-success ages, and tonight is not remembered.`,
      ],
      backfillCalls: 0,
    };
  }
  if (loaded.size > 0 || sets.length === 0 || settings.backfillDays === 0)
    return { histories: loaded, notices: [], backfillCalls: 0 };

  const started = Date.now();
  const filled = await backfill(
    server,
    observations,
    window,
    cbsTimeZone,
    settings.backfillDays,
    settings.concurrency,
    deadline,
  );
  log.info('history backfilled', {
    nights: settings.backfillDays,
    sets: filled.histories.size,
    listBackupJobStatusCalls: filled.calls,
    incompleteUsers: filled.incomplete,
    ms: Date.now() - started,
  });
  const notices = [
    `First run with history: the last ${settings.backfillDays} nights were read back from CBS (${filled.calls} listing calls).`,
  ];
  if (filled.incomplete > 0)
    notices.push(`The past of ${filled.incomplete} users could not be read in full; their strips have gaps.`);
  return { histories: filled.histories, notices, backfillCalls: filled.calls };
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
            destinationId: seen.destinations[0]?.id,
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

/** Saves tonight; a failure becomes a notice and a logged, counted fault. */
export async function remember(
  store: HistoryStore,
  entries: readonly HistoryEntry[],
  log: Log,
): Promise<string | undefined> {
  if (entries.length === 0) return undefined;
  const [, error] = await settle(store.save(entries));
  if (!error) return undefined;
  log.warn('history not saved', { historyFaults: 1, error: error.message });
  return `Tonight could not be remembered (${error.message}); tomorrow's digest will not know it.`;
}
