import type { NightMark, SetHistory, SetRef } from './set-history';

/** One set's history after tonight, and tonight's mark, to be saved together. */
export interface HistoryEntry {
  set: SetRef;
  history: SetHistory;
  night: string;
  mark: NightMark;
}

/**
 * Where the digest keeps what it saw, between runs: a port the core owns. DynamoDB implements it
 * in AWS and (through dynalite) locally; tests pass fakes. Either call may fail with
 * HistoryStoreError: the digest then goes without history and says so.
 */
export interface HistoryStore {
  /** The histories of these sets, by `setKeyOf`; a set never recorded is absent. */
  load(sets: readonly SetRef[]): Promise<Map<string, SetHistory>>;
  /** Saves each set's history and its night; saving the same night again overwrites it. */
  save(entries: readonly HistoryEntry[]): Promise<void>;
}

/** The history store could not be read or written (unreachable, throttled, refused). */
export class HistoryStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HistoryStoreError';
  }
}
