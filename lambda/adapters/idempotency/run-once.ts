import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';

/** Records of a run are kept two days: longer than any scheduler or Lambda retry can arrive. */
export const RECORD_TTL_SECONDS = 2 * 24 * 3600;

/** `completed`: this run's value or, for a duplicate, the value stored by the run that completed. */
export type RunOnceResult<T> = { status: 'completed'; value: T } | { status: 'in progress' };

/**
 * At most one run per key, however often the scheduler, Lambda's async retries or at-least-once
 * delivery invoke us: Powertools Idempotency with a DynamoDB table. A run that completed answers
 * again with its stored result; a run that failed leaves no record, so a retry runs it anew; a run
 * still in progress makes the duplicate stand down without an error (an error would fire the alarm).
 */
export class RunOnce {
  private readonly config: IdempotencyConfig;
  private readonly guarded: (keyed: { key: string }, run: () => Promise<unknown>) => Promise<unknown>;

  constructor(tableName: string, client: DynamoDBClient = new DynamoDBClient({})) {
    this.config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: RECORD_TTL_SECONDS });
    this.guarded = makeIdempotent(async (_keyed: { key: string }, run: () => Promise<unknown>) => run(), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }),
      config: this.config,
    });
  }

  async run<T>(key: string, context: Context | undefined, run: () => Promise<T>): Promise<RunOnceResult<T>> {
    // With the context, a record left "in progress" by a timed-out invocation expires with it.
    if (context) this.config.registerLambdaContext(context);
    try {
      return { status: 'completed', value: (await this.guarded({ key }, run)) as T };
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) return { status: 'in progress' };
      throw error;
    }
  }
}
