import type { Acknowledgement } from './acknowledgement';
import type { AcknowledgementStore } from './acknowledgement-store';
import type { SnoozeEnd } from './digest';
import type { Log } from './log';
import { settle } from './settle';

/**
 * The acknowledgements held, for tonight's digest. A store that cannot be read costs the known
 * issues, never the digest: every row counts, and one notice says why.
 */
export async function recallAcknowledgements(
  store: AcknowledgementStore,
  log: Log,
): Promise<{ acknowledgements: Acknowledgement[] | undefined; notice?: string }> {
  const [acks, error] = await settle(store.list());
  if (error || !acks) {
    log.warn('acknowledgements unavailable', { ackFaults: 1, error: error?.message ?? 'no answer' });
    return {
      acknowledgements: undefined,
      notice: `Acknowledgements could not be read tonight (${error?.message ?? 'no answer'}): known issues are counted as problems.`,
    };
  }
  return { acknowledgements: acks };
}

/**
 * Forgets the acknowledgements that ended, once the digest that said so has gone out: the
 * "snooze ended" line is shown once. A failure is logged; the next digest repeats the line.
 */
export async function forgetEnded(
  store: AcknowledgementStore,
  ended: readonly SnoozeEnd[],
  log: Log,
): Promise<void> {
  for (const end of ended) {
    const [, error] = await settle(store.remove(end.ack.target));
    if (error) log.warn('ended acknowledgement not removed', { ackFaults: 1, error: error.message });
  }
  if (ended.length > 0) log.info('acknowledgements ended', { ended: ended.length });
}
