import { parseConfig } from '../../lambda/config/load-config';
import { collectRows } from '../../lambda/core/collect-rows';
import type { DigestRow, SetLine } from '../../lambda/core/digest';
import type { Expectation } from '../../lambda/core/expectation';
import type { HistoryStore } from '../../lambda/core/history-store';
import { extrasOf, judgeNight } from '../../lambda/core/judge-night';
import type { Log } from '../../lambda/core/log';
import { silentLog } from '../../lambda/core/log';
import { NightJudge } from '../../lambda/core/night-judge';
import { computeWindow } from '../../lambda/core/report-window';
import { type SetHistory, setKeyOf } from '../../lambda/core/set-history';
import type { SetObservation } from '../../lambda/core/set-observation';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';
import { MemoryHistoryStore } from '../support/memory-history-store';
import { observedSet } from '../support/observed-set';
import { RecordingLog } from '../support/recording-log';

const LOGINS = ['alice', 'bob', 'carol', 'dave', 'erin'];
/** A schedule CBS answered with no runs in it: the set is not scheduled. */
const NOT_SCHEDULED: Expectation = { rules: [], graceMinutes: 0, source: 'cbs' };

/** Five users, one daily set each with a good job at 22:00 on 2026-11-28 (Berlin), backfilling 2 nights. */
function night(backfillDays = 2) {
  const settings = digestSettings(
    parseConfig({
      cbs: {
        baseUrl: 'https://cbs.example.com',
        credentialsParameter: '/p',
        timeZone: 'Europe/Berlin',
        concurrency: 1,
      },
      report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
      mail: { from: 'a@example.com', to: ['b@example.com'] },
      history: { backfillDays },
      watch: { users: LOGINS.map((loginName) => ({ loginName })) },
    }),
  );
  const window = computeWindow(settings.report, new Date('2026-11-29T06:00:00Z'));
  const server = new FakeBackupServer();
  for (const login of LOGINS) {
    const job = listedJob(login, '1', '2026-11-28 22:00:00');
    server
      .setsOf(login, [{ id: '1', name: 'Documents' }])
      .listingOf(login, '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf(login, '1', job.jobId, summaryFor(job));
  }
  return { settings, window, server };
}

const known = (): SetHistory => ({
  lastSuccess: '2026-11-27T21:00:00Z',
  firstNight: '2026-11-01',
  nights: { '2026-11-27': 'ok' },
  running: [],
});

/** A store that counts its calls and, told to, refuses reads after the first. */
function countingStore(memory = new MemoryHistoryStore(), refuseAfterFirstLoad = false) {
  const calls = { load: 0, loadUserSets: 0, save: 0 };
  const store: HistoryStore = {
    load: async (sets) => {
      calls.load += 1;
      if (refuseAfterFirstLoad && calls.load > 1) throw new Error('throttled');
      return memory.load(sets);
    },
    loadUserSets: async (users) => {
      calls.loadUserSets += 1;
      return memory.loadUserSets(users);
    },
    save: async (entries, users) => {
      calls.save += 1;
      return memory.save(entries, users);
    },
  };
  return { store, calls, memory };
}

const byUser = (rows: readonly DigestRow[]) =>
  [...rows].sort((a, b) => a.user.loginName.localeCompare(b.user.loginName));

async function streamed(
  store: HistoryStore | undefined,
  log: Log = silentLog,
  dryRun = false,
  backfillDays = 2,
) {
  const { settings, window, server } = night(backfillDays);
  const judge = new NightJudge(server, { history: store, log }, { settings, window, dryRun });
  const collected = await collectRows(server, settings, window, log, judge);
  return { rows: collected.rows, facts: await judge.finish(collected.inactiveUsers), server, collected };
}

describe('NightJudge: each user judged as soon as collected', () => {
  test('the same rows and facts as judging the collected night afterwards, from a store that knows every set', async () => {
    const seeded = () => {
      const memory = new MemoryHistoryStore();
      for (const login of LOGINS)
        memory.histories.set(setKeyOf({ loginName: login, backupSetId: '1' }), known());
      return memory;
    };
    const after = seeded();
    const { settings, window, server } = night();
    const collected = await collectRows(server, settings, window, silentLog);
    const judged = await judgeNight(
      server,
      collected,
      { history: after, log: silentLog },
      settings,
      window,
      false,
    );

    const during = seeded();
    const live = await streamed(during);

    expect(byUser(live.rows)).toEqual(byUser(judged.rows));
    expect(live.facts).toEqual(judged.facts);
    expect(live.rows.every((row) => row.history?.strip.endsWith('✓'))).toBe(true);
    expect(during.histories).toEqual(after.histories);
    expect(during.userSets).toEqual(after.userSets);
    // Collection handed the judge its users: it keeps no observations of its own.
    expect(live.collected.observations).toEqual([]);
    expect(live.collected.listedUsers).toEqual([]);
  });

  test("the users' reads are gathered, not one call a user; tonight is saved for each", async () => {
    const { store, calls, memory } = countingStore();
    for (const login of LOGINS)
      memory.histories.set(setKeyOf({ loginName: login, backupSetId: '1' }), known());

    await streamed(store);

    expect(calls.load).toBeLessThan(LOGINS.length);
    expect(calls.loadUserSets).toBeLessThan(LOGINS.length);
    expect(calls.save).toBeGreaterThanOrEqual(1);
    for (const login of LOGINS)
      expect(
        memory.histories.get(setKeyOf({ loginName: login, backupSetId: '1' }))?.nights['2026-11-28'],
      ).toBe('ok');
  });

  test('only the users the store knows nothing of have their past read back, and the notice says so', async () => {
    const { store, memory } = countingStore();
    for (const login of ['alice', 'bob', 'carol'])
      memory.histories.set(setKeyOf({ loginName: login, backupSetId: '1' }), known());
    const log = new RecordingLog();

    const { facts, server } = await streamed(store, log);

    // The window lists the CBS dates 2026-11-28 and 29; the two nights before it touch 26 and 27.
    const backfilled = server.calls.filter((call) => /^listJobs \S+ 2026-11-2[67]/.test(call));
    expect(new Set(backfilled.map((call) => call.split(' ')[1]))).toEqual(new Set(['dave', 'erin']));
    expect(facts.backfill).toMatchObject({ nights: 2, users: 2, sets: 2, incompleteUsers: 0 });
    expect(facts.recalledUsers).toBe(5);
    expect(extrasOf([facts]).notices[0]).toBe(
      `2 backup users new to the history: their last 2 nights were read back from CBS (${facts.backfill?.calls} listing calls).`,
    );
    expect(log.lines.filter(([, message]) => message === 'history backfilled')).toEqual([
      [
        'info',
        'history backfilled',
        { nights: 2, users: 2, sets: 2, listBackupJobStatusCalls: facts.backfill?.calls, incompleteUsers: 0 },
      ],
    ]);
  });

  test("each user's findings add up: sets not scheduled, removed and gone, guessed schedules, users read", async () => {
    const memory = new MemoryHistoryStore();
    await memory.save([], [{ user: { loginName: 'bob' }, sets: [{ id: '1' }, { id: '9', name: 'Old' }] }]);
    const { settings, window, server } = night(0);
    const judge = new NightJudge(
      server,
      { history: memory, log: silentLog },
      { settings, window, dryRun: true },
    );
    const seen = (login: string, id: string, overrides: Partial<SetObservation> = {}): SetObservation =>
      observedSet(id, {
        user: { loginName: login },
        name: undefined,
        expectation: NOT_SCHEDULED,
        ...overrides,
      });
    const fallback = { rules: [], graceMinutes: 0, source: 'fallback' as const };

    const judging = [
      judge.judge({
        user: { loginName: 'alice' },
        rows: [],
        observations: [seen('alice', '1'), seen('alice', '2', { removed: true })],
      }),
      judge.judge({
        user: { loginName: 'bob' },
        rows: [],
        observations: [seen('bob', '1', { expectation: fallback })],
        listedSets: [{ id: '1' }],
      }),
      judge.judge({
        user: { loginName: 'carol' },
        rows: [],
        observations: [seen('carol', '3', { removed: true })],
      }),
      judge.judge({
        user: { loginName: 'dave' },
        rows: [],
        observations: [seen('dave', '1', { expectation: fallback })],
      }),
    ];
    judge.allHanded();
    await Promise.all(judging);
    const facts = await judge.finish(2);

    // Users end in no set order; each line named by user and set.
    const named = (lines: SetLine[]) =>
      lines.map((l) => `${l.user.loginName}/${l.backupSetId}${l.name ? ` ${l.name}` : ''}`).sort();
    expect(named(facts.notScheduled)).toEqual(['alice/1', 'bob/1', 'dave/1']);
    expect(named(facts.removed)).toEqual(['alice/2', 'bob/9 Old', 'carol/3']);
    expect({ ...facts, notScheduled: [], removed: [] }).toEqual({
      historyUnavailable: undefined,
      backfill: undefined,
      recalledUsers: 3,
      notRemembered: undefined,
      notScheduled: [],
      removed: [],
      remembers: true,
      inactiveUsers: 2,
      guessedSchedules: 2,
    });
  });

  test('the backfill adds up across users, calls and incomplete users too', async () => {
    const { settings, window, server } = night();
    server.listingOf('erin', '2026-11-26', new Error('CBS refused'));
    const judge = new NightJudge(
      server,
      { history: new MemoryHistoryStore(), log: silentLog },
      { settings, window, dryRun: true },
    );
    const collected = await collectRows(server, settings, window, silentLog, judge);
    const facts = await judge.finish(collected.inactiveUsers);

    // Two nights touch the CBS dates 26, 27 and 28; tonight's listings already hold the 28th: 2 a user.
    expect(facts.backfill).toEqual({ nights: 2, calls: 10, incompleteUsers: 1, users: 5, sets: 5 });
  });

  test('an empty store: every user read back, a first run', async () => {
    const { facts } = await streamed(new MemoryHistoryStore());
    expect(facts.backfill).toMatchObject({ users: 5, sets: 5 });
    expect(extrasOf([facts]).notices[0]).toMatch(/^First run with history: the last 2 nights were read back/);
  });

  test('a store that fails part way: users read before keep their history, the rest go without, said and logged once', async () => {
    const { store, memory } = countingStore(new MemoryHistoryStore(), true);
    for (const login of LOGINS)
      memory.histories.set(setKeyOf({ loginName: login, backupSetId: '1' }), known());
    const log = new RecordingLog();
    const { settings, window, server } = night();
    const judge = new NightJudge(server, { history: store, log }, { settings, window, dryRun: false });
    const found = (login: string) => ({
      user: { loginName: login },
      rows: [],
      observations: [observedSet('1', { user: { loginName: login }, expectation: NOT_SCHEDULED })],
    });

    const first = judge.judge(found('alice'));
    judge.allHanded();
    await first;
    const judging = Promise.all(['bob', 'carol'].map((login) => judge.judge(found(login))));
    judge.allHanded();
    const later = await judging;
    const facts = await judge.finish(0);

    expect(later).toEqual([[], []]);
    expect(facts).toMatchObject({ historyUnavailable: 'throttled', unreadUsers: 2, remembers: true });
    expect(extrasOf([facts]).notices).toContain(
      'History could not be read for 2 backup users tonight (throttled): their rows have no strips or last-success ages, and their night is not remembered.',
    );
    expect(log.lines.filter(([level]) => level === 'warn')).toEqual([
      ['warn', 'history unavailable', { historyFaults: 1, error: 'throttled' }],
    ]);
    // Alice's night is saved; Bob's and Carol's histories are as they were.
    expect(
      memory.histories.get(setKeyOf({ loginName: 'alice', backupSetId: '1' }))?.nights['2026-11-28'],
    ).toBe('idle');
    expect(memory.histories.get(setKeyOf({ loginName: 'bob', backupSetId: '1' }))).toEqual(known());
  });

  test('a store down from the start: the digest goes without history, as before', async () => {
    const down: HistoryStore = {
      load: async () => {
        throw new Error('unreachable');
      },
      loadUserSets: async () => {
        throw new Error('unreachable');
      },
      save: async () => {
        throw new Error('unreachable');
      },
    };
    const { rows, facts } = await streamed(down);
    expect(facts).toMatchObject({ historyUnavailable: 'unreachable', remembers: false, unreadUsers: 5 });
    expect(facts.notRemembered).toBeUndefined();
    expect(rows.every((row) => row.history === undefined)).toBe(true);
    expect(extrasOf([facts]).notices[0]).toMatch(/^History is unavailable tonight \(unreachable\)/);
  });

  test('saves wait until the run may be remembered, and a run that never may saves nothing', async () => {
    const memory = new MemoryHistoryStore();
    const { settings, window, server } = night(0);
    const judge = new NightJudge(
      server,
      { history: memory, log: silentLog },
      { settings, window, dryRun: false, mayRemember: () => false },
    );
    const collected = await collectRows(server, settings, window, silentLog, judge);
    const facts = await judge.finish(collected.inactiveUsers);

    expect(facts.remembers).toBe(true);
    expect(collected.rows.every((row) => row.history !== undefined)).toBe(true);
    expect(memory.histories.size).toBe(0);
    expect(memory.userSets.size).toBe(0);
  });

  test('a dry run reads history and saves nothing; no store, no reads', async () => {
    const memory = new MemoryHistoryStore();
    const dry = await streamed(memory, silentLog, true, 0);
    const none = await streamed(undefined, silentLog, false, 0);

    expect(dry.facts.remembers).toBe(true);
    expect(memory.histories.size).toBe(0);
    expect(none.facts.remembers).toBe(false);
    expect(none.facts.removed).toEqual([]);
    expect(none.rows).toHaveLength(LOGINS.length);
  });

  test('a judge that throws fails the collection, once, after the other users', async () => {
    const { settings, window, server } = night(0);
    let judged = 0;
    const broken = {
      judge: async () => {
        judged += 1;
        throw new Error(`judge broke ${judged}`);
      },
      allHanded: () => {},
    };

    await expect(collectRows(server, settings, window, silentLog, broken)).rejects.toThrow('judge broke 1');
    expect(judged).toBe(LOGINS.length);
  });
});
