import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  LogLevel,
  QueryLanguage,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import type { ShippedFiles } from '../bundle-files';
import type { DeploySettings } from '../deploy-settings';
import { createDigestLambda, type DigestLambda } from '../digest-lambda';
import { eventBusEnvironment, publishEventsStatement } from '../event-bus';
import { credentialsStatements, heartbeatStatements, sendDigestStatement } from '../function-permissions';
import { keepAcknowledgementsStatement, rememberNightsStatement } from '../history-table';
import { readSnoozeKeyStatement, type SnoozePage } from '../snooze-page';
import { digestRunDefinition } from './digest-run-definition';
import { createRunDataBucket, RUN_DATA_PREFIX } from './run-data-bucket';

export interface FanOutRunProps {
  settings: DeploySettings;
  files: ShippedFiles;
  /** Where a start that could not be made after its retry goes. */
  deadLetterQueue: IQueue;
  /** Past nights per set, read and written by each batch for its own users; absent with history off. */
  historyTable?: TableV2 | undefined;
  /** The Snooze page Merge's digests link to, when the config turns links on. */
  snoozePage?: SnoozePage | undefined;
}

/**
 * Fan-out mode (docs/scaling.md): the schedule invokes Start, which starts the Step Functions
 * run named after the scheduled time, so Step Functions itself refuses a second start of the
 * same run. The run is Plan → Collect (a Distributed Map of batches) → Merge, each a thin
 * handler in lambda/entry/ around the same core the single-mode function runs. Each function has
 * its own role with only what its step does.
 */
