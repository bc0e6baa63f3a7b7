import { Slots } from '../../lambda/core/slots';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('Slots', () => {
  test('at most size at once, the rest in the order they came, each answer its own', async () => {
    const slots = new Slots(2);
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const job = (name: string) =>
      slots.run(async () => {
        started.push(name);
        await new Promise<void>((resolve) => finish.set(name, resolve));
        return name.toUpperCase();
      });

    const answers = ['a', 'b', 'c', 'd'].map(job);
    expect(started).toEqual(['a', 'b']);
    finish.get('b')?.();
    await settled();
    expect(started).toEqual(['a', 'b', 'c']);
    finish.get('a')?.();
    await settled();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    finish.get('c')?.();
    finish.get('d')?.();

    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D']);
  });

  test('work that fails gives its slot back and its error to its caller', async () => {
    const slots = new Slots(1);
    const failing = slots.run(async () => {
      throw new Error('broke');
    });
    const next = slots.run(async () => 'ran');

    await expect(failing).rejects.toThrow('broke');
    expect(await next).toBe('ran');
    // Every slot is free again: the next work starts at once.
    let started = false;
    const later = slots.run(async () => {
      started = true;
      return 'later';
    });
    expect(started).toBe(true);
    expect(await later).toBe('later');
  });
});
