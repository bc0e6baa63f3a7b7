import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Acknowledgement, type AckTarget, targetKey } from '../../core/acknowledgement';
import {
  type AcknowledgementStore,
  AcknowledgementStoreError,
  type TokenClaim,
} from '../../core/acknowledgement-store';
import { CLASS_ORDER, type JobClass } from '../../core/classify-job';

/**
 * Acknowledgements in the history table, in a partition of their own so one Query reads them all:
 *
 * | pk    | sk                                    | holds                                      |
 * |-------|---------------------------------------|--------------------------------------------|
 * | `ACK` | `T#<owner>#<login>#<backupSetId>#<job>` | one acknowledgement (components URI-encoded) |
 * | `ACK` | `USED#<token id>`                      | a Snooze link that was used, until it expires |
 *
 * `ttl` lets DynamoDB drop what is long over; the digest removes an ended acknowledgement itself,
 * the night it says so. The stack grants the functions these items only (`dynamodb:LeadingKeys`).
 */
export const ACK_PARTITION = 'ACK';
const TARGET_PREFIX = 'T#';
const USED_PREFIX = 'USED#';
/** Kept a week past its expiry, in case a digest run was skipped: it still says the snooze ended. */
const KEEP_AFTER_EXPIRY_S = 7 * 86_400;

export interface DynamoDbAcknowledgementStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
}

export class DynamoDbAcknowledgementStore implements AcknowledgementStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbAcknowledgementStoreOptions) {
    this.tableName = options.tableName;
    this.documents = DynamoDBDocumentClient.from(options.client ?? new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async list(): Promise<Acknowledgement[]> {
    const acks: Acknowledgement[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send('read', () =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': ACK_PARTITION, ':prefix': TARGET_PREFIX },
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const ack = readAck(item);
        if (ack) acks.push(ack);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return acks;
  }

  async put(ack: Acknowledgement): Promise<void> {
    const expires = Math.floor(Date.parse(ack.expiresAt) / 1000);
    await this.send('write', () =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: ACK_PARTITION,
            sk: TARGET_PREFIX + targetKey(ack.target),
            ...ack.target,
            kind: ack.kind,
            label: ack.label,
            note: ack.note,
            by: ack.by,
            createdAt: ack.createdAt,
            expiresAt: ack.expiresAt,
            ttl: expires + KEEP_AFTER_EXPIRY_S,
          },
        }),
      ),
    );
  }

  async remove(target: AckTarget): Promise<boolean> {
    const answer = await this.send('write', () =>
      this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: ACK_PARTITION, sk: TARGET_PREFIX + targetKey(target) },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return answer.Attributes !== undefined;
  }

  async claimToken(tokenId: string, usedAt: Date, keepUntil: Date): Promise<TokenClaim> {
    const key = { pk: ACK_PARTITION, sk: USED_PREFIX + tokenId };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, usedAt: usedAt.toISOString(), ttl: Math.floor(keepUntil.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (
        !(
          error instanceof ConditionalCheckFailedException ||
          (error as Error).name === 'ConditionalCheckFailedException'
        )
      )
        throw this.storeError('write', error);
    }
    const held = await this.send('read', () =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    return { claimed: false, usedAt: typeof held.Item?.usedAt === 'string' ? held.Item.usedAt : 'earlier' };
  }

  async releaseToken(tokenId: string): Promise<void> {
    await this.send('write', () =>
      this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: ACK_PARTITION, sk: USED_PREFIX + tokenId },
        }),
      ),
    );
  }

  private async send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.storeError(what, error);
    }
  }

  private storeError(what: string, error: unknown): AcknowledgementStoreError {
    return new AcknowledgementStoreError(
      `could not ${what} acknowledgements in ${this.tableName}: ${(error as Error).name}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** An item as an acknowledgement; one that does not read as one is left out. */
function readAck(item: Record<string, unknown>): Acknowledgement | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const loginName = text(item.loginName);
  const note = text(item.note);
  const by = text(item.by);
  const createdAt = text(item.createdAt);
  const expiresAt = text(item.expiresAt);
  if (
    !loginName ||
    note === undefined ||
    !by ||
    !createdAt ||
    !expiresAt ||
    Number.isNaN(Date.parse(expiresAt))
  )
    return undefined;
  const kind = CLASS_ORDER.includes(item.kind as JobClass) ? (item.kind as JobClass) : undefined;
  return {
    target: {
      loginName,
      owner: text(item.owner),
      backupSetId: text(item.backupSetId),
      jobId: text(item.jobId),
    },
    kind,
    label: text(item.label),
    note,
    by,
    createdAt,
    expiresAt,
  };
}
