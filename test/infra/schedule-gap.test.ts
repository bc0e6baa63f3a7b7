import { fieldValues, longestGapHours, ScheduleGapError } from '../../infra/schedule-gap';

describe('longestGapHours', () => {
  test.each([
    ['cron(0 7 * * ? *)', 24],
    ['cron(30 6 ? * MON-FRI *)', 72],
    ['cron(0 7 ? * 2-6 *)', 72],
    ['cron(0 6,18 * * ? *)', 12],
    ['cron(0 8,20 * * ? *)', 12],
    ['cron(0 1,7 * * ? *)', 18],
    ['cron(0/15 * * * ? *)', 0.25],
    ['cron(0 */6 * * ? *)', 6],
    ['cron(0 0 ? * SUN,WED *)', 96],
    ['cron(0 7 1-31/2 * ? *)', 48],
    ['cron(0 7 ? * MON *)', 168],
  ])('%s fires at most %d hours apart', (expression, hours) => {
    expect(longestGapHours(expression)).toBe(hours);
  });

  test('a month of 31 days followed by day 1 counts the gap across the month end', () => {
    // Day 31 exists in 7 months; from the 31st to the 1st is a day, from the 30th of a short month to the 1st too.
    expect(longestGapHours('cron(0 7 1,15 * ? *)')).toBe(17 * 24);
  });

  test.each([
    ['cron(0 7 L * ? *)', 'uses L, W or #'],
    ['cron(0 7 ? * MON#1 *)', 'uses L, W or #'],
    ['cron(0 7 15W * ? *)', 'uses L, W or #'],
    ['cron(0 7 * *)', 'is not a six-field cron expression'],
    ['rate(1 day)', 'is not a six-field cron expression'],
    ['cron(0 7 30 FEB ? *)', 'fires at most once in two years'],
    ['cron(0 25 * * ? *)', 'is not a value of'],
    ['cron(0 7 ? * FOO *)', 'is not a value of'],
    ['cron(0/0 7 * * ? *)', 'bad step'],
    ['cron(0 9-7 * * ? *)', 'runs backwards'],
  ])('%s is refused: %s', (expression, message) => {
    expect(() => longestGapHours(expression)).toThrow(ScheduleGapError);
    expect(() => longestGapHours(expression)).toThrow(message);
  });

  test('names, ranges and steps select the values EventBridge documents', () => {
    expect([
      ...fieldValues('MON-WED,sat', {
        min: 1,
        max: 7,
        names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
        nameBase: 1,
      }),
    ]).toEqual([2, 3, 4, 7]);
    expect([...fieldValues('5/20', { min: 0, max: 59 })]).toEqual([5, 25, 45]);
    expect([...fieldValues('10-20/5', { min: 0, max: 59 })]).toEqual([10, 15, 20]);
  });
});
