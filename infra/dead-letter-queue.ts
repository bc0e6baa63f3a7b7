import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where a run that could not be delivered or did not succeed ends up: the schedule's dead-letter
 * queue and the function's on-failure destination. A message means a digest was not sent.
 */
export function createDeadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    // SQS-managed keys: Scheduler and Lambda can write without a key policy to maintain, and the
    // messages hold only the invocation event and the error, no credentials.
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // The longest SQS keeps a message: time to read what failed after a long weekend.
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      "This queue is the dead-letter queue (of the schedule and of the function's asynchronous invocations); cdk-nag recognises only redrive policies and Lambda DeadLetterConfig as DLQ use.",
  });
  return queue;
}
