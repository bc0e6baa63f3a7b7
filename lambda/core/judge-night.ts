import type { BackupServer } from './backup-server';
import { plural } from './classify-job';
import type { Collection } from './collect-rows';
import type { Deadline } from './deadline';
import type { DigestExtras, DigestRow, SetLine } from './digest';
import type { DigestSettings } from './digest-settings';
import type { HistoryStore } from './history-store';
import { judgeSets } from './judge-sets';
import type { Log } from './log';
import { type BackfillFacts, fatesOfRunning, recall, remember } from './remember';
import type { ReportWindow } from './report-window';

/**
 * What judging a part of the server's night found besides its rows. A single run has one part; in
 * fan-out mode each batch judges its own users and Merge adds the parts up with `extrasOf`.
 */
export interface NightFacts {
  /** Why the history store could not be read, when it could not. */
  historyUnavailable?: string | undefined;
  /** Set when the store held nothing of these sets and their last nights were read back from CBS. */
  backfill?: BackfillFacts | undefined;
  /** Why tonight could not be saved, when it could not. */
  notRemembered?: string | undefined;
  notScheduled: SetLine[];
  removed: SetLine[];
  /** Whether the rows carry their history (the store was read). */
  remembers: boolean;
  /** Suspended or locked users left out in whole-server mode. */
  inactiveUsers: number;
  /** Sets whose schedule could not be read (a fallback expectation was used). */
  guessedSchedules: number;
}

/** The facts of a part that judged no sets (fan-out's Plan, a batch that asked CBS nothing). */
export const NOTHING_FOUND: NightFacts = {
  notScheduled: [],
  removed: [],
  remembers: false,
  inactiveUsers: 0,
  guessedSchedules: 0,
};

export interface JudgedNight {
  rows: DigestRow[];
  facts: NightFacts;
}

export interface JudgeNightDependencies {
  /** Absent: no memory (CLI and tests without a table). */
  history?: HistoryStore | undefined;
  log: Log;
  deadline?: Deadline | undefined;
}

/**
 * From collected rows to judged ones: recalls the sets' past (backfilled on an empty store), asks
 * CBS what became of jobs earlier runs saw running, judges each set's night, and remembers it
 * unless `dryRun`. The same step whether it sees the whole server or one fan-out batch of it:
 * every set is judged by its own past only.
 */
export async function judgeNight(
  server: BackupServer,
  collected: Collection,
  deps: JudgeNightDependencies,
  settings: Pick<DigestSettings, 'cbs' | 'history' | 'report'>,
  window: ReportWindow,
  dryRun: boolean,
): Promise<JudgedNight> {
  const { history, log, deadline } = deps;
  const memory = history
    ? await recall(
        history,
        server,
        collected,
        window,
        settings.cbs.timeZone,
        { backfillDays: settings.history.backfillDays, concurrency: settings.cbs.concurrency * 2 },
        log,
        deadline,
      )
    : undefined;
  const histories = memory?.histories;
  const fates = await fatesOfRunning(server, histories, collected.observations, collected.rows);
  const judged = judgeSets({
    rows: collected.rows,
    observations: collected.observations,
    histories,
    fates,
    window,
    cbsTimeZone: settings.cbs.timeZone,
    staleAfterDays: settings.report.staleAfterDays,
  });
  const notRemembered =
    history && histories && !dryRun
      ? await remember(history, judged.entries, collected.listedUsers, log)
      : undefined;
  return {
    rows: judged.rows,
    facts: {
      historyUnavailable: memory?.unavailable,
      backfill: memory?.backfill,
      notRemembered,
      notScheduled: judged.notScheduled,
      removed: [...judged.removed, ...(memory?.vanished ?? [])],
      remembers: histories !== undefined,
      inactiveUsers: collected.inactiveUsers,
      guessedSchedules: judged.guessedSchedules,
    },
  };
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
        `History is unavailable tonight (${facts.historyUnavailable}): no strips or last-success ages, and tonight is not remembered.`,
      );
  const backfilled = parts.flatMap((facts) => (facts.backfill ? [facts.backfill] : []));
  if (backfilled.length > 0) {
    const nights = Math.max(...backfilled.map((fill) => fill.nights));
    notices.push(
      `First run with history: the last ${nights} nights were read back from CBS (${sum((f) => f.backfill?.calls)} listing calls).`,
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
