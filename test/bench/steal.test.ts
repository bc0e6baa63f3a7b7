import { existsSync } from 'node:fs';
import { parseStolenMs, watchSteal } from '../../dev/bench/steal';

// /proc/stat as a two-core VM writes it: user nice system idle iowait irq softirq steal guest guest_nice.
const STAT = `cpu  3176437 2719 218117 9818602 8564 0 74634 1130863 0 0
cpu0 1588218 1359 109058 4909301 4282 0 37317 565431 0 0
cpu1 1588219 1360 109059 4909301 4282 0 37317 565432 0 0
intr 123 0 0
ctxt 456
`;

describe('steal, from /proc/stat', () => {
  test("reads a core's steal column (the eighth) in ticks of the given length", () => {
    expect(parseStolenMs(STAT, 1, 10)).toBe(5_654_320);
    expect(parseStolenMs(STAT, 0, 10)).toBe(5_654_310);
  });

  test("reads the machine's line when no core is named, never a core's that starts alike", () => {
    expect(parseStolenMs(STAT, undefined, 10)).toBe(11_308_630);
    expect(parseStolenMs(`cpu1 1 2 3 4 5 6 7 8\n`, 10, 10)).toBeUndefined();
  });

  test('is unknown for a kernel without the column or a core that is not there', () => {
    expect(parseStolenMs('cpu0 1 2 3 4 5 6 7\n', 0, 10)).toBeUndefined();
    expect(parseStolenMs(STAT, 7, 10)).toBeUndefined();
  });

  const linux = existsSync('/proc/stat') ? test : test.skip;
  linux('counts from the start of a run to its end, per core when the cores are split', () => {
    const split = watchSteal({ standIns: 0, run: 0 });
    const whole = watchSteal(undefined);

    const one = split();
    const all = whole();
    expect(one?.runMs).toBeGreaterThanOrEqual(0);
    expect(one?.standInsMs).toBeGreaterThanOrEqual(0);
    expect(all?.runMs).toBeGreaterThanOrEqual(0);
    expect(all).not.toHaveProperty('standInsMs');
  });
});
