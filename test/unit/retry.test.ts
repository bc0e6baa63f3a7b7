import { CbsApiError, CbsTransportError } from '../../lambda/adapters/cbs/cbs-errors';
import { type RetryContext, withRetries } from '../../lambda/adapters/cbs/retry';
import { Deadline, sendReserveMs } from '../../lambda/core/deadline';
import { OutOfTimeError } from '../../lambda/core/errors';

/** A clock that only moves when the code under test sleeps. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };
const transient = (status?: number, retryAfterMs?: number) =>
  new CbsTransportError(
    'ListBackupJobStatus',
    status ? `HTTP ${status}` : 'cannot reach CBS (ECONNRESET)',
    status,
    {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    },
  );

function context(time: ReturnType<typeof fakeTime>, deadlineMs = 60_000, random = () => 1): RetryContext {
  return {
    endpoint: 'ListBackupJobStatus',
    policy,
    deadline: Deadline.in(deadlineMs, 0, time.clock),
    attemptTimeoutMs: 5_000,
    sleep: time.sleep,
    random,
  };
}

/** An attempt that fails with the given errors in turn, then answers 'ok'. */
function failing(...errors: Error[]) {
  const timeouts: number[] = [];
  const attempt = async (timeoutMs: number) => {
    timeouts.push(timeoutMs);
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  };
  return { attempt, timeouts };
}

describe('withRetries', () => {
  test('retries transient failures with exponential backoff, then succeeds', async () => {
    const time = fakeTime();
    const { attempt, timeouts } = failing(transient(503), transient(), transient(502));

    await expect(withRetries(context(time), attempt)).resolves.toBe('ok');

    expect(timeouts).toHaveLength(4);
    expect(time.sleeps).toEqual([100, 200, 400]);
  });

  test('jitter spreads the pauses below the exponential cap', async () => {
    const time = fakeTime();
    const { attempt } = failing(transient(503), transient(503));

    await withRetries(
      context(time, 60_000, () => 0.25),
      attempt,
    );

    expect(time.sleeps).toEqual([25, 50]);
  });

  test('gives up after maxAttempts and throws the last failure', async () => {
    const time = fakeTime();
    const last = transient(504);
    const { attempt, timeouts } = failing(transient(503), transient(503), transient(503), last);

    await expect(withRetries(context(time), attempt)).rejects.toBe(last);
    expect(timeouts).toHaveLength(4);
  });

  test.each<[string, Error]>([
    ['a CBS Error answer', new CbsApiError('ListBackupJobStatus', 'User "x" not found', undefined)],
    [
      'an answer too large',
      new CbsTransportError('ListBackupJobStatus', 'answer larger than 10 bytes refused', undefined, {
        retryable: false,
      }),
    ],
    ['a 404', new CbsTransportError('ListBackupJobStatus', 'HTTP 404', 404, { retryable: false })],
    ['a programming error', new TypeError('boom')],
  ])('%s is not retried', async (_name, error) => {
    const time = fakeTime();
    const { attempt, timeouts } = failing(error);

    await expect(withRetries(context(time), attempt)).rejects.toBe(error);
    expect(timeouts).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  test('a Retry-After longer than the backoff is honoured, up to the cap', async () => {
    const time = fakeTime();
    const { attempt } = failing(transient(429, 700), transient(429, 60_000));

    await withRetries(context(time), attempt);

    expect(time.sleeps).toEqual([700, 1_000]);
  });

  test('each attempt gets no more time than is left before the deadline', async () => {
    const time = fakeTime();
    const { attempt, timeouts } = failing(transient(503));

    await withRetries(context(time, 3_000), attempt);

    expect(timeouts).toEqual([3_000, 2_900]);
  });

  test('no pause outlasts the deadline: the failure is reported instead of waiting in vain', async () => {
    const time = fakeTime();
    const failure = transient(503);
    const { attempt } = failing(failure);

    await expect(withRetries(context(time, 50), attempt)).rejects.toBe(failure);
    expect(time.sleeps).toEqual([]);
  });

  test('after the deadline nothing is attempted', async () => {
    const time = fakeTime();
    const ctx = context(time, 1_000);
    time.advance(1_000);
    const { attempt, timeouts } = failing();

    await expect(withRetries(ctx, attempt)).rejects.toBeInstanceOf(OutOfTimeError);
    expect(timeouts).toEqual([]);
  });
});

describe('withRetries, an attempt cut short by the deadline', () => {
  test('an attempt that fails once the deadline has passed is out of time, with the failure as its cause', async () => {
    const time = fakeTime();
    const ctx = context(time, 1_000);
    const timeout = transient();
    // The attempt used all the time it had, then timed out: not CBS's fault, no retry.
    const attempt = async (timeoutMs: number) => {
      time.advance(timeoutMs);
      throw timeout;
    };

    const error = await withRetries(ctx, attempt).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OutOfTimeError);
    expect((error as OutOfTimeError).endpoint).toBe('ListBackupJobStatus');
    expect((error as Error).cause).toBe(timeout);
    expect(time.sleeps).toEqual([]);
  });

  test('even a final failure (CBS said Error) after the deadline reads as out of time', async () => {
    const time = fakeTime();
    const refusal = new CbsApiError('ListBackupJobStatus', 'User "x" not found', undefined);
    const attempt = async (timeoutMs: number) => {
      time.advance(timeoutMs);
      throw refusal;
    };

    await expect(withRetries(context(time, 1_000), attempt)).rejects.toBeInstanceOf(OutOfTimeError);
  });

  test('a failure with time left is retried, and each retry is told with its attempt, pause and error', async () => {
    const time = fakeTime();
    const seen: [number, number, string][] = [];
    const first = transient(503);
    const { attempt } = failing(first, transient(502));

    const result = await withRetries(
      { ...context(time), onRetry: (n, delay, error) => seen.push([n, delay, error.message]) },
      attempt,
    );

    expect(result).toBe('ok');
    expect(seen).toEqual([
      [1, 100, 'ListBackupJobStatus: HTTP 503'],
      [2, 200, 'ListBackupJobStatus: HTTP 502'],
    ]);
  });

  test('a pause ending exactly at the deadline is not taken', async () => {
    const time = fakeTime();
    const failure = transient(503);
    const { attempt } = failing(failure);

    // random 1 → a 100 ms pause; 100 ms left.
    await expect(withRetries(context(time, 100), attempt)).rejects.toBe(failure);
    expect(time.sleeps).toEqual([]);
  });
});

describe('Deadline', () => {
  test('keeps the reserve back from the remaining time', () => {
    const time = fakeTime();
    const deadline = Deadline.in(300_000, 60_000, time.clock);

    expect(deadline.remainingMs()).toBe(240_000);
    time.advance(240_000);
    expect(deadline.expired()).toBe(true);
  });

  test.each([
    [900_000, 60_000],
    [300_000, 60_000],
    [100_000, 20_000],
    [20_000, 10_000],
  ])('with %i ms left, %i ms are kept for rendering and sending', (remaining, reserve) => {
    expect(sendReserveMs(remaining)).toBe(reserve);
  });

  test('none never expires', () => {
    expect(Deadline.none().expired()).toBe(false);
  });
});
