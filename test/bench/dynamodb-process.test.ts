import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbProcess } from '../../dev/bench/dynamodb-process';
import { localDynamoDbClient } from '../../dev/local/dynamodb-local';

test("dynalite in its own process: it answers, counts what it was asked, and stops with its parent's word", async () => {
  const dynamo = await startDynamoDbProcess();
  try {
    const before = await dynamo.calls();
    const client = localDynamoDbClient(dynamo.url);
    const tables = await client.send(new ListTablesCommand({}));
    client.destroy();

    expect(tables.TableNames).toEqual(['backup-digest-idempotency']);
    expect(before).toEqual({ CreateTable: 1 });
    expect(await dynamo.calls()).toEqual({ CreateTable: 1, ListTables: 1 });
  } finally {
    await dynamo.stop();
  }
  await expect(fetch(dynamo.url)).rejects.toThrow();
}, 30_000);
