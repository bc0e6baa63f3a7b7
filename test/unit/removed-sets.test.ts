import { parseConfig } from '../../lambda/config/load-config';
import { collectRows } from '../../lambda/core/collect-rows';
import type { DigestSettings } from '../../lambda/core/digest-settings';
import { judgeNight } from '../../lambda/core/judge-night';
import { silentLog } from '../../lambda/core/log';
import { computeWindow } from '../../lambda/core/report-window';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { FakeBackupServer } from '../support/fake-backup-server';
import { MemoryHistoryStore } from '../support/memory-history-store';

// Whole-user mode: a set CBS listed on an earlier night and no longer lists is "removed" (one
// line, once), never missed and never silently gone.
function settingsFor(watch: unknown): DigestSettings {
  return digestSettings(
    parseConfig({
      cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/p', timeZone: 'Europe/Berlin' },
      report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
      mail: { from: 'a@example.com', to: ['b@example.com'] },
      history: { backfillDays: 0 },
      watch,
    }),
  );
}

const WHOLE_ALICE = { users: [{ loginName: 'alice' }] };

async function night(
  server: FakeBackupServer,
  store: MemoryHistoryStore,
  day: string,
  watch: unknown = WHOLE_ALICE,
) {
  const settings = settingsFor(watch);
  const window = computeWindow(settings.report, new Date(`${day}T06:00:00Z`));
  const collected = await collectRows(server, settings, window, silentLog);
  return judgeNight(server, collected, { history: store, log: silentLog }, settings, window, false);
}

const removedOf = (judged: Awaited<ReturnType<typeof night>>) =>
  judged.facts.removed.map((line) => `${line.user.loginName}/${line.backupSetId} ${line.name ?? ''}`);

describe('sets removed from CBS, known from history', () => {
  test('a set listed one night and gone the next is removed once, and not missed', async () => {
    const store = new MemoryHistoryStore();
    const server = new FakeBackupServer().setsOf('alice', [
      { id: '1', name: 'Documents' },
      { id: '2', name: 'Old Laptop' },
    ]);
    const first = await night(server, store, '2026-11-27');
    expect(removedOf(first)).toEqual([]);

    server.setsOf('alice', [{ id: '1', name: 'Documents' }]);
    const second = await night(server, store, '2026-11-28');
    const third = await night(server, store, '2026-11-29');

    expect(removedOf(second)).toEqual(['alice/2 Old Laptop']);
    expect(second.rows.filter((row) => row.backupSetId === '2')).toEqual([]);
    // Said once: the store now holds tonight's list.
    expect(removedOf(third)).toEqual([]);
  });

  test('a night whose set list CBS did not answer says nothing removed, and forgets nothing', async () => {
    const store = new MemoryHistoryStore();
    const server = new FakeBackupServer().setsOf('alice', [
      { id: '1', name: 'Documents' },
      { id: '2', name: 'Old Laptop' },
    ]);
    await night(server, store, '2026-11-27');

    server.setsOf('alice', new Error('HTTP 502'));
    const unanswered = await night(server, store, '2026-11-28');
    server.setsOf('alice', [{ id: '1', name: 'Documents' }]);
    const answered = await night(server, store, '2026-11-29');

    expect(removedOf(unanswered)).toEqual([]);
    expect(removedOf(answered)).toEqual(['alice/2 Old Laptop']);
  });

  test("a user watched by named sets keeps no set list: only the named set's own absence says removed", async () => {
    const store = new MemoryHistoryStore();
    const server = new FakeBackupServer().setsOf('alice', [{ id: '1', name: 'Documents' }]);
    const named = { backupSets: [{ loginName: 'alice', backupSetId: '1' }] };

    await night(server, store, '2026-11-28', named);

    expect(store.userSets.size).toBe(0);
  });
});
