import type { Deadline } from '../../core/deadline';
import { OutOfTimeError } from '../../core/errors';
import { CbsTransportError } from './cbs-errors';

/** The longest pause between two tries, however many came before: not a setting, a courtesy to CBS. */
export const MAX_RETRY_DELAY_MS = 8_000;

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** Pause before the first retry; it doubles for each further one, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryContext {
  endpoint: string;
  policy: RetryPolicy;
  deadline: Deadline;
  /** Longest a single attempt may take. */
  attemptTimeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (attempt: number, delayMs: number, error: CbsTransportError) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails in a way asking again cannot mend, or time runs out.
 * Only a retryable CbsTransportError is retried (timeouts, resets, 5xx, 429, a proxy's HTML page);
 * CBS's own `Status: "Error"` answers are final. Each attempt gets the smaller of its own timeout
 * and what is left before the deadline, and no pause outlasts the deadline.
 */
export async function withRetries<T>(
  context: RetryContext,
  attempt: (timeoutMs: number) => Promise<T>,
): Promise<T> {
  const { endpoint, policy, deadline, attemptTimeoutMs } = context;
  const sleep = context.sleep ?? defaultSleep;
  const random = context.random ?? Math.random;
  for (let n = 1; ; n++) {
    const remaining = deadline.remainingMs();
    if (remaining <= 0) throw new OutOfTimeError(endpoint);
    try {
      return await attempt(Math.min(attemptTimeoutMs, remaining));
    } catch (error) {
      // An attempt cut short by the deadline failed for want of time, not because of CBS.
      if (deadline.expired()) throw new OutOfTimeError(endpoint, { cause: error });
      if (!(error instanceof CbsTransportError) || !error.retryable || n >= policy.maxAttempts) throw error;
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      const delay = Math.min(policy.maxDelayMs, Math.max(backoff, error.retryAfterMs ?? 0));
      // A pause that would end past the deadline cannot lead to an answer in time.
      if (delay >= deadline.remainingMs()) throw error;
      context.onRetry?.(n, delay, error);
      await sleep(delay);
    }
  }
}
