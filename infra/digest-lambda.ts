import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LEFT_OUT_OF_THE_BUNDLE, MAIN_FIELDS, type ShippedFiles, shipFilesHooks } from './bundle-files';
import type { DeploySettings } from './deploy-settings';

/** The repository root: esbuild resolves the handler's imports against its package-lock.json. */
const PROJECT_ROOT = join(__dirname, '..');

export interface DigestLambdaProps {
  settings: DeploySettings;
  files: ShippedFiles;
  /** The handler's file under lambda/entry/, exporting `handler`. */
  entry: string;
  description: string;
  /** What the role says it is for. */
  roleDescription: string;
  /** The AWS permissions beyond writing its own logs. */
  statements: readonly PolicyStatement[];
  environment?: Record<string, string>;
  memoryMb?: number | undefined;
  /** Default: `settings.timeoutSeconds`, the digest's. */
  timeoutSeconds?: number | undefined;
  reservedConcurrency?: number | undefined;
}

export interface DigestLambda {
  function: NodejsFunction;
  logGroup: LogGroup;
  role: Role;
}

/**
 * One of the project's functions: its own role and log group, the bundled handler with the config
 * and templates beside it. The digest function in single mode, each step's function in fan-out.
 * Made directly in `scope` (`Logs`, `Role`, `Function`), so the single-mode function's logical
 * IDs, and with them a deployed stack's resources, are those it had before this was shared.
 */
export function createDigestLambda(scope: Construct, props: DigestLambdaProps): DigestLambda {
  const { settings } = props;

  const logGroup = new LogGroup(scope, 'Logs', {
    retention: settings.logRetentionDays as RetentionDays,
  });

  // An own role rather than AWSLambdaBasicExecutionRole: that managed policy may write to every
  // log group in the account; this role writes to the one above. The group's ARN ends in `:*`,
  // which covers its log streams.
  const role = new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  for (const statement of props.statements) role.addToPrincipalPolicy(statement);

  const fn = new NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: join(PROJECT_ROOT, 'lambda', 'entry', props.entry),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    // The newest Node.js this CDK knows, so cdk-nag's AwsSolutions-L1 holds; arm64 costs less per ms.
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memoryMb ?? settings.memoryMb,
    timeout: Duration.seconds(props.timeoutSeconds ?? settings.timeoutSeconds),
    ...(props.reservedConcurrency === undefined
      ? {}
      : { reservedConcurrentExecutions: props.reservedConcurrency }),
    role,
    logGroup: logGroup,
    environment: {
      // The map ships either way; loading it costs every cold start time and memory (BENCHMARKS.md).
      ...(settings.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      POWERTOOLS_SERVICE_NAME: 'backup-digest',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...props.environment,
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
      externalModules: [...LEFT_OUT_OF_THE_BUNDLE],
      mainFields: MAIN_FIELDS,
      commandHooks: shipFilesHooks(props.files),
    },
  });
  return { function: fn, logGroup, role };
}