export class FanOutRun extends Construct {
  readonly bucket: Bucket;
  readonly start: DigestLambda;
  readonly plan: DigestLambda;
  readonly collect: DigestLambda;
  readonly merge: DigestLambda;
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FanOutRunProps) {
    super(scope, id);
    const { settings, files, historyTable, snoozePage } = props;
    const stack = Stack.of(this);
    const fanOut = settings.fanOut;

    this.bucket = createRunDataBucket(this, 'RunData', fanOut.runDataDays);
    const runObjects = this.bucket.arnForObjects(`${RUN_DATA_PREFIX}*`);
    const environment = { RUN_DATA_BUCKET: this.bucket.bucketName };

    this.plan = createDigestLambda(new Construct(this, 'Plan'), {
      settings,
      files,
      entry: 'plan-handler.ts',
      description: 'backup-digest fan-out, step 1: the window, the user list and the watch plan',
      roleDescription: 'backup-digest Plan: read CBS credentials, write the plan, mail a failure notice',
      statements: [
        ...credentialsStatements(stack, settings),
        // A run that cannot start (CBS refusing the system user) still mails the admins.
        sendDigestStatement(stack, settings),
        new PolicyStatement({ sid: 'WritePlan', actions: ['s3:PutObject'], resources: [runObjects] }),
      ],
      environment,
    });
    this.collect = createDigestLambda(new Construct(this, 'Collect'), {
      settings,
      files,
      entry: 'collect-handler.ts',
      description: "backup-digest fan-out, step 2: one batch of users' rows",
      roleDescription:
        "backup-digest Collect: read CBS credentials, its sets' history, write its batch of rows",
      statements: [
        ...credentialsStatements(stack, settings),
        new PolicyStatement({ sid: 'WriteRows', actions: ['s3:PutObject'], resources: [runObjects] }),
        ...(historyTable ? [rememberNightsStatement(historyTable)] : []),
      ],
      environment: {
        ...environment,
        ...(historyTable ? { HISTORY_TABLE: historyTable.tableName } : {}),
        ...(snoozePage
          ? { SNOOZE_URL: snoozePage.url.url, SNOOZE_KEY_SECRET: snoozePage.key.secretArn }
          : {}),
      },
    });
    this.merge = createDigestLambda(new Construct(this, 'Merge'), {
      settings,
      files,
      entry: 'merge-handler.ts',
      description: 'backup-digest fan-out, step 3: build, render and send the digest',
      roleDescription: "backup-digest Merge: read the run's plan and rows, send the digest",
      memoryMb: fanOut.mergeMemoryMb,
      statements: [
        sendDigestStatement(stack, settings),
        // Merge pings the monitor (deploy.heartbeatUrl) once the run's digests went.
        ...heartbeatStatements(stack, settings),
        new PolicyStatement({ sid: 'ReadRunData', actions: ['s3:GetObject'], resources: [runObjects] }),
        new PolicyStatement({
          sid: 'ListRunData',
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${RUN_DATA_PREFIX}*`] } },
        }),
        // Merge builds the digest, so it applies the acknowledgements (known issues) and forgets ended ones.
        ...(historyTable ? [keepAcknowledgementsStatement(historyTable)] : []),
        ...(snoozePage ? [readSnoozeKeyStatement(snoozePage.key)] : []),
        publishEventsStatement(stack, settings),
      ],
      // DIGEST_NAME: the `digest` dimension of the run metrics Merge writes, which the alarms read.
      environment: {
        ...environment,
        DIGEST_NAME: stack.stackName,
        ...eventBusEnvironment(settings),
        ...(historyTable ? { HISTORY_TABLE: historyTable.tableName } : {}),
        ...(snoozePage
          ? { SNOOZE_URL: snoozePage.url.url, SNOOZE_KEY_SECRET: snoozePage.key.secretArn }
          : {}),
      },
    });

    this.logGroup = new LogGroup(this, 'RunLogs', {
      retention: settings.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'Run', {
      comment: 'backup-digest: one daily digest, collected in batches',
      stateMachineType: StateMachineType.STANDARD,
      queryLanguage: QueryLanguage.JSONATA,
      definitionBody: DefinitionBody.fromChainable(
        digestRunDefinition(
          new Construct(this, 'Steps'),
          { plan: this.plan.function, collect: this.collect.function, merge: this.merge.function },
          this.bucket,
          fanOut,
        ),
      ),
      timeout: Duration.minutes(fanOut.runTimeoutMinutes),
      tracingEnabled: true,
      // Execution data holds user names, window and counts, no credentials: worth having when a
      // run went wrong.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });

    this.start = createDigestLambda(new Construct(this, 'Start'), {
      settings,
      files,
      entry: 'start-handler.ts',
      description: 'backup-digest fan-out: starts the run named after its scheduled time',
      roleDescription: 'backup-digest Start: start the digest run',
      statements: [
        new PolicyStatement({
          sid: 'StartRun',
          actions: ['states:StartExecution'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ],
      environment: { RUN_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn },
      reservedConcurrency: settings.reservedConcurrency,
    });
    // As in single mode: the schedule hands over asynchronously; one retry, then the queue.
    this.start.function.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(props.deadLetterQueue),
    });

    acknowledgeWildcards(this);
  }
}

/**
 * The wildcards cdk-nag finds, each acknowledged by its exact finding so that any new one fails
 * synth: object keys named by the run, and what CDK itself grants a Distributed Map and a
 * logging, traced state machine.
 */
function acknowledgeWildcards(run: FanOutRun): void {
  const stack = Stack.of(run);
  const idOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const finding = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`;
  const bucket = idOf(run.bucket);
  const runObjects = finding(`<${bucket}.Arn>/runs/*`);
  const perRun =
    "Object keys are per run (runs/<execution name>/...), known only when the run starts; the statement is held to this bucket's runs/ prefix.";
  for (const role of [run.plan.role, run.collect.role, run.merge.role]) {
    Validations.of(role).acknowledge({ id: runObjects, reason: perRun });
  }

  const machineRole = run.stateMachine.role;
  for (const step of [run.plan, run.collect, run.merge]) {
    Validations.of(machineRole).acknowledge({
      id: finding(`<${idOf(step.function)}.Arn>:*`),
      reason:
        "CDK's LambdaInvoke grants the function's versions and aliases too (`:*`); the run calls the unqualified function of this stack only.",
    });
  }
  Validations.of(machineRole).acknowledge({
    id: finding(`arn:<AWS::Partition>:s3:::<${bucket}>/*`),
    reason:
      'The Distributed Map reads the plan of the run, whose key is named by the run; CDK grants the item reader the objects of this one bucket.',
  });
  Validations.of(machineRole).acknowledge({
    id: finding('*'),
    reason:
      'Delivering execution logs to CloudWatch Logs (logs:*LogDelivery, DescribeLogGroups, PutResourcePolicy) and X-Ray tracing have no resource-level permissions: AWS requires `*` for them.',
  });
  const machine = idOf(run.stateMachine);
  const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}`;
  const childRuns =
    "The Distributed Map starts, watches, stops and redrives its child executions, named by Step Functions under this state machine's own executions.";
  for (const resource of [`${executions}:*`, `${executions}/CollectBatches:*`]) {
    Validations.of(run.stateMachine).acknowledge({ id: finding(resource), reason: childRuns });
  }
}
