import type { BackupUserRef } from '../../lambda/core/backup-server';
import type { Expectation } from '../../lambda/core/expectation';
import type { HistoryStore } from '../../lambda/core/history-store';
import { runningKey } from '../../lambda/core/judge-sets';
import { fatesOfRunning, recall } from '../../lambda/core/remember';
import { computeWindow } from '../../lambda/core/report-window';
import { type SetHistory, setKeyOf } from '../../lambda/core/set-history';
import type { SetObservation } from '../../lambda/core/set-observation';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';
import { MemoryHistoryStore } from '../support/memory-history-store';

// Window: Saturday 2026-11-28 07:00 → Sunday 07:00, Berlin; CBS in the same zone.
const ZONE = 'Europe/Berlin';
const window = computeWindow(
  { timeZone: ZONE, windowHours: 24, windowEndsAt: '07:00' },
  new Date('2026-11-29T06:30:00Z'),
);
const alice: BackupUserRef = { loginName: 'alice' };
const DAILY: Expectation = {
  rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 22, minute: 0 } }],
  graceMinutes: 60,
  source: 'cbs',
};
const SETTINGS = { backfillDays: 2, concurrency: 4 };

function seen(backupSetId: string, overrides: Partial<SetObservation> = {}): SetObservation {
  return {
    user: alice,
    backupSetId,
    name: `Set ${backupSetId}`,
    destination: { id: `d${backupSetId}`, name: 'Wasabi' },
    expectation: DAILY,
    jobCount: 0,
    complete: true,
    removed: false,
    ...overrides,
  };
}

const past = (running: SetHistory['running'] = []): SetHistory => ({
  lastSuccess: '2026-11-26T21:00:00Z',
  firstNight: '2026-11-20',
  nights: { '2026-11-27': 'ok' },
  running,
});

/** A store whose reads (of one kind or both) and writes fail. */
function failing(
  what: 'load' | 'loadUserSets' | 'save',
  base: MemoryHistoryStore = new MemoryHistoryStore(),
): HistoryStore {
  const refuse = async () => {
    throw new Error(`${what} refused`);
  };
  return {
    load: what === 'load' ? refuse : (sets) => base.load(sets),
    loadUserSets: what === 'loadUserSets' ? refuse : (users) => base.loadUserSets(users),
    save: what === 'save' ? refuse : (entries, users) => base.save(entries, users),
  };
}

const recallOf = (
  store: HistoryStore,
  server: FakeBackupServer,
  observations: SetObservation[],
  listedUsers: { user: BackupUserRef; sets: { id: string; name?: string }[] }[] = [],
  settings = SETTINGS,
) => recall(store, server, { observations, listedUsers }, window, ZONE, settings);

