import { type Acknowledgement, type AckTarget, targetKey } from '../../lambda/core/acknowledgement';
import type { AcknowledgementStore, TokenClaim } from '../../lambda/core/acknowledgement-store';

/** An AcknowledgementStore in memory; `failWith` makes every call fail, as an unreachable table. */
export class MemoryAcknowledgementStore implements AcknowledgementStore {
  readonly acks = new Map<string, Acknowledgement>();
  readonly used = new Map<string, string>();
  failWith: Error | undefined;

  constructor(acks: Acknowledgement[] = []) {
    for (const ack of acks) this.acks.set(targetKey(ack.target), ack);
  }

  async list(): Promise<Acknowledgement[]> {
    this.fail();
    return [...this.acks.values()];
  }

  async put(ack: Acknowledgement): Promise<void> {
    this.fail();
    this.acks.set(targetKey(ack.target), ack);
  }

  async remove(target: AckTarget): Promise<boolean> {
    this.fail();
    return this.acks.delete(targetKey(target));
  }

  async claimToken(tokenId: string, usedAt: Date): Promise<TokenClaim> {
    this.fail();
    const held = this.used.get(tokenId);
    if (held) return { claimed: false, usedAt: held };
    this.used.set(tokenId, usedAt.toISOString());
    return { claimed: true };
  }

  async releaseToken(tokenId: string): Promise<void> {
    this.fail();
    this.used.delete(tokenId);
  }

  private fail(): void {
    if (this.failWith) throw this.failWith;
  }
}
