import type { BackupUserRef } from './backup-server';
import type { NightMark, SetHistory, SetRef } from './set-history';

/** One set's history after tonight, and tonight's mark, to be saved together. */
export interface HistoryEntry {
  set: SetRef;
  history: SetHistory;
  night: string;
  mark: NightMark;
}

/** A set as CBS listed it for its user. */
export interface ListedSet {
  id: string;
  name?: string | undefined;
}

/**
 * Every set CBS listed for a user whose set list it answered (whole-user and whole-server mode):
 * kept, so that a set the next night's list no longer holds can be reported "removed".
 */
export interface UserSets {
  user: BackupUserRef;
  sets: readonly ListedSet[];
}

/**
 * Where the digest keeps what it saw, between runs: a port the core owns. DynamoDB implements it
 * in AWS and (through dynalite) locally; tests pass fakes. Either call may fail with
 * HistoryStoreError: the digest then goes without history and says so.
 */
export interface HistoryStore {
  /** The histories of these sets, by `setKeyOf`; a set never recorded is absent. */
  load(sets: readonly SetRef[]): Promise<Map<string, SetHistory>>;
  /** The sets last listed for these users, by `userKey`; a user never recorded is absent. */
  loadUserSets(users: readonly BackupUserRef[]): Promise<Map<string, ListedSet[]>>;
  /**
   * Saves each set's history and its night, and each user's listed sets; saving the same night
   * again overwrites it.
   */
  save(entries: readonly HistoryEntry[], users?: readonly UserSets[]): Promise<void>;
}

/** The history store could not be read or written (unreachable, throttled, refused). */
export class HistoryStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HistoryStoreError';
  }
}
