import { createHistoryTable, type DynamoDbLocal, localDynamoDbClient } from '../../dev/local/dynamodb-local';
import { type LocalEnvironment, simulatorCbs } from '../../dev/local/local-environment';
import { DynamoDbAcknowledgementStore } from '../../lambda/adapters/history/dynamodb-acknowledgement-store';
import type { Acknowledgement } from '../../lambda/core/acknowledgement';
import { AcknowledgementStoreError } from '../../lambda/core/acknowledgement-store';
import { EventError } from '../../lambda/entry/event-error';
import { type LocalWithHistory, startLocalWithHistory } from '../support/local-with-history';
import { handlerWithConfig } from '../support/use-config';

// Acknowledgements in the history table (dynalite), and as console events of the digest function.
const NOW = new Date('2026-11-29T06:00:00Z');

let env: LocalWithHistory;
let local: LocalEnvironment;
let dynamo: DynamoDbLocal;
let table: string;
let dir: string;

beforeAll(async () => {
  env = await startLocalWithHistory(NOW, 'acks-test');
  ({ local, dynamo, table, dir } = env);
});
afterAll(() => env.stop());

const store = (tableName = table) =>
  new DynamoDbAcknowledgementStore({ tableName, client: localDynamoDbClient(dynamo.url) });

const ack = (loginName: string, backupSetId?: string): Acknowledgement => ({
  target: { loginName, owner: 'east#1', backupSetId },
  kind: 'failed',
  label: 'Laptop',
  note: 'laptop in repair',
  by: 'alice',
  createdAt: '2026-11-28T10:00:00.000Z',
  expiresAt: '2026-12-05T10:00:00.000Z',
});

describe('DynamoDbAcknowledgementStore', () => {
  test('puts, lists in one query, replaces per target and removes', async () => {
    const acks = store('acks-crud');
    await createHistoryTable(dynamo.url, 'acks-crud');

    await acks.put(ack('bob', '1'));
    await acks.put({ ...ack('bob', '1'), note: 'still in repair' });
    await acks.put(ack('bob'));
    const listed = await acks.list();
    const removed = await acks.remove({ loginName: 'bob', owner: 'east#1', backupSetId: '1' });
    const again = await acks.remove({ loginName: 'bob', owner: 'east#1', backupSetId: '1' });

    expect(listed).toHaveLength(2);
    expect(listed).toContainEqual({
      ...ack('bob', '1'),
      note: 'still in repair',
      target: { loginName: 'bob', owner: 'east#1', backupSetId: '1', jobId: undefined },
    });
    expect(removed).toBe(true);
    expect(again).toBe(false);
    expect((await acks.list()).map((a) => a.target.backupSetId)).toEqual([undefined]);
  });

  test('a link id is claimed once; the second claim answers when it was used', async () => {
    const acks = store();

    const first = await acks.claimToken(
      'tok-1',
      new Date('2026-11-29T08:00:00Z'),
      new Date('2026-12-13T00:00:00Z'),
    );
    const second = await acks.claimToken(
      'tok-1',
      new Date('2026-11-29T09:00:00Z'),
      new Date('2026-12-13T00:00:00Z'),
    );
    await acks.releaseToken('tok-1');
    const afterRelease = await acks.claimToken(
      'tok-1',
      new Date('2026-11-29T10:00:00Z'),
      new Date('2026-12-13T00:00:00Z'),
    );

    expect(first).toEqual({ claimed: true });
    expect(second).toEqual({ claimed: false, usedAt: '2026-11-29T08:00:00.000Z' });
    expect(afterRelease).toEqual({ claimed: true });
    // Used links are not acknowledgements.
    expect(await acks.list()).toEqual([]);
  });

  test('a table that is not there: AcknowledgementStoreError naming it', async () => {
    await expect(store('no-such-table').list()).rejects.toThrow(AcknowledgementStoreError);
    await expect(store('no-such-table').list()).rejects.toThrow(/no-such-table: ResourceNotFoundException/);
  });
});

describe('console events of the digest function', () => {
  test('{"ack": …} acknowledges; the next digest shows the user under Known issues; {"unack": …} undoes it', async () => {
    const invoke = await handlerWithConfig(dir, {
      cbs: simulatorCbs(local.simulator),
      report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
      mail: { from: 'digest@example.com', to: ['ops@example.com'] },
      watch: { users: [{ loginName: 'bob' }] },
    });

    const before = await invoke({ dryRun: true, date: '2026-11-28' });
    const made = await invoke({ ack: { user: 'bob', days: 7, note: 'laptop in repair', by: 'console' } });
    const listed = await invoke({ listAcks: true });
    const after = await invoke({ dryRun: true, date: '2026-11-28' });
    const removed = await invoke({ unack: { user: 'bob' } });

    const attention = (r: typeof before) =>
      r.counts.failed + r.counts.missed + r.counts.unknown + r.counts.error;
    expect(attention(before)).toBeGreaterThan(0);
    expect(made).toMatchObject({ acknowledged: expect.stringMatching(/^bob \(every backup set\) until /) });
    expect(listed).toMatchObject({
      acknowledgements: [{ target: { loginName: 'bob' }, note: 'laptop in repair' }],
    });
    expect(attention(after)).toBe(0);
    expect(after.known).toBe(attention(before));
    expect(after.text).toContain('Known issues (');
    expect(after.text).toContain('Known issue: laptop in repair (console, until');
    expect(removed).toEqual({ removed: 'bob (every backup set)', found: true });
  });

  test.each([
    [{ ack: { user: 'bob', days: 31, note: 'x', by: 'me' } }, 'ack.days: must be at most 30'],
    [{ ack: { user: 'bob', days: 7, by: 'me' } }, 'ack.note:'],
    [{ ack: { user: 'bob', days: 7, note: 'x', by: 'me', sett: '1' } }, 'Unrecognized key: "sett"'],
    [
      { ack: { user: 'bob', days: 7, note: 'x', by: 'me', job: '2026-11-28-22-00-00' } },
      'ack.job: needs set as well',
    ],
    [{ ack: { user: 'bob', days: 7, note: 'x', by: 'me', kind: 'warning' } }, 'ack.kind:'],
    [
      { ack: { user: 'bob', days: 7, note: 'x', by: 'me' }, dryRun: true },
      'give exactly one of ack, unack, listAcks',
    ],
    [{ listAcks: 'yes' }, 'listAcks: must be true'],
  ])('%j is refused: %s', async (event, message) => {
    const invoke = await handlerWithConfig(dir, {
      cbs: simulatorCbs(local.simulator),
      mail: { from: 'digest@example.com', to: ['ops@example.com'] },
      watch: { users: [{ loginName: 'bob' }] },
    });

    const answer = invoke(event);

    await expect(answer).rejects.toThrow(EventError);
    await expect(answer).rejects.toThrow(message);
  });
});
