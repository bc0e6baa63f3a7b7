import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ACK_PARTITION } from '../lambda/adapters/history/dynamodb-acknowledgement-store';

/**
 * What the digest remembers between runs (lambda/adapters/history/dynamodb-history-store.ts):
 * one STATE item per backup set and one NIGHT item per set per night, under `pk`/`sk` so other
 * items (acknowledgements) can share the table. On demand, since a run writes in one burst a
 * night; point-in-time recovery, since this is the one table whose loss costs weeks of memory;
 * TTL on `ttl` drops old nights and sets no longer watched. Retained with the stack's deletion.
 */
export function createHistoryTable(scope: Construct, id: string): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    timeToLiveAttribute: 'ttl',
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** The two batch calls the history store makes, on this table only. */
export function rememberNightsStatement(table: TableV2): PolicyStatement {
  return new PolicyStatement({
    sid: 'RememberNights',
    actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
    resources: [table.tableArn],
  });
}

/**
 * Reading and writing acknowledgements: the calls the acknowledgement store makes, on the `ACK`
 * partition only. `dynamodb:LeadingKeys` holds every item call and the Query to that partition
 * key, so this grant reads or changes no set's history.
 */
export function keepAcknowledgementsStatement(table: TableV2, sid = 'KeepAcknowledgements'): PolicyStatement {
  return new PolicyStatement({
    sid,
    actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [ACK_PARTITION] } },
  });
}
