import { Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ShippedFiles } from './bundle-files';
import type { DeploySettings } from './deploy-settings';
import { createDigestLambda } from './digest-lambda';
import { eventBusEnvironment, publishEventsStatement } from './event-bus';
import { functionStatements } from './function-permissions';
import { keepAcknowledgementsStatement, rememberNightsStatement } from './history-table';
import { recordRunsStatement } from './idempotency-table';
import { readSnoozeKeyStatement, type SnoozePage } from './snooze-page';

export interface DigestFunctionProps {
  settings: DeploySettings;
  files: ShippedFiles;
  /** Where an asynchronous invocation goes once its retries are spent. */
  deadLetterQueue: IQueue;
  /** Records of runs, for at most one digest per scheduled time. */
  idempotencyTable: TableV2;
  /** Where the digest remembers past nights, if history is on. */
  historyTable?: TableV2 | undefined;
  /** The Snooze page the digest links to, when the config turns links on. */
  snoozePage?: SnoozePage | undefined;
}

/** The digest Lambda (single mode) with its own role, log group and asynchronous-invocation policy. */
export class DigestFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: DigestFunctionProps) {
    super(scope, id);
    const { settings, files, deadLetterQueue, idempotencyTable, historyTable, snoozePage } = props;

    const lambda = createDigestLambda(this, {
      settings,
      files,
      entry: 'handler.ts',
      description: 'Daily AhsayCBS backup digest',
      roleDescription: 'backup-digest function: read CBS credentials, send the digest, write its logs',
      statements: [
        ...functionStatements(Stack.of(this), settings),
        recordRunsStatement(idempotencyTable),
        ...(historyTable
          ? [rememberNightsStatement(historyTable), keepAcknowledgementsStatement(historyTable)]
          : []),
        ...(snoozePage ? [readSnoozeKeyStatement(snoozePage.key)] : []),
        publishEventsStatement(Stack.of(this), settings),
      ],
      environment: {
        IDEMPOTENCY_TABLE: idempotencyTable.tableName,
        ...eventBusEnvironment(settings),
        // DIGEST_NAME: the `digest` dimension of the run metrics, which this stack's alarms read.
        DIGEST_NAME: Stack.of(this).stackName,
        ...(historyTable ? { HISTORY_TABLE: historyTable.tableName } : {}),
        ...(snoozePage
          ? { SNOOZE_URL: snoozePage.url.url, SNOOZE_KEY_SECRET: snoozePage.key.secretArn }
          : {}),
      },
      reservedConcurrency: settings.reservedConcurrency,
    });
    this.function = lambda.function;
    this.logGroup = lambda.logGroup;
    this.role = lambda.role;

    // EventBridge Scheduler invokes Lambda asynchronously, so its retry policy only covers handing
    // the event over; a run that throws is retried by Lambda's own asynchronous policy, which by
    // default retries twice and then drops the event without a trace. One retry rides out a CBS
    // blip (the scheduled time anchors the window, so a retry reports the same day); more would
    // only repeat a run that fails for a lasting reason. A run given up on lands in the same queue
    // as the schedule's undeliverable events, so one alarm covers both.
    this.function.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(deadLetterQueue),
    });
  }
}
