import { Deadline } from '../../lambda/core/deadline';

/** A clock the test moves by hand. */
function handClock(start = 5_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('Deadline on its own clock', () => {
  test('expires exactly when the time to fetch is spent, not a millisecond before', () => {
    const time = handClock();
    const deadline = Deadline.in(90_000, 30_000, time.clock);

    time.advance(59_999);
    expect(deadline.remainingMs()).toBe(1);
    expect(deadline.expired()).toBe(false);
    time.advance(1);
    expect(deadline.expired()).toBe(true);
    time.advance(5_000);
    expect(deadline.remainingMs()).toBe(0);
  });

  test('a reserve larger than the time left leaves no time to fetch at all', () => {
    const time = handClock();

    const deadline = Deadline.in(8_000, 10_000, time.clock);

    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired()).toBe(true);
  });

  test.each([
    [30_000, 20_000],
    [100_000, 80_000],
    [900_000, 840_000],
  ])('a Lambda with %i ms left fetches for %i ms', (left, fetching) => {
    const time = handClock();

    const deadline = Deadline.forRun({ getRemainingTimeInMillis: () => left }, time.clock);

    expect(deadline.remainingMs()).toBe(fetching);
  });

  test('a run without a Lambda context (the CLI) has no deadline', () => {
    const time = handClock();

    const deadline = Deadline.forRun(undefined, time.clock);
    time.advance(3_600_000);

    expect(deadline.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(deadline.expired()).toBe(false);
  });

  test('no deadline stays unexpired however long the run takes', () => {
    const deadline = Deadline.none();

    expect(deadline.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(deadline.expired()).toBe(false);
  });
});
