import { Duration, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Where a fan-out run keeps its data: `runs/<execution name>/` holds the plan and each batch's rows. */
export const RUN_DATA_PREFIX = 'runs/';

/**
 * The run data of fan-out mode: the user plan Plan writes for the Distributed Map to read, and
 * the rows each batch writes for Merge. It passes through S3 because a state's payload stops at
 * 256 KB. Only this stack's functions and state machine read or write it; nothing is public, every
 * request must use TLS, and a run's data expires after `days` (it is only read during the run).
 * The rows name backup users and sets but hold no credentials, so S3-managed keys suffice.
 */
export function createRunDataBucket(scope: Construct, id: string, days: number): Bucket {
  const bucket = new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      {
        id: 'ExpireRunData',
        prefix: RUN_DATA_PREFIX,
        expiration: Duration.days(days),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      "Holds only transient run data written and read by this stack's own functions and state machine, expiring within days; CloudTrail and the state machine's execution history already record who ran what. An access-log bucket would be a second bucket to secure for no reader.",
  });
  return bucket;
}
