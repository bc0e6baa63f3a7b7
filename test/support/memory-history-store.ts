import { type BackupUserRef, userKey } from '../../lambda/core/backup-server';
import type { HistoryEntry, HistoryStore, ListedSet, UserSets } from '../../lambda/core/history-store';
import { type SetHistory, type SetRef, setKeyOf } from '../../lambda/core/set-history';

/** A HistoryStore in memory, for tests of the core: what one night saves, the next loads. */
export class MemoryHistoryStore implements HistoryStore {
  readonly histories = new Map<string, SetHistory>();
  readonly userSets = new Map<string, ListedSet[]>();

  async load(sets: readonly SetRef[]): Promise<Map<string, SetHistory>> {
    const found = new Map<string, SetHistory>();
    for (const set of sets) {
      const history = this.histories.get(setKeyOf(set));
      if (history) found.set(setKeyOf(set), structuredClone(history));
    }
    return found;
  }

  async loadUserSets(users: readonly BackupUserRef[]): Promise<Map<string, ListedSet[]>> {
    const found = new Map<string, ListedSet[]>();
    for (const user of users) {
      const sets = this.userSets.get(userKey(user));
      if (sets) found.set(userKey(user), structuredClone(sets));
    }
    return found;
  }

  async save(entries: readonly HistoryEntry[], users: readonly UserSets[] = []): Promise<void> {
    for (const entry of entries) this.histories.set(setKeyOf(entry.set), structuredClone(entry.history));
    for (const listed of users) this.userSets.set(userKey(listed.user), structuredClone([...listed.sets]));
  }
}
