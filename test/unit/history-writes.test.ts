import { userKey } from '../../lambda/core/backup-server';
import type { HistoryEntry, HistoryStore, UserSets } from '../../lambda/core/history-store';
import { HistoryWriter } from '../../lambda/core/history-writes';
import { setKeyOf } from '../../lambda/core/set-history';
import { MemoryHistoryStore } from '../support/memory-history-store';
import { RecordingLog } from '../support/recording-log';

const entry = (loginName: string, backupSetId: string): HistoryEntry => ({
  set: { loginName, backupSetId },
  history: {
    lastSuccess: '2026-11-28T21:00:00Z',
    firstNight: '2026-11-20',
    nights: { '2026-11-28': 'ok' },
    running: [],
  },
  night: '2026-11-28',
  mark: 'ok',
});
const listed = (loginName: string): UserSets => ({ user: { loginName }, sets: [{ id: '1' }] });

/** A store whose saves wait until released, one by one, and are recorded as item counts. */
function heldStore() {
  const memory = new MemoryHistoryStore();
  const saves: number[] = [];
  const held: { release: () => void; fail: (error: Error) => void }[] = [];
  const store: Pick<HistoryStore, 'save'> = {
    save: (entries, users = []) => {
      saves.push(2 * entries.length + users.length);
      return new Promise<void>((resolve, reject) => {
        held.push({
          release: () => memory.save(entries, users).then(resolve),
          fail: reject,
        });
      });
    },
  };
  return { memory, store, saves, held };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('HistoryWriter', () => {
  test("nights gather to a save's worth of items and go while more come; close saves the rest", async () => {
    const { memory, store, saves, held } = heldStore();
    const writer = new HistoryWriter(store, new RecordingLog(), () => true, 5);

    writer.add([entry('alice', '1'), entry('alice', '2')], [listed('alice')]);
    expect(saves).toEqual([5]);
    writer.add([entry('bob', '1')], []);
    expect(saves).toEqual([5]);
    const closing = writer.close();
    expect(saves).toEqual([5, 2]);
    for (const save of held) save.release();

    expect(await closing).toBeUndefined();
    expect([...memory.histories.keys()].sort()).toEqual(
      [
        setKeyOf(entry('alice', '1').set),
        setKeyOf(entry('alice', '2').set),
        setKeyOf(entry('bob', '1').set),
      ].sort(),
    );
    expect([...memory.userSets.keys()]).toEqual([userKey({ loginName: 'alice' })]);
  });

  test('a save carries no more than its items: what waits goes before a user that would overfill it', async () => {
    const { store, saves, held } = heldStore();
    const writer = new HistoryWriter(store, new RecordingLog(), () => true, 5);

    writer.add([entry('alice', '1'), entry('alice', '2')], []);
    expect(saves).toEqual([]);
    writer.add([entry('bob', '1')], [listed('bob')]);
    expect(saves).toEqual([4]);
    writer.add([entry('carol', '1'), entry('carol', '2'), entry('carol', '3')], []);
    // Bob's 3 items go, then Carol's 6 on their own (a user is never split across saves), once one
    // of the two saves in flight has ended.
    expect(saves).toEqual([4, 3]);
    held[0]?.release();
    await settled();
    expect(saves).toEqual([4, 3, 6]);
    held[1]?.release();
    held[2]?.release();
    expect(await writer.close()).toBeUndefined();
  });

  test('users that fill a save exactly share it; one that leaves room waits with them', async () => {
    const { store, saves, held } = heldStore();
    const writer = new HistoryWriter(store, new RecordingLog(), () => true, 5);

    writer.add([entry('alice', '1')], []);
    writer.add([entry('bob', '1')], []);
    expect(saves).toEqual([]);
    writer.add([], [listed('carol')]);
    expect(saves).toEqual([5]);
    // A user's set list alone is saved too.
    writer.add([], [listed('dave')]);
    const closing = writer.close();
    expect(saves).toEqual([5, 1]);
    for (const save of held) save.release();
    expect(await closing).toBeUndefined();
  });

  test('at most two saves at once: a third waits for one to end', async () => {
    const { store, saves, held } = heldStore();
    const writer = new HistoryWriter(store, new RecordingLog(), () => true, 2);

    for (const login of ['a', 'b', 'c']) writer.add([entry(login, '1')], []);
    await settled();
    expect(saves).toEqual([2, 2]);
    held[0]?.release();
    await settled();
    expect(saves).toEqual([2, 2, 2]);
    held[1]?.release();
    held[2]?.release();
    expect(await writer.close()).toBeUndefined();
  });

  test('nothing is saved until the run may be remembered; never allowed, close drops it all', async () => {
    const { store, saves, held } = heldStore();
    let may = false;
    const writer = new HistoryWriter(store, new RecordingLog(), () => may, 2);
    writer.add([entry('alice', '1')], []);
    writer.add([entry('bob', '1')], []);
    expect(saves).toEqual([]);
    may = true;
    writer.add([entry('carol', '1')], []);
    // What waited goes first, then Carol's own save's worth.
    expect(saves).toEqual([4, 2]);
    held[0]?.release();
    held[1]?.release();
    await writer.close();

    const never = heldStore();
    const refused = new HistoryWriter(never.store, new RecordingLog(), () => false, 2);
    refused.add([entry('alice', '1')], [listed('alice')]);
    expect(await refused.close()).toBeUndefined();
    expect(never.saves).toEqual([]);
  });

  test('a save that fails: its reason, logged and counted once; nothing more is sent', async () => {
    const { store, saves, held } = heldStore();
    const log = new RecordingLog();
    const writer = new HistoryWriter(store, log, () => true, 2);
    writer.add([entry('alice', '1')], []);
    writer.add([entry('bob', '1')], []);
    held[0]?.fail(new Error('throttled'));
    held[1]?.fail(new Error('throttled again'));
    await settled();
    writer.add([entry('carol', '1')], []);

    expect(await writer.close()).toBe('throttled');
    expect(saves).toEqual([2, 2]);
    expect(log.lines).toEqual([['warn', 'history not saved', { historyFaults: 1, error: 'throttled' }]]);
  });

  test('a save queued behind a failing one is not sent', async () => {
    const { store, saves, held } = heldStore();
    const writer = new HistoryWriter(store, new RecordingLog(), () => true, 2);
    for (const login of ['a', 'b', 'c']) writer.add([entry(login, '1')], []);
    await settled();
    held[0]?.fail(new Error('refused'));
    await settled();
    held[1]?.release();

    expect(await writer.close()).toBe('refused');
    expect(saves).toEqual([2, 2]);
  });
});
