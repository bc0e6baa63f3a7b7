import { forEachLimited } from '../../lambda/core/for-each-limited';
import { settle } from '../../lambda/core/settle';

describe('settle', () => {
  test('a value, or the error; something thrown that is not an Error becomes one with its text', async () => {
    const boom = new Error('boom');

    expect(await settle(Promise.resolve(3))).toEqual([3, undefined]);
    expect(await settle(Promise.reject(boom))).toEqual([undefined, boom]);
    const [, wrapped] = await settle(Promise.reject('plain text'));
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped?.message).toBe('plain text');
  });
});

describe('forEachLimited', () => {
  test('every item once, in order of start, never more than the limit at once', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;

    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, item % 3));
      running -= 1;
    });

    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  test('a limit above the items, or of zero, still does every item', async () => {
    const done: string[] = [];

    await forEachLimited(['a', 'b'], 10, async (item) => {
      done.push(item);
    });
    await forEachLimited(['c'], 0, async (item) => {
      done.push(item);
    });
    await forEachLimited([], 4, async () => {
      done.push('never');
    });

    expect(done).toEqual(['a', 'b', 'c']);
  });
});
