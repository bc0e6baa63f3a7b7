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

/**
 * How long a run without a Lambda context (a test, a script) may stay "in progress": Lambda's
 * longest timeout. Without a bound, a crashed run would block its key for the record's two days.
 */
export const MAX_RUN_MS = 900_000;

/**
 * Another invocation holds this key and has not finished, or crashed and its in-progress record
 * has not yet expired. The invocation fails, so Lambda retries it later and, if the key is still
 * held then, the event ends in the dead-letter queue: a crashed run is never a silent success.
 */
export class RunInProgressError extends Error {
  constructor(
    readonly idempotencyKey: string,
    options: { cause: unknown },
  ) {
    super(
      `a run for ${idempotencyKey} is in progress or crashed less than a function timeout ago; failing so that Lambda retries`,
      options,
    );
    this.name = 'RunInProgressError';
  }
}

/**
 * At most one run per key, however often the scheduler, Lambda's async retries or at-least-once
 * delivery invoke us: Powertools Idempotency with a DynamoDB table. A run that completed answers
 * again with its stored result; a run that failed leaves no record, so a retry runs it anew; a run
 * still in progress, or one that crashed, makes the duplicate fail with RunInProgressError. The
 * in-progress record expires when the invocation that wrote it would have timed out, so the retry
 * after a crash runs the digest.
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

  /** Runs `run` unless a run for `key` completed (its value is returned) or is in progress (throws). */
  async run<T>(
    key: string,
    context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    // The in-progress record expires with this invocation's time: the function timeout.
    const startedAt = Date.now();
    this.config.registerLambdaContext(
      (context ?? { getRemainingTimeInMillis: () => MAX_RUN_MS - (Date.now() - startedAt) }) as Context,
    );
    try {
      return (await this.guarded({ key }, run)) as T;
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError)
        throw new RunInProgressError(key, { cause: error });
      throw error;
    }
  }
}
