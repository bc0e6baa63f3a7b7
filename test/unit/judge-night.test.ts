import { extrasOf, historyFaults, type NightFacts } from '../../lambda/core/judge-night';

const part = (facts: Partial<NightFacts> = {}): NightFacts => ({
  notScheduled: [],
  removed: [],
  remembers: true,
  inactiveUsers: 0,
  guessedSchedules: 0,
  ...facts,
});

describe('extrasOf: the digest extras from the parts of one night', () => {
  test('a single part says what it found, in the order the digest has always shown', () => {
    const extras = extrasOf([
      part({
        backfill: { nights: 7, calls: 8, incompleteUsers: 1 },
        inactiveUsers: 2,
        guessedSchedules: 1,
        notRemembered: 'throttled',
        notScheduled: [{ user: { loginName: 'bob' }, backupSetId: '1' }],
        removed: [{ user: { loginName: 'eve' }, backupSetId: '9', name: 'Old' }],
      }),
    ]);
    expect(extras.notices).toEqual([
      'First run with history: the last 7 nights were read back from CBS (8 listing calls).',
      'The past of 1 users could not be read in full; their strips have gaps.',
      '2 suspended or locked backup users not checked (they cannot back up).',
      'The schedules of 1 backup set could not be read from CBS; the configured default (else daily) was expected instead.',
      "Tonight could not be remembered (throttled); tomorrow's digest will not know it.",
    ]);
    expect(extras.notScheduled).toEqual([{ user: { loginName: 'bob' }, backupSetId: '1' }]);
    expect(extras.removed).toEqual([{ user: { loginName: 'eve' }, backupSetId: '9', name: 'Old' }]);
    expect(extras.remembers).toBe(true);
  });

  test("batches' counts add up, their set lists join, and a fault every batch met is said once", () => {
    const extras = extrasOf([
      part({
        historyUnavailable: 'no-such-table',
        remembers: false,
        backfill: { nights: 7, calls: 8, incompleteUsers: 0 },
        inactiveUsers: 1,
        guessedSchedules: 2,
        notScheduled: [{ user: { loginName: 'a' }, backupSetId: '1' }],
      }),
      part({
        historyUnavailable: 'no-such-table',
        remembers: false,
        backfill: { nights: 7, calls: 16, incompleteUsers: 3 },
        inactiveUsers: 4,
        guessedSchedules: 3,
        notScheduled: [{ user: { loginName: 'b' }, backupSetId: '2' }],
      }),
    ]);
    expect(extras.notices).toEqual([
      'History is unavailable tonight (no-such-table): no strips or last-success ages, and tonight is not remembered.',
      'First run with history: the last 7 nights were read back from CBS (24 listing calls).',
      'The past of 3 users could not be read in full; their strips have gaps.',
      '5 suspended or locked backup users not checked (they cannot back up).',
      'The schedules of 5 backup sets could not be read from CBS; the configured default (else daily) was expected instead.',
    ]);
    expect(extras.notScheduled.map((line) => line.user.loginName)).toEqual(['a', 'b']);
    expect(extras.remembers).toBe(false);
  });

  test('the rows carry history when any part read it; nothing found says nothing', () => {
    expect(extrasOf([part({ remembers: false }), part({ remembers: true })]).remembers).toBe(true);
    expect(extrasOf([part({ remembers: false })])).toEqual({
      notices: [],
      notScheduled: [],
      removed: [],
      remembers: false,
    });
    expect(extrasOf([])).toEqual({ notices: [], notScheduled: [], removed: [], remembers: false });
  });
});

describe('historyFaults', () => {
  test('counts each read and each write the store refused, across parts', () => {
    expect(historyFaults([part()])).toBe(0);
    expect(historyFaults([part({ historyUnavailable: 'x' }), part({ notRemembered: 'y' })])).toBe(2);
    expect(historyFaults([part({ historyUnavailable: 'x', notRemembered: 'y' })])).toBe(2);
  });
});
