import type { Acknowledgement, AckTarget } from './acknowledgement';

/** What became of a snooze link's one use. */
export type TokenClaim = { claimed: true } | { claimed: false; usedAt: string };

/**
 * Where acknowledgements live: a port the core owns. The history table implements it in AWS (its
 * own `ACK` partition, one query reads them all) and, through dynalite, locally. Every call may
 * fail with AcknowledgementStoreError: the digest then goes without acknowledgements and says so.
 */
export interface AcknowledgementStore {
  /** Every acknowledgement held, expired ones included (the digest says when they ended). */
  list(): Promise<Acknowledgement[]>;
  /** Saves one; one already held for the same target is replaced. */
  put(ack: Acknowledgement): Promise<void>;
  /** Removes the one held for the target; false when there was none. */
  remove(target: AckTarget): Promise<boolean>;
  /** Marks a snooze link used, once: a second claim of the same id answers when it was used. */
  claimToken(tokenId: string, usedAt: Date, keepUntil: Date): Promise<TokenClaim>;
  /** Gives a claim back (the acknowledgement could not be written, so the link may be tried again). */
  releaseToken(tokenId: string): Promise<void>;
}

/** The acknowledgement store could not be read or written (unreachable, throttled, refused). */
export class AcknowledgementStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AcknowledgementStoreError';
  }
}
