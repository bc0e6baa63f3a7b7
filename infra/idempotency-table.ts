import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * Where Powertools Idempotency records each scheduled run, so scheduler retries, Lambda's async
 * retries and duplicate deliveries send at most one digest. Items expire through TTL two days
 * after the run (lambda/adapters/idempotency/run-once.ts); the records hold only run summaries,
 * so the table is destroyed with the stack.
 */
export function createIdempotencyTable(scope: Construct, id: string): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: { name: 'id', type: AttributeType.STRING },
    timeToLiveAttribute: 'expiration',
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/** The item operations Powertools' DynamoDB persistence layer makes, on this table only. */
export function recordRunsStatement(table: TableV2): PolicyStatement {
  return new PolicyStatement({
    sid: 'RecordRuns',
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    resources: [table.tableArn],
  });
}
