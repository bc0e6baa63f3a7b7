import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
// dynalite ships no types; its one export makes an http.Server speaking the DynamoDB API.
import dynaliteServer from 'dynalite';

export interface DynamoDbLocal {
  url: string;
  tableName: string;
  /** Requests answered so far, by operation (`BatchGetItem`, ...): what a run cost DynamoDB. */
  calls(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * dynalite (a DynamoDB implementation on npm) on a loopback port, with the idempotency table laid
 * out as the stack creates it (partition key `id`). The SDK reaches it via AWS_ENDPOINT_URL_DYNAMODB.
 */
export async function startDynamoDbLocal(tableName = 'backup-digest-idempotency'): Promise<DynamoDbLocal> {
  // createTableMs 0: the table is ACTIVE as soon as CreateTable answers.
  const server: Server = dynaliteServer({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const calls: Record<string, number> = {};
  server.on('request', (req: { headers: Record<string, string | string[] | undefined> }) => {
    const operation = String(req.headers['x-amz-target'] ?? 'unknown').replace(/^.*\./, '');
    calls[operation] = (calls[operation] ?? 0) + 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = localDynamoDbClient(url);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
  return {
    url,
    tableName,
    calls: () => ({ ...calls }),
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A client for the stand-in, with the dummy credentials dynalite accepts. */
export function localDynamoDbClient(url: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** The history table as the stack creates it: `pk`/`sk` strings, TTL on `ttl`. */
export async function createHistoryTable(url: string, tableName = 'backup-digest-history'): Promise<string> {
  const client = localDynamoDbClient(url);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // dynalite does not expire items, but accepts the setting; kept so the table reads as the stack's.
    await client
      .send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        }),
      )
      .catch(() => undefined);
  } finally {
    client.destroy();
  }
  return tableName;
}
