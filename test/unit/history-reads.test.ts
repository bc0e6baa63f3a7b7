import { type BackupUserRef, userKey } from '../../lambda/core/backup-server';
import { GatheredHistoryReads } from '../../lambda/core/history-reads';
import type { HistoryStore } from '../../lambda/core/history-store';
import { type SetHistory, type SetRef, setKeyOf } from '../../lambda/core/set-history';
import { MemoryHistoryStore } from '../support/memory-history-store';

const history = (lastSuccess: string): SetHistory => ({
  lastSuccess,
  firstNight: '2026-11-20',
  nights: { '2026-11-27': 'ok' },
  running: [],
});
const set = (loginName: string, backupSetId: string): SetRef => ({ loginName, backupSetId });

/** A memory store that records what each read asked for, and fails its reads once told to. */
function recordingStore() {
  const memory = new MemoryHistoryStore();
  const loads: string[][] = [];
  const userLoads: string[][] = [];
  let refuse = false;
  const store: Pick<HistoryStore, 'load' | 'loadUserSets'> = {
    load: async (sets) => {
      loads.push(sets.map((s) => `${s.loginName}/${s.backupSetId}`));
      if (refuse) throw new Error('throttled');
      return memory.load(sets);
    },
    loadUserSets: async (users: readonly BackupUserRef[]) => {
      userLoads.push(users.map((u) => u.loginName));
      return memory.loadUserSets(users);
    },
  };
  return { memory, store, loads, userLoads, refuse: () => (refuse = true) };
}

describe('GatheredHistoryReads', () => {
  test("keys wait for a batch's worth; each caller gets its own sets only", async () => {
    const { memory, store, loads } = recordingStore();
    memory.histories.set(setKeyOf(set('alice', '1')), history('2026-11-27T21:00:00Z'));
    memory.histories.set(setKeyOf(set('bob', '1')), history('2026-11-26T21:00:00Z'));
    const reads = new GatheredHistoryReads(store, 4);

    const alice = reads.load([set('alice', '1'), set('alice', '2')]);
    await Promise.resolve();
    expect(loads).toEqual([]);
    const bob = reads.load([set('bob', '1'), set('bob', '2')]);

    expect(loads).toEqual([['alice/1', 'alice/2', 'bob/1', 'bob/2']]);
    expect(await alice).toEqual(new Map([[setKeyOf(set('alice', '1')), history('2026-11-27T21:00:00Z')]]));
    expect(await bob).toEqual(new Map([[setKeyOf(set('bob', '1')), history('2026-11-26T21:00:00Z')]]));
  });

  test('a read takes no more than a batch of keys: what waits goes before a user that would overfill it', async () => {
    const { store, loads } = recordingStore();
    const reads = new GatheredHistoryReads(store, 4);
    const three = (login: string) => [set(login, '1'), set(login, '2'), set(login, '3')];

    const asked = [reads.load(three('alice')), reads.load(three('bob'))];
    expect(loads).toEqual([['alice/1', 'alice/2', 'alice/3']]);
    asked.push(reads.load([...three('carol'), set('carol', '4'), set('carol', '5')]));
    // Bob's keys go before Carol's, whose five are sent on their own (the store splits them).
    expect(loads).toEqual([
      ['alice/1', 'alice/2', 'alice/3'],
      ['bob/1', 'bob/2', 'bob/3'],
      ['carol/1', 'carol/2', 'carol/3', 'carol/4', 'carol/5'],
    ]);
    await Promise.all(asked);
  });

  test('flush sends what waits, of both kinds; nothing waiting, nothing sent; no keys, no call', async () => {
    const { memory, store, loads, userLoads } = recordingStore();
    await memory.save([], [{ user: { loginName: 'alice' }, sets: [{ id: '1', name: 'Documents' }] }]);
    const reads = new GatheredHistoryReads(store, 100);

    const sets = reads.load([set('alice', '1')]);
    const lists = reads.loadUserSets([{ loginName: 'alice' }, { loginName: 'bob' }]);
    const none = await reads.load([]);
    reads.flush();
    reads.flush();

    expect(await sets).toEqual(new Map());
    expect(await lists).toEqual(
      new Map([[userKey({ loginName: 'alice' }), [{ id: '1', name: 'Documents' }]]]),
    );
    expect(none).toEqual(new Map());
    expect(loads).toEqual([['alice/1']]);
    expect(userLoads).toEqual([['alice', 'bob']]);
  });

  test('a read that fails fails every caller it carried, and every later read without asking again', async () => {
    const { store, loads, refuse } = recordingStore();
    const reads = new GatheredHistoryReads(store, 2);
    refuse();

    const first = reads.load([set('alice', '1')]);
    const second = reads.load([set('bob', '1')]);
    await expect(first).rejects.toThrow('throttled');
    await expect(second).rejects.toThrow('throttled');
    // Fewer keys than a batch, and no flush: it fails at once rather than waiting for one.
    const later = reads.load([set('carol', '1')]);
    const outcome = await Promise.race([
      later.then(
        () => 'answered',
        (error: Error) => error.message,
      ),
      new Promise((resolve) => setImmediate(() => resolve('still waiting'))),
    ]);

    expect(outcome).toBe('throttled');
    expect(loads).toEqual([['alice/1', 'bob/1']]);
  });

  test('callers that came before the failure was known and wait for a flush fail with it too', async () => {
    const { store, loads, refuse } = recordingStore();
    const reads = new GatheredHistoryReads(store, 2);
    refuse();
    const failing = reads.load([set('alice', '1'), set('alice', '2')]);
    const waiting = reads.load([set('bob', '1')]);
    await expect(failing).rejects.toThrow('throttled');

    reads.flush();

    await expect(waiting).rejects.toThrow('throttled');
    expect(loads).toHaveLength(1);
  });
});
