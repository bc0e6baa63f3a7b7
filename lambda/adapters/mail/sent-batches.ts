import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * Which batches of a run's email SES already accepted. SES takes 50 recipients per message, so a
 * long list goes as several messages; when a later one fails the run fails, and Lambda's retry
 * must not send the earlier ones again.
 */
export interface SentBatches {
  /** The SES message id of this batch, if it was sent. */
  sent(batchKey: string): Promise<string | undefined>;
  record(batchKey: string, messageId: string): Promise<void>;
}

/** Kept as long as the run's idempotency record: no retry arrives later. */
const TTL_SECONDS = 2 * 24 * 3600;

/**
 * The ledger in the idempotency table (partition key `id`, TTL attribute `expiration`, as the
 * stack creates it), under ids of its own (`mail-batch#…`) that Powertools' hashed keys never take.
 */
export class DynamoSentBatches implements SentBatches {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async sent(batchKey: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { id: { S: `mail-batch#${batchKey}` } },
        ConsistentRead: true,
      }),
    );
    return Item?.messageId?.S;
  }

  async record(batchKey: string, messageId: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          id: { S: `mail-batch#${batchKey}` },
          messageId: { S: messageId },
          expiration: { N: String(Math.floor(Date.now() / 1000) + TTL_SECONDS) },
        },
      }),
    );
  }
}
