import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createHistoryTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../dev/local/dynamodb-local';
import { DynamoDbHistoryStore, setPartitionKey } from '../../lambda/adapters/history/dynamodb-history-store';
import { userKey } from '../../lambda/core/backup-server';
import { HistoryStoreError } from '../../lambda/core/history-store';
import { mergeNight, type NightFacts, type SetRef, setKeyOf } from '../../lambda/core/set-history';

// The history store over the real SDK against dynalite on loopback.
let dynamo: DynamoDbLocal;
let tableName: string;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  tableName = await createHistoryTable(dynamo.url, 'history-test');
});
afterAll(async () => {
  await dynamo.stop();
});

const NOW = new Date('2026-11-29T06:00:00Z');
const store = () =>
  new DynamoDbHistoryStore({
    tableName,
    client: localDynamoDbClient(dynamo.url),
    now: () => NOW,
    backoffMs: 0,
  });

function facts(set: SetRef, night: string, mark: NightFacts['mark'], lastSuccess?: string): NightFacts {
  return {
    set,
    night,
    mark,
    windowStart: `${night}T06:00:00Z`,
    lastSuccess,
    lastStart: lastSuccess,
    running: [],
  };
}

async function itemsOf(set: SetRef): Promise<string[]> {
  const client = localDynamoDbClient(dynamo.url);
  const answer = await client.send(new ScanCommand({ TableName: tableName }));
  client.destroy();
  return (answer.Items ?? [])
    .filter((item) => item.pk?.S === setPartitionKey(set))
    .map((item) => item.sk?.S ?? '')
    .sort();
}

describe('DynamoDbHistoryStore', () => {
  test('saves and loads 250 sets in batches: 3 reads of 100, 20 writes of 25', async () => {
    // prepare
    const sets: SetRef[] = Array.from({ length: 250 }, (_, i) => ({
      loginName: `user-${i}`,
      owner: i % 10 === 0 ? 'reseller' : undefined,
      backupSetId: String(1_000 + i),
    }));
    const writer = store();
    const entries = sets.map((set) => {
      const f = facts(set, '2026-11-28', 'ok', '2026-11-28T21:00:00Z');
      return { set, history: mergeNight(undefined, f), night: f.night, mark: f.mark };
    });

    // act
    await writer.save(entries);
    const reader = store();
    const loaded = await reader.load([...sets, { loginName: 'nobody', backupSetId: '1' }]);

    // assert
    expect(writer.calls).toEqual({ batchGet: 0, batchWrite: 20, itemsWritten: 500 });
    expect(reader.calls.batchGet).toBe(3);
    expect(loaded.size).toBe(250);
    expect(loaded.get(setKeyOf(sets[10] as SetRef))).toEqual({
      lastSuccess: '2026-11-28T21:00:00Z',
      lastStart: '2026-11-28T21:00:00Z',
      knownSince: '2026-11-28T06:00:00Z',
      firstNight: '2026-11-28',
      nights: { '2026-11-28': 'ok' },
      running: [],
    });
  });

  test('a repeated run rewrites its night: the same night is never counted twice', async () => {
    const set = { loginName: 'repeat', backupSetId: '42' };
    const s = store();
    let history = mergeNight(undefined, facts(set, '2026-11-27', 'failed'));
    await s.save([{ set, history, night: '2026-11-27', mark: 'failed' }]);
    const first = (await s.load([set])).get(setKeyOf(set));
    history = mergeNight(first, facts(set, '2026-11-28', 'failed'));

    // act: the same night saved twice, as a retried invocation would
    await s.save([{ set, history, night: '2026-11-28', mark: 'failed' }]);
    const again = mergeNight((await s.load([set])).get(setKeyOf(set)), facts(set, '2026-11-28', 'failed'));
    await s.save([{ set, history: again, night: '2026-11-28', mark: 'failed' }]);

    // assert
    const loaded = (await s.load([set])).get(setKeyOf(set));
    expect(loaded?.nights).toEqual({ '2026-11-27': 'failed', '2026-11-28': 'failed' });
    expect(await itemsOf(set)).toEqual(['NIGHT#2026-11-27', 'NIGHT#2026-11-28', 'STATE']);
  });

  test("keeps each fully listed user's sets beside the histories, and hands them back by user", async () => {
    const bob = { loginName: 'bob', owner: 'reseller-east' };
    const carol = { loginName: 'carol' };
    const writer = store();

    await writer.save(
      [],
      [
        { user: bob, sets: [{ id: '1', name: 'File Server' }, { id: '2' }] },
        { user: carol, sets: [] },
      ],
    );
    const loaded = await store().loadUserSets([bob, carol, { loginName: 'nobody' }]);

    expect(writer.calls.itemsWritten).toBe(2);
    expect(loaded).toEqual(
      new Map([
        [
          userKey(bob),
          [
            { id: '1', name: 'File Server' },
            { id: '2', name: undefined },
          ],
        ],
        [userKey(carol), []],
      ]),
    );
    // The same login under another sub-admin is another user.
    expect((await store().loadUserSets([{ loginName: 'bob' }])).size).toBe(0);
  });

  test('a # in a login name cannot reach another set', () => {
    expect(setPartitionKey({ loginName: 'a#b', backupSetId: '1' })).not.toBe(
      setPartitionKey({ owner: 'a', loginName: 'b', backupSetId: '1' }),
    );
  });

  test('unreachable or throttled beyond its retries: a HistoryStoreError naming the table', async () => {
    const offline = new DynamoDbHistoryStore({
      tableName,
      client: localDynamoDbClient('http://127.0.0.1:9'),
      backoffMs: 0,
    });
    const set = { loginName: 'x', backupSetId: '1' };
    const history = mergeNight(undefined, facts(set, '2026-11-28', 'ok'));
    const unreachable = offline.load([set]);
    await expect(unreachable).rejects.toThrow(HistoryStoreError);
    await expect(unreachable).rejects.toThrow(/could not read the history table history-test/);

    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    const throttled = new DynamoDbHistoryStore({ tableName, backoffMs: 0 });
    try {
      await expect(throttled.save([{ set, history, night: '2026-11-28', mark: 'ok' }])).rejects.toThrow(
        /2 history items left unwritten \(throttled\)/,
      );
      expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(6);
    } finally {
      mock.restore();
    }
  });
});
