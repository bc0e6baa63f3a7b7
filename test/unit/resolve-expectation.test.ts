import { ALL_WEEKDAYS, WORKING_DAYS } from '../../lambda/core/expectation';
import {
  type ExpectOverrides,
  NO_OVERRIDES,
  resolveExpectation,
} from '../../lambda/core/resolve-expectation';
import { parseTimeOfDay, rulesOfSpec, weekdayOf } from '../../lambda/core/schedule-spec';

const ann = { loginName: 'ann' };
const owned = { loginName: 'ann', owner: 'reseller' };
const cbsDaily = { kind: 'rules' as const, rules: [{ kind: 'interval' as const, hours: 24 }] };

describe('resolveExpectation: what a set is expected to do, and why', () => {
  const overrides: ExpectOverrides = {
    graceMinutes: 90,
    users: [{ loginName: 'ann', schedule: 'weekdays', at: '21:00' }],
    backupSets: [{ loginName: 'ann', backupSetId: '7', schedule: 'none' }],
  };

  test("a set's own override first, then its user's, whatever CBS says", () => {
    expect(resolveExpectation(ann, '7', overrides, cbsDaily)).toEqual({
      rules: [],
      graceMinutes: 90,
      source: 'override',
      note: undefined,
    });
    expect(resolveExpectation(ann, '8', overrides, cbsDaily)).toEqual({
      rules: [{ kind: 'calendar', weekdays: WORKING_DAYS, at: { hour: 21, minute: 0 } }],
      graceMinutes: 90,
      source: 'override',
      note: undefined,
    });
  });

  test('an override without an owner fits the user under any owner; one with an owner only that owner', () => {
    const byOwner: ExpectOverrides = {
      ...NO_OVERRIDES,
      users: [{ loginName: 'ann', owner: 'other', schedule: 'none' }],
      backupSets: [{ loginName: 'ann', owner: 'reseller', backupSetId: '7', schedule: 'none' }],
    };

    expect(resolveExpectation(owned, '8', overrides, cbsDaily).source).toBe('override');
    expect(resolveExpectation(owned, '8', byOwner, cbsDaily).source).toBe('cbs');
    expect(resolveExpectation(owned, '7', byOwner, cbsDaily).source).toBe('override');
    expect(resolveExpectation(ann, '7', byOwner, cbsDaily).source).toBe('cbs');
    // A user without an owner is the owner "" to an override that names one.
    expect(
      resolveExpectation(
        ann,
        '7',
        { ...byOwner, backupSets: [{ loginName: 'ann', owner: '', backupSetId: '7', schedule: 'none' }] },
        cbsDaily,
      ).source,
    ).toBe('override');
    expect(resolveExpectation({ loginName: 'bob' }, '7', overrides, cbsDaily).source).toBe('cbs');
  });

  test("CBS's rules, or CBS's word that nothing is scheduled, with the configured grace", () => {
    expect(resolveExpectation(ann, '1', NO_OVERRIDES, cbsDaily)).toEqual({
      rules: cbsDaily.rules,
      graceMinutes: 60,
      source: 'cbs',
    });
    expect(resolveExpectation(ann, '1', NO_OVERRIDES, { kind: 'off' })).toEqual({
      rules: [],
      graceMinutes: 60,
      source: 'cbs',
    });
  });

  test('a schedule CBS could not tell: the configured default, else daily, each with a note saying why', () => {
    const unknown = { kind: 'unknown' as const, reason: 'HTTP 404' };

    expect(resolveExpectation(ann, '1', NO_OVERRIDES, unknown)).toEqual({
      rules: [{ kind: 'interval', hours: 24 }],
      graceMinutes: 60,
      source: 'fallback',
      note: 'schedule not read from CBS (HTTP 404); expecting a daily backup',
    });
    expect(
      resolveExpectation(
        ann,
        '1',
        { ...NO_OVERRIDES, default: { schedule: 'hours', everyHours: 6, graceMinutes: 15 } },
        unknown,
      ),
    ).toEqual({
      rules: [{ kind: 'interval', hours: 6 }],
      graceMinutes: 15,
      source: 'fallback',
      note: 'schedule not read from CBS (HTTP 404); expecting the configured default',
    });
  });
});

describe('rulesOfSpec: an override as rules', () => {
  test.each([
    [{ schedule: 'none' as const }, []],
    [{ schedule: 'daily' as const }, [{ kind: 'interval', hours: 24 }]],
    [
      { schedule: 'daily' as const, at: '07:05' },
      [{ kind: 'calendar', weekdays: ALL_WEEKDAYS, at: { hour: 7, minute: 5 } }],
    ],
    [{ schedule: 'weekdays' as const }, [{ kind: 'calendar', weekdays: WORKING_DAYS, at: undefined }]],
    [
      { schedule: 'days' as const, days: ['tue', 'sun'] as const, at: '1:30' },
      [{ kind: 'calendar', weekdays: [2, 7], at: { hour: 1, minute: 30 } }],
    ],
    [{ schedule: 'days' as const }, [{ kind: 'calendar', weekdays: [], at: undefined }]],
    [{ schedule: 'weekly' as const }, [{ kind: 'interval', hours: 168 }]],
    [{ schedule: 'weekly' as const, days: [] }, [{ kind: 'interval', hours: 168 }]],
    [
      { schedule: 'weekly' as const, days: ['fri'] as const },
      [{ kind: 'calendar', weekdays: [5], at: undefined }],
    ],
    [{ schedule: 'monthly' as const }, [{ kind: 'interval', hours: 744 }]],
    [
      { schedule: 'monthly' as const, dayOfMonth: 'last' as const },
      [{ kind: 'calendar', monthDays: [-1], at: undefined }],
    ],
    [
      { schedule: 'monthly' as const, dayOfMonth: 3, at: '23:59' },
      [{ kind: 'calendar', monthDays: [3], at: { hour: 23, minute: 59 } }],
    ],
    [{ schedule: 'hours' as const }, [{ kind: 'interval', hours: 24 }]],
    [{ schedule: 'hours' as const, everyHours: 12 }, [{ kind: 'interval', hours: 12 }]],
  ])('%j', (spec, rules) => {
    expect(rulesOfSpec(spec)).toEqual(rules);
  });

  test('times of day: H:mm or HH:mm only; weekday names in order from Monday', () => {
    expect(parseTimeOfDay('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeOfDay('09:05')).toEqual({ hour: 9, minute: 5 });
    for (const text of [undefined, '', '9', '9:5', '123:00', 'x09:00', '09:00x'])
      expect(parseTimeOfDay(text)).toBeUndefined();
    expect(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => weekdayOf(d as 'mon'))).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });
});
