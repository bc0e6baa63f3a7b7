import { collectRows } from '../../lambda/core/collect-rows';
import { judgeNight } from '../../lambda/core/judge-night';
import { silentLog } from '../../lambda/core/log';
import { aliceNight } from '../support/alice-night';
import { MemoryHistoryStore } from '../support/memory-history-store';

/** A store that cannot be read: every save is counted, none should happen. */
class UnreadableStore extends MemoryHistoryStore {
  saves = 0;
  override async load(): Promise<never> {
    throw new Error('no-such-table');
  }
  override async save(): Promise<void> {
    this.saves += 1;
  }
}

async function night(store: MemoryHistoryStore | undefined) {
  const { settings, window, server } = aliceNight();
  const collected = await collectRows(server, settings, window, silentLog);
  return judgeNight(server, collected, { history: store, log: silentLog }, settings, window, false);
}

describe('judgeNight: what it remembers', () => {
  test('a store that could not be read is not written to: tonight is not remembered, and no fault is invented', async () => {
    const store = new UnreadableStore();

    const judged = await night(store);

    expect(store.saves).toBe(0);
    expect(judged.facts.historyUnavailable).toContain('no-such-table');
    expect(judged.facts.notRemembered).toBeUndefined();
    expect(judged.facts.remembers).toBe(false);
  });

  test('without a store no set is known to have vanished', async () => {
    const judged = await night(undefined);

    expect(judged.facts.removed).toEqual([]);
  });
});
