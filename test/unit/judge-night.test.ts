import { collectRows } from '../../lambda/core/collect-rows';
import {
  extrasOf,
  historyFaults,
  judgeNight,
  type NightFacts,
  NOTHING_FOUND,
} from '../../lambda/core/judge-night';
import { silentLog } from '../../lambda/core/log';
import { aliceNight } from '../support/alice-night';
import { MemoryHistoryStore } from '../support/memory-history-store';

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

describe('extrasOf, more', () => {
  test('the longest backfill names the nights; a complete one says nothing of gaps', () => {
    const extras = extrasOf([
      part({ backfill: { nights: 3, calls: 4, incompleteUsers: 0 } }),
      part({ backfill: { nights: 7, calls: 8, incompleteUsers: 0 } }),
      // A batch whose sets were all on record read nothing back.
      part(),
    ]);
    expect(extras.notices).toEqual([
      'First run with history: the last 7 nights were read back from CBS (12 listing calls).',
    ]);
  });

  test('a part that judged nothing adds nothing', () => {
    expect(NOTHING_FOUND).toEqual({
      notScheduled: [],
      removed: [],
      remembers: false,
      inactiveUsers: 0,
      guessedSchedules: 0,
    });
    expect(extrasOf([NOTHING_FOUND, part({ remembers: false })])).toEqual(extrasOf([]));
  });
});

describe('judgeNight', () => {
  const night = async (store: MemoryHistoryStore | undefined, dryRun: boolean) => {
    const { settings, window, server: cbs } = aliceNight();
    const collected = await collectRows(cbs, settings, window, silentLog);
    return judgeNight(cbs, collected, { history: store, log: silentLog }, settings, window, dryRun);
  };

  test('with a store: the rows carry their history and tonight is saved, the user list too', async () => {
    const store = new MemoryHistoryStore();
    const judged = await night(store, false);

    expect(judged.facts.remembers).toBe(true);
    expect(judged.rows[0]?.history?.strip.endsWith('✓')).toBe(true);
    expect(store.histories.size).toBe(1);
    expect(store.userSets.size).toBe(1);
  });

  test('a dry run judges with history but saves nothing; no store, no history', async () => {
    const store = new MemoryHistoryStore();
    const dry = await night(store, true);
    const none = await night(undefined, false);

    expect(dry.facts.remembers).toBe(true);
    expect(store.histories.size).toBe(0);
    expect(store.userSets.size).toBe(0);
    expect(none.facts.remembers).toBe(false);
    expect(none.rows[0]?.history).toBeUndefined();
  });
});
