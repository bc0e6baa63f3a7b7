import { Deadline } from '../../lambda/core/deadline';
import { EventError } from '../../lambda/entry/event-error';
import { createHandler } from '../../lambda/entry/handler';
import type { Runtime } from '../../lambda/entry/runtime';

describe('createHandler', () => {
  test('an invalid event fails before the runtime is built', async () => {
    // prepare
    let built = 0;
    const handler = createHandler(async () => {
      built += 1;
      throw new Error('not reached');
    });

    // act
    const outcome = handler({ dryrun: true });

    // assert
    await expect(outcome).rejects.toBeInstanceOf(EventError);
    expect(built).toBe(0);
  });

  test('a failed start is not kept: the next invocation builds the runtime again', async () => {
    // prepare
    let built = 0;
    const handler = createHandler((): Promise<Runtime> => {
      built += 1;
      return Promise.reject(new Error(`start ${built} failed`));
    });

    // act
    const first = await handler({ dryRun: true }).catch((e: unknown) => e);
    const second = await handler({ dryRun: true }).catch((e: unknown) => e);

    // assert
    expect((first as Error).message).toBe('start 1 failed');
    expect((second as Error).message).toBe('start 2 failed');
    expect(built).toBe(2);
  });

  test('two handlers share nothing: each has its own runtime', async () => {
    // prepare
    const built: string[] = [];
    const factory = (name: string) => (): Promise<Runtime> => {
      built.push(name);
      return Promise.reject(new Error(name));
    };

    // act
    await createHandler(factory('a'))({}).catch(() => undefined);
    await createHandler(factory('b'))({}).catch(() => undefined);

    // assert
    expect(built).toEqual(['a', 'b']);
  });
});

describe('Deadline.forRun', () => {
  test('from the time Lambda says is left, keeps the send reserve', () => {
    // prepare
    let now = 1_000_000;
    const clock = () => now;

    // act
    const deadline = Deadline.forRun({ getRemainingTimeInMillis: () => 300_000 }, clock);
    const left = deadline.remainingMs();
    now += left;

    // assert: a fifth of 300 s (60 s) is kept for rendering and sending
    expect(left).toBe(240_000);
    expect(deadline.expired()).toBe(true);
  });

  test('without a context (the CLI) there is no limit', () => {
    // act
    const deadline = Deadline.forRun(undefined);

    // assert
    expect(deadline.remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });
});
