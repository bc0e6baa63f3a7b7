import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import {
  type Chain,
  DistributedMap,
  ItemBatcher,
  S3JsonItemReader,
  StateMachineType,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { FanOutSettings } from '../deploy-settings';

/**
 * Step Functions refuses a batch input above 256 KiB. Staying below it by a margin leaves room
 * for the batch's own fields; a user watched set by set makes a large item, and then Step
 * Functions simply puts fewer users in that batch.
 */
export const MAX_BATCH_INPUT_BYTES = 200_000;

/** A batch that failed is tried once more after this pause (Lambda's own service errors have their own retries). */
export const BATCH_RETRY = { maxAttempts: 1, interval: Duration.seconds(30), backoffRate: 2 } as const;

export interface DigestRunFunctions {
  plan: IFunction;
  collect: IFunction;
  merge: IFunction;
}

/**
 * The run as Step Functions executes it (JSONata):
 *   Plan → Collect (Distributed Map over the plan's users, in batches) → Merge.
 * A batch that still fails after its retry is caught and recorded as "not checked" rows for its
 * users by the same collecting function, without asking CBS; every failure the map tolerates, and
 * even a failing map, still ends in Merge, which makes "not checked" rows for any user no batch
 * wrote. One digest is always sent.
 */
export function digestRunDefinition(
  scope: Construct,
  fns: DigestRunFunctions,
  bucket: Bucket,
  settings: FanOutSettings,
): Chain {
  const plan = LambdaInvoke.jsonata(scope, 'Plan', {
    comment: 'The window once, the user list, the watch plan; writes the plan to S3',
    lambdaFunction: fns.plan,
    payload: TaskInput.fromObject({
      request: '{% $states.input %}',
      runId: '{% $states.context.Execution.Name %}',
    }),
    outputs: '{% $states.result.Payload %}',
  });

  const collectBatch = LambdaInvoke.jsonata(scope, 'CollectBatch', {
    comment: "Collects one batch of users' rows from CBS and writes them to S3",
    lambdaFunction: fns.collect,
    payload: TaskInput.fromObject({ batch: '{% $states.input %}' }),
    outputs: '{% $states.result.Payload %}',
  });
  const markNotChecked = LambdaInvoke.jsonata(scope, 'MarkBatchNotChecked', {
    comment: 'The batch failed after its retry: its users become "not checked" rows, CBS is not asked',
    lambdaFunction: fns.collect,
    payload: TaskInput.fromText('{% $states.input %}'),
    outputs: '{% $states.result.Payload %}',
  });
  collectBatch.addRetry({ errors: ['States.ALL'], ...BATCH_RETRY });
  collectBatch.addCatch(markNotChecked, {
    errors: ['States.ALL'],
    outputs: { batch: '{% $states.input %}', failure: '{% $states.errorOutput %}' },
  });

  const collect = DistributedMap.jsonata(scope, 'Collect', {
    comment: 'Every user of the plan, in batches; MaxConcurrency x cbs.concurrency calls reach CBS at most',
    // aws-cdk-lib's Bucket declares `isWebsite: boolean | undefined` where IBucket has
    // `isWebsite?: boolean`: the same thing, a mismatch only under exactOptionalPropertyTypes.
    itemReader: new S3JsonItemReader({ bucket: bucket as IBucket, key: '{% $states.input.itemsKey %}' }),
    itemBatcher: new ItemBatcher({
      maxItemsPerBatch: settings.usersPerBatch,
      maxInputBytesPerBatch: MAX_BATCH_INPUT_BYTES,
      batchInput: {
        runId: '{% $states.input.runId %}',
        window: '{% $states.input.window %}',
        dryRun: '{% $states.input.request.dryRun %}',
      },
    }),
    maxConcurrency: settings.maxConcurrency,
    // Caught batches succeed; one whose catch failed as well is made good by Merge, so no share of
    // failed batches may stop the run before the digest is sent.
    toleratedFailurePercentage: 100,
    mapExecutionType: StateMachineType.STANDARD,
    label: 'CollectBatches',
    // The batches' rows are in S3; the plan goes on to Merge unchanged.
    outputs: { plan: '{% $states.input %}' },
  });
  collect.itemProcessor(collectBatch);

  const merge = LambdaInvoke.jsonata(scope, 'Merge', {
    comment: "Reads every batch's rows, builds, renders and sends the one digest",
    lambdaFunction: fns.merge,
    payload: TaskInput.fromText('{% $states.input %}'),
    outputs: '{% $states.result.Payload %}',
  });
  // Even a map that failed as a whole (its item reader, say) ends in Merge: every user no batch
  // wrote is then "not checked", and the digest still goes out.
  collect.addCatch(merge, {
    errors: ['States.ALL'],
    outputs: { plan: '{% $states.input %}', collectFailure: '{% $states.errorOutput %}' },
  });

  return plan.next(collect).next(merge);
}
