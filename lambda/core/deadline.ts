/** What Lambda's context says of the time left; any object with the method will do. */
export interface TimeLeft {
  getRemainingTimeInMillis(): number;
}

/**
 * The instant a run must stop fetching to keep time for rendering and sending. Lambda tells the
 * handler how long it has left; everything that waits (a request, a retry's pause) asks this first.
 */
export class Deadline {
  private constructor(
    private readonly at: number,
    private readonly clock: () => number,
  ) {}

  /** `remainingMs` from now, minus `reserveMs` kept for the work after fetching. */
  static in(remainingMs: number, reserveMs: number, clock: () => number = Date.now): Deadline {
    return new Deadline(clock() + Math.max(0, remainingMs - reserveMs), clock);
  }

  /**
   * The deadline of a run with `timeLeft` (the Lambda context): fetching stops early enough to
   * leave time to render and send, so the email always goes. Without one (the CLI), none.
   */
  static forRun(timeLeft: TimeLeft | undefined, clock: () => number = Date.now): Deadline {
    if (!timeLeft) return Deadline.none();
    const remaining = timeLeft.getRemainingTimeInMillis();
    return Deadline.in(remaining, sendReserveMs(remaining), clock);
  }

  /** No limit: the CLI and tests without a Lambda context. */
  static none(): Deadline {
    return new Deadline(Number.POSITIVE_INFINITY, Date.now);
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.clock());
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}

/** Keep a fifth of the run, at least 10 s and at most 60 s, for rendering and sending. */
export function sendReserveMs(remainingMs: number): number {
  return Math.min(60_000, Math.max(10_000, remainingMs / 5));
}
