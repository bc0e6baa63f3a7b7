import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ShippedFiles, shipFilesHooks } from './bundle-files';
import type { DeploySettings } from './deploy-settings';
import { functionStatements } from './function-permissions';
import { recordRunsStatement } from './idempotency-table';

/** The repository root: esbuild resolves the handler's imports against its package-lock.json. */
const PROJECT_ROOT = join(__dirname, '..');

export interface DigestFunctionProps {
  settings: DeploySettings;
  files: ShippedFiles;
  /** Where an asynchronous invocation goes once its retries are spent. */
  deadLetterQueue: IQueue;
  /** Records of runs, for at most one digest per scheduled time. */
  idempotencyTable: TableV2;
}

/** The digest Lambda with its own role, log group and asynchronous-invocation policy. */
export class DigestFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: DigestFunctionProps) {
    super(scope, id);
    const { settings, files, deadLetterQueue, idempotencyTable } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: settings.logRetentionDays as RetentionDays,
    });

    // An own role rather than AWSLambdaBasicExecutionRole: that managed policy may write to every
    // log group in the account; this role writes to the one above. The group's ARN ends in `:*`,
    // which covers its log streams.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'backup-digest function: read CBS credentials, send the digest, write its logs',
    });
    this.role = role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    for (const statement of functionStatements(Stack.of(this), settings))
      role.addToPrincipalPolicy(statement);
    role.addToPrincipalPolicy(recordRunsStatement(idempotencyTable));

    this.function = new NodejsFunction(this, 'Function', {
      description: 'Daily AhsayCBS backup digest',
      entry: join(PROJECT_ROOT, 'lambda', 'entry', 'handler.ts'),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      // The newest Node.js this CDK knows, so cdk-nag's AwsSolutions-L1 holds; arm64 costs less per ms.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memoryMb,
      timeout: Duration.seconds(settings.timeoutSeconds),
      ...(settings.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: settings.reservedConcurrency }),
      role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'backup-digest',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        IDEMPOTENCY_TABLE: idempotencyTable.tableName,
      },
      bundling: {
        // Local esbuild, never Docker: synth and tests run offline on a laptop or in CI.
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        // Bundle the AWS SDK too, rather than take the runtime's copy: the function then runs the
        // versions package-lock.json pins and the tests ran against.
        externalModules: [],
        commandHooks: shipFilesHooks(files),
      },
    });

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