describe('recall', () => {
  test('a store that remembers the sets: their histories, no backfill, nothing asked of CBS', async () => {
    const store = new MemoryHistoryStore();
    store.histories.set(setKeyOf({ ...alice, backupSetId: '1' }), past());
    const server = new FakeBackupServer();

    const recollection = await recallOf(store, server, [seen('1'), seen('2')]);

    expect(recollection).toEqual({
      histories: new Map([[setKeyOf({ ...alice, backupSetId: '1' }), past()]]),
      vanished: [],
    });
    expect(server.calls).toEqual([]);
  });

  test('an empty store is filled from the last nights of CBS listings, and says how', async () => {
    const server = new FakeBackupServer().listingOf('alice', '2026-11-27', {
      jobs: [listedJob('alice', '1', '2026-11-27 22:00:00')],
      unreadable: [],
    });

    const recollection = await recallOf(new MemoryHistoryStore(), server, [seen('1')]);

    // Two nights touch the CBS dates 2026-11-26 and 2026-11-27, plus the one shared with tonight.
    expect(recollection.backfill).toEqual({ nights: 2, calls: 3, incompleteUsers: 0, users: 1, sets: 1 });
    expect(server.calls.filter((call) => call.startsWith('listJobs'))).toHaveLength(3);
    expect(recollection.histories?.get(setKeyOf({ ...alice, backupSetId: '1' }))?.lastSuccess).toBeDefined();
  });

  test('no backfill with backfillDays 0, nor for a run that watches no set; a removed set is not asked for', async () => {
    const server = new FakeBackupServer();
    const store = new MemoryHistoryStore();
    const asked: string[] = [];
    const spying: HistoryStore = {
      load: async (sets) => {
        asked.push(...sets.map((set) => set.backupSetId));
        return store.load(sets);
      },
      loadUserSets: (users) => store.loadUserSets(users),
      save: (entries, users) => store.save(entries, users),
    };

    const off = await recallOf(spying, server, [seen('1')], [], { ...SETTINGS, backfillDays: 0 });
    const none = await recallOf(spying, server, [seen('9', { removed: true })]);

    expect(off).toEqual({ histories: new Map(), vanished: [] });
    expect(none).toEqual({ histories: new Map(), vanished: [] });
    expect(asked).toEqual(['1']);
    expect(server.calls).toEqual([]);
  });

  test.each(['load', 'loadUserSets'] as const)(
    'a store whose %s fails: no history, the reason kept for the caller to log and say',
    async (what) => {
      const listed = [{ user: alice, sets: [{ id: '1' }] }];
      const server = new FakeBackupServer();

      const recollection = await recallOf(failing(what), server, [seen('1')], listed);

      expect(recollection).toEqual({ histories: undefined, unavailable: `${what} refused`, vanished: [] });
      expect(server.calls).toEqual([]);
    },
  );

  test('a backfill waits for its slot, and says what it cost', async () => {
    const slotted: string[] = [];
    const settings = {
      ...SETTINGS,
      backfillSlot: async <T>(work: () => Promise<T>): Promise<T> => {
        slotted.push('in');
        const done = await work();
        slotted.push('out');
        return done;
      },
    };

    const recollection = await recallOf(
      new MemoryHistoryStore(),
      new FakeBackupServer(),
      [seen('1'), seen('2')],
      [],
      settings,
    );

    expect(slotted).toEqual(['in', 'out']);
    expect(recollection.backfill).toEqual({ nights: 2, calls: 3, incompleteUsers: 0, users: 1, sets: 2 });
  });

  test("the user lists are read only for users whose list CBS answered, and a vanished set is named with the user's ref", async () => {
    const store = new MemoryHistoryStore();
    await store.save(
      [],
      [
        {
          user: alice,
          sets: [
            { id: '1', name: 'Documents' },
            { id: '2', name: 'Old' },
          ],
        },
      ],
    );
    store.histories.set(setKeyOf({ ...alice, backupSetId: '1' }), past());

    const recollection = await recallOf(
      store,
      new FakeBackupServer(),
      [seen('1')],
      [{ user: alice, sets: [{ id: '1', name: 'Documents' }] }],
    );
    const unlisted = await recallOf(failing('loadUserSets', store), new FakeBackupServer(), [seen('1')]);

    expect(recollection.vanished).toEqual([{ user: alice, backupSetId: '2', name: 'Old' }]);
    // No user listed in full: the user lists are not even read.
    expect(unlisted.unavailable).toBeUndefined();
  });
});

describe('fatesOfRunning', () => {
  const running = (jobId: string) => ({ jobId, start: '2026-11-27T20:00:00Z', firstSeen: '2026-11-27' });

  test("asks CBS about each job an earlier run saw running that tonight's listings do not show", async () => {
    const server = new FakeBackupServer()
      .summaryOf('alice', '1', 'ended', summaryFor(listedJob('alice', '1', '2026-11-27 20:00:00')))
      .summaryOf(
        'alice',
        '1',
        'hung',
        summaryFor(listedJob('alice', '1', '2026-11-27 20:00:00'), { endTime: undefined }),
      );
    const histories = new Map([
      [setKeyOf({ ...alice, backupSetId: '1' }), past([running('ended'), running('hung'), running('gone')])],
      [setKeyOf({ ...alice, backupSetId: '2' }), past([running('listed')])],
    ]);
    const listedRow = {
      jobClass: 'running' as const,
      reason: 'running',
      user: alice,
      backupSetId: '2',
      jobId: 'listed',
      notes: [],
    };

    // A set with no history asks nothing; a set whose destination CBS did not name still asks.
    const fates = await fatesOfRunning(
      server,
      new Map([...histories, [setKeyOf({ ...alice, backupSetId: '4' }), past([running('bare')])]]),
      [seen('1'), seen('2'), seen('3'), seen('4', { destination: undefined })],
      [listedRow],
    );

    expect(fates).toEqual(
      new Map([
        [runningKey(alice, '1', 'ended'), 'ended'],
        [runningKey(alice, '1', 'hung'), 'still running'],
        [runningKey(alice, '1', 'gone'), 'gone'],
        [runningKey(alice, '4', 'bare'), 'gone'],
      ]),
    );
    // The summary call names the set's own destination; the listed job is not asked about.
    expect(server.calls.sort()).toEqual([
      'getJobSummary alice 1 ended',
      'getJobSummary alice 1 gone',
      'getJobSummary alice 1 hung',
      'getJobSummary alice 4 bare',
    ]);
  });

  test('without histories nothing is asked', async () => {
    const server = new FakeBackupServer();
    expect(await fatesOfRunning(server, undefined, [seen('1')], [])).toEqual(new Map());
    expect(server.calls).toEqual([]);
  });
});
