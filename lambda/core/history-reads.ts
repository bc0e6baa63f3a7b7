import { type BackupUserRef, userKey } from './backup-server';
import type { HistoryStore, ListedSet } from './history-store';
import { type SetHistory, type SetRef, setKeyOf } from './set-history';

/** Keys a read asks for at once: DynamoDB's BatchGetItem takes 100. */
export const READ_BATCH = 100;

interface Waiting<K, V> {
  keys: K[];
  resolve: (found: Map<string, V>) => void;
  reject: (error: unknown) => void;
}

/**
 * One kind of read, gathered: each user's few keys wait until a batch's worth has come (or
 * `flush`), so a night of 10,000 sets reads in about a hundred calls though each user is judged on
 * its own, while other users are still being collected. After a read fails, every later one fails
 * with the same error at once: a store that is down is not asked again for each user.
 */
class GatheredReads<K, V> {
  private waiting: Waiting<K, V>[] = [];
  private keyCount = 0;
  private failure: unknown;

  constructor(
    private readonly read: (keys: readonly K[]) => Promise<Map<string, V>>,
    private readonly keyOf: (key: K) => string,
    private readonly batch: number,
  ) {}

  get(keys: readonly K[]): Promise<Map<string, V>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (keys.length === 0) return Promise.resolve(new Map());
    // A read never takes more than a batch when it can help it: 102 keys would be two calls.
    if (this.keyCount + keys.length > this.batch) this.flush();
    return new Promise((resolve, reject) => {
      this.waiting.push({ keys: [...keys], resolve, reject });
      this.keyCount += keys.length;
      if (this.keyCount >= this.batch) this.flush();
    });
  }

  /** Sends what waits now, whatever its size. */
  flush(): void {
    const waiting = this.waiting;
    if (waiting.length === 0) return;
    this.waiting = [];
    this.keyCount = 0;
    if (this.failure !== undefined) {
      for (const w of waiting) w.reject(this.failure);
      return;
    }
    this.read(waiting.flatMap((w) => w.keys)).then(
      (found) => {
        for (const w of waiting) {
          const own = new Map<string, V>();
          for (const key of w.keys) {
            const id = this.keyOf(key);
            const value = found.get(id);
            if (value !== undefined) own.set(id, value);
          }
          w.resolve(own);
        }
      },
      (error: unknown) => {
        this.failure ??= error;
        for (const w of waiting) w.reject(error);
      },
    );
  }
}

/**
 * The store's reads gathered across users (see GatheredReads): a HistoryStore's `load` and
 * `loadUserSets`, each answering only what its caller asked for.
 */
export class GatheredHistoryReads implements Pick<HistoryStore, 'load' | 'loadUserSets'> {
  private readonly histories: GatheredReads<SetRef, SetHistory>;
  private readonly userSets: GatheredReads<BackupUserRef, ListedSet[]>;

  constructor(store: Pick<HistoryStore, 'load' | 'loadUserSets'>, batch = READ_BATCH) {
    this.histories = new GatheredReads((sets) => store.load(sets), setKeyOf, batch);
    this.userSets = new GatheredReads((users) => store.loadUserSets(users), userKey, batch);
  }

  load(sets: readonly SetRef[]): Promise<Map<string, SetHistory>> {
    return this.histories.get(sets);
  }

  loadUserSets(users: readonly BackupUserRef[]): Promise<Map<string, ListedSet[]>> {
    return this.userSets.get(users);
  }

  /** No more users will come: what waits is read now. */
  flush(): void {
    this.histories.flush();
    this.userSets.flush();
  }
}
