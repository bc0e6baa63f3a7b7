import { type BackupServer, userKey } from './backup-server';
import type { CollectedUser, UserJudge } from './collect-rows';
import type { Deadline } from './deadline';
import type { DigestRow, SetLine } from './digest';
import type { DigestSettings } from './digest-settings';
import { GatheredHistoryReads } from './history-reads';
import type { HistoryStore } from './history-store';
import { HistoryWriter } from './history-writes';
import { judgeSets } from './judge-sets';
import type { Log } from './log';
import type { NightFacts } from './night-facts';
import { type BackfillFacts, fatesOfRunning, recall } from './remember';
import type { ReportWindow } from './report-window';
import { Slots } from './slots';

export interface JudgeNightDependencies {
  /** Absent: no memory (CLI and tests without a table). */
  history?: HistoryStore | undefined;
  log: Log;
  deadline?: Deadline | undefined;
}

export interface NightJudgeOptions {
  settings: Pick<DigestSettings, 'cbs' | 'history' | 'report'>;
  window: ReportWindow;
  /** A dry run judges with history but saves nothing. */
  dryRun: boolean;
  /**
   * Whether the run has shown it is worth remembering (some CBS call answered); saves wait until
   * it has. Absent: at once.
   */
  mayRemember?: (() => boolean) | undefined;
}

/**
 * Judges a night user by user, each as soon as it is collected: recalls the user's sets (read
 * with other users' in batches; a user the store knows nothing of has its last nights read back
 * from CBS), asks CBS what became of jobs earlier runs saw running, judges each set by its own
 * past, and queues the night to be saved while other users are still being collected. `finish`
 * waits for the saves and says what the night found besides its rows.
 */
export class NightJudge implements UserJudge {
  private readonly reads: GatheredHistoryReads | undefined;
  private readonly writer: HistoryWriter | undefined;
  private readonly backfillSlot: <T>(work: () => Promise<T>) => Promise<T>;
  private readonly notScheduled: SetLine[] = [];
  private readonly removed: SetLine[] = [];
  private guessedSchedules = 0;
  private remembers = false;
  private recalledUsers = 0;
  private unreadUsers = 0;
  private unavailable: string | undefined;
  private backfill:
    | { nights: number; calls: number; incompleteUsers: number; users: number; sets: number }
    | undefined;

  constructor(
    private readonly server: BackupServer,
    private readonly deps: JudgeNightDependencies,
    private readonly options: NightJudgeOptions,
  ) {
    const { history } = deps;
    this.reads = history ? new GatheredHistoryReads(history) : undefined;
    this.writer =
      history && !options.dryRun
        ? new HistoryWriter(history, deps.log, options.mayRemember ?? (() => true))
        : undefined;
    // As many users read their past at once as collection works on: enough to keep CBS busy,
    // few enough that their listings stay small in memory.
    // Stryker disable next-line ArithmeticOperator: how many users read their past at once changes speed and memory, not what is judged
    const slots = new Slots(options.settings.cbs.concurrency * 2);
    this.backfillSlot = (work) => slots.run(work);
  }

  async judge(found: CollectedUser): Promise<DigestRow[]> {
    const { settings, window } = this.options;
    const { user, rows, observations, listedSets } = found;
    const listedUsers = listedSets ? [{ user, sets: listedSets }] : [];
    const memory = this.reads
      ? await recall(
          this.reads,
          this.server,
          {
            observations,
            listedUsers,
            listedBefore: found.listedBefore ? new Map([[userKey(user), found.listedBefore]]) : undefined,
          },
          window,
          settings.cbs.timeZone,
          {
            backfillDays: settings.history.backfillDays,
            // Stryker disable next-line ArithmeticOperator: the backfill's users at once, and it is handed one user
            concurrency: settings.cbs.concurrency * 2,
            backfillSlot: this.backfillSlot,
          },
          this.deps.deadline,
        )
      : undefined;
    const histories = memory?.histories;
    if (memory?.unavailable !== undefined) this.unread(memory.unavailable);
    if (memory?.backfill) this.addBackfill(memory.backfill);
    if (histories) {
      this.remembers = true;
      if (observations.some((seen) => !seen.removed)) this.recalledUsers += 1;
    }

    const fates = await fatesOfRunning(this.server, histories, observations, rows);
    const judged = judgeSets({
      rows,
      observations,
      histories,
      fates,
      window,
      cbsTimeZone: settings.cbs.timeZone,
      staleAfterDays: settings.report.staleAfterDays,
    });
    for (const line of judged.notScheduled) this.notScheduled.push(line);
    for (const line of judged.removed) this.removed.push(line);
    for (const line of memory?.vanished ?? []) this.removed.push(line);
    this.guessedSchedules += judged.guessedSchedules;
    // A user whose history could not be read is not saved either: its set list would hide removals.
    if (this.writer && histories) this.writer.add(judged.entries, listedUsers);
    return judged.rows;
  }

  allHanded(): void {
    this.reads?.flush();
  }

  /** Waits for the last saves; what the night found besides its rows. */
  async finish(inactiveUsers: number): Promise<NightFacts> {
    const notRemembered = await this.writer?.close();
    const fill = this.backfill;
    if (fill)
      this.deps.log.info('history backfilled', {
        nights: fill.nights,
        users: fill.users,
        sets: fill.sets,
        listBackupJobStatusCalls: fill.calls,
        incompleteUsers: fill.incompleteUsers,
      });
    return {
      historyUnavailable: this.unavailable,
      ...(this.unreadUsers > 0 ? { unreadUsers: this.unreadUsers } : {}),
      backfill: fill,
      recalledUsers: this.recalledUsers,
      notRemembered,
      notScheduled: this.notScheduled,
      removed: this.removed,
      remembers: this.remembers,
      inactiveUsers,
      guessedSchedules: this.guessedSchedules,
    };
  }

  private unread(reason: string): void {
    this.unreadUsers += 1;
    if (this.unavailable !== undefined) return;
    this.unavailable = reason;
    // Once a night: after a read fails the store is not asked again (GatheredHistoryReads).
    this.deps.log.warn('history unavailable', { historyFaults: 1, error: reason });
  }

  private addBackfill(fill: BackfillFacts): void {
    const sum = this.backfill ?? { nights: fill.nights, calls: 0, incompleteUsers: 0, users: 0, sets: 0 };
    sum.calls += fill.calls;
    sum.incompleteUsers += fill.incompleteUsers;
    sum.users += fill.users ?? 0;
    sum.sets += fill.sets ?? 0;
    this.backfill = sum;
  }
}
