import type { HistoryEntry, HistoryStore, UserSets } from './history-store';
import type { Log } from './log';
import { Slots } from './slots';

/**
 * Items a save carries: each set's STATE and NIGHT, each user's SETS. 500 fill twenty of
 * DynamoDB's 25-item BatchWriteItem calls, which the store sends side by side.
 */
export const SAVE_ITEMS = 500;
/** Saves in flight at once. */
const SAVES_IN_FLIGHT = 2;

/**
 * Tonight's nights, saved while the rest of the server is still being collected: entries gather
 * until a save's worth, which then goes (a few at once) instead of every set's night after the
 * last user. Nothing is saved until `mayStart` says the run is one worth remembering (a run that
 * no CBS call answered is refused and remembers nothing); `close` drops what waits when it never
 * did. After a save fails nothing more is sent: the first reason is the night's, logged once.
 */
export class HistoryWriter {
  private entries: HistoryEntry[] = [];
  private users: UserSets[] = [];
  private readonly slots = new Slots(SAVES_IN_FLIGHT);
  // Stryker disable next-line ArrayDeclaration: close awaits whatever the list holds; a stray value is awaited as done
  private readonly saves: Promise<void>[] = [];
  private failure: string | undefined;

  constructor(
    private readonly store: Pick<HistoryStore, 'save'>,
    private readonly log: Log,
    private readonly mayStart: () => boolean,
    private readonly batchItems = SAVE_ITEMS,
  ) {}

  /** Queues one user's nights (and its set list, when CBS listed it in full). */
  add(entries: readonly HistoryEntry[], users: readonly UserSets[]): void {
    // Stryker disable next-line ConditionalExpression: memory only: a save after a failure sends nothing either way
    if (this.failure !== undefined) return;
    // A save never carries more than its items when it can help it: 503 would be 21 calls, not 20.
    if (itemsOf(this.entries, this.users) + itemsOf(entries, users) > this.batchItems && this.mayStart())
      this.send();
    for (const entry of entries) this.entries.push(entry);
    for (const listed of users) this.users.push(listed);
    if (itemsOf(this.entries, this.users) >= this.batchItems && this.mayStart()) this.send();
  }

  /**
   * Saves what is left and waits for every save; the reason the night could not be saved, if
   * it could not.
   */
  async close(): Promise<string | undefined> {
    if (!this.mayStart()) {
      // A run refused (no CBS call answered) remembers nothing.
      this.entries = [];
      this.users = [];
    }
    this.send();
    await Promise.all(this.saves);
    return this.failure;
  }

  private send(): void {
    if (this.entries.length === 0 && this.users.length === 0) return;
    const entries = this.entries;
    const users = this.users;
    this.entries = [];
    this.users = [];
    this.saves.push(this.slots.run(() => this.save(entries, users)));
  }

  /** One save; never rejects. */
  private async save(entries: readonly HistoryEntry[], users: readonly UserSets[]): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      await this.store.save(entries, users);
    } catch (error) {
      if (this.failure === undefined) {
        this.failure = error instanceof Error ? error.message : String(error);
        this.log.warn('history not saved', { historyFaults: 1, error: this.failure });
      }
    }
  }
}

/** Items these make in the table: a STATE and a NIGHT per set, a SETS per user. */
const itemsOf = (entries: readonly HistoryEntry[], users: readonly UserSets[]): number =>
  2 * entries.length + users.length;
