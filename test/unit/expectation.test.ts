import { ALL_WEEKDAYS, type Expectation, isScheduled, WORKING_DAYS } from '../../lambda/core/expectation';

describe('expectation', () => {
  test('the week is Monday (1) to Sunday (7), working days Monday to Friday, as luxon numbers them', () => {
    expect(ALL_WEEKDAYS).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(WORKING_DAYS).toEqual([1, 2, 3, 4, 5]);
  });

  test('a set with no rules is not scheduled; one rule of any kind is', () => {
    const none: Expectation = { rules: [], graceMinutes: 60, source: 'cbs' };
    const hourly: Expectation = { rules: [{ kind: 'interval', hours: 1 }], graceMinutes: 60, source: 'cbs' };

    expect(isScheduled(none)).toBe(false);
    expect(isScheduled(hourly)).toBe(true);
  });
});
