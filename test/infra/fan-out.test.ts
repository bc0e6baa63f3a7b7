import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import validateAsl from 'asl-validator';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  type AslMachine,
  type AslState,
  functionArnOf,
  synthesizedDefinition,
} from '../../dev/local/synthesized-definition';
import type { FanOutRun } from '../../infra/fan-out/fan-out-run';
import {
  logicalIdOf,
  onlyResource,
  type RawConfig,
  REPO_ROOT,
  regionalArn,
  type Synthesized,
  statementsOfRole,
  synthStack,
} from './synth-stack';

const FAN_OUT_EXAMPLE = join(REPO_ROOT, 'config/fan-out.example.json');

/** The shipped fan-out example config, replacing the single-mode example the helper starts from. */
function useFanOutExample(raw: RawConfig): void {
  for (const key of Object.keys(raw)) delete raw[key];
  Object.assign(raw, JSON.parse(readFileSync(FAN_OUT_EXAMPLE, 'utf8')));
}

function fanOutOf(synth: Synthesized): FanOutRun {
  const run = synth.stack.backupDigest.fanOut;
  if (!run) throw new Error('the stack was synthesized in single mode');
  return run;
}

function state(machine: AslMachine, name: string): AslState {
  const found = machine.States[name];
  if (!found) throw new Error(`no state ${name} in ${Object.keys(machine.States).join(', ')}`);
  return found;
}

describe('fan-out mode, with config/fan-out.example.json', () => {
  let synth: Synthesized;
  let run: FanOutRun;
  let machine: AslMachine;
  beforeAll(() => {
    synth = synthStack({ edit: useFanOutExample });
    run = fanOutOf(synth);
    machine = synthesizedDefinition(synth.template);
  });
  afterAll(() => synth.cleanup());
  const historyTable = () => {
    const table = synth.stack.backupDigest.historyTable;
    if (!table) throw new Error('the fan-out example turns history off');
    return table;
  };

  test('the synthesized definition is valid Amazon States Language', () => {
    const result = validateAsl(structuredClone(machine));

    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  test('the run is Plan, then Collect as a Distributed Map, then Merge, in JSONata', () => {
    expect(machine.QueryLanguage).toBe('JSONata');
    expect(machine.StartAt).toBe('Plan');
    expect(state(machine, 'Plan')).toMatchObject({ Type: 'Task', Next: 'Collect' });
    expect(state(machine, 'Collect')).toMatchObject({
      Type: 'Map',
      Next: 'Merge',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    expect(state(machine, 'Merge')).toMatchObject({ Type: 'Task', End: true });
  });

  test("each step invokes its own function, Merge with the plan's output", () => {
    const functionOf = (name: string, inside: AslMachine = machine) =>
      (state(inside, name).Arguments as { FunctionName: string }).FunctionName;
    const batches = state(machine, 'Collect').ItemProcessor as AslMachine;

    expect(functionOf('Plan')).toBe(functionArnOf(logicalIdOf(run.plan.function)));
    expect(functionOf('CollectBatch', batches)).toBe(functionArnOf(logicalIdOf(run.collect.function)));
    expect(functionOf('MarkBatchNotChecked', batches)).toBe(functionArnOf(logicalIdOf(run.collect.function)));
    expect(functionOf('Merge')).toBe(functionArnOf(logicalIdOf(run.merge.function)));
    expect(state(machine, 'Plan').Arguments).toMatchObject({
      Payload: { request: '{% $states.input %}', runId: '{% $states.context.Execution.Name %}' },
    });
  });

  test('Collect reads the plan from the run bucket and batches users as the config says', () => {
    const collect = state(machine, 'Collect');

    expect(collect.ItemReader).toEqual({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Arguments: { Bucket: logicalIdOf(run.bucket).toLowerCase(), Key: '{% $states.input.itemsKey %}' },
    });
    expect(collect.ItemBatcher).toEqual({
      MaxItemsPerBatch: 500,
      MaxInputBytesPerBatch: 200_000,
      BatchInput: {
        runId: '{% $states.input.runId %}',
        window: '{% $states.input.window %}',
        dryRun: '{% $states.input.request.dryRun %}',
      },
    });
    expect(collect.MaxConcurrency).toBe(2);
  });

  test('a failing batch is retried once, then caught as "not checked" rows; no share of failures stops the run', () => {
    const collect = state(machine, 'Collect');
    const batch = state(collect.ItemProcessor as AslMachine, 'CollectBatch');

    expect(batch.Retry).toEqual(
      expect.arrayContaining([
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 30, MaxAttempts: 1, BackoffRate: 2 },
      ]),
    );
    expect(batch.Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        Next: 'MarkBatchNotChecked',
        Output: { batch: '{% $states.input %}', failure: '{% $states.errorOutput %}' },
      },
    ]);
    expect(collect.ToleratedFailurePercentage).toBe(100);
    expect(collect.Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        Next: 'Merge',
        Output: { plan: '{% $states.input %}', collectFailure: '{% $states.errorOutput %}' },
      },
    ]);
  });

  test('the state machine is Standard, traced, logs everything, and stops a run after the configured time', () => {
    const { properties } = onlyResource(synth.template, 'AWS::StepFunctions::StateMachine');

    expect(properties.StateMachineType).toBe('STANDARD');
    expect(properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: true,
      Destinations: [
        { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalIdOf(run.logGroup), 'Arn'] } } },
      ],
    });
    expect(machine.TimeoutSeconds).toBe(180 * 60);
  });

  test('the schedule invokes Start with the scheduled time; no table of runs exists, only the history table', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Scheduler::Schedule');
    const target = properties.Target as { Arn: unknown; Input: string };

    expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(run.start.function), 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    const tables = Object.keys(synth.template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables).toEqual([logicalIdOf(historyTable())]);
  });

  test('each batch remembers its own sets: Collect is told the history table, Merge the metrics dimension and the table (for acknowledgements)', () => {
    const functions = synth.template.findResources('AWS::Lambda::Function');
    const variables = (fn: typeof run.collect): Record<string, unknown> => {
      const properties = functions[logicalIdOf(fn.function)]?.Properties as
        | { Environment: { Variables: Record<string, unknown> } }
        | undefined;
      if (!properties) throw new Error(`no function ${fn.function.node.path}`);
      return properties.Environment.Variables;
    };

    expect(variables(run.collect).HISTORY_TABLE).toEqual({ Ref: logicalIdOf(historyTable()) });
    expect(variables(run.merge).DIGEST_NAME).toBe('BackupDigestFanOut');
    expect(variables(run.merge).HISTORY_TABLE).toEqual({ Ref: logicalIdOf(historyTable()) });
    for (const step of [run.plan, run.start]) expect(variables(step).HISTORY_TABLE).toBeUndefined();
    // Merge sends the digests, so Merge publishes the run's events; no other step does.
    expect(variables(run.merge).EVENT_BUS_NAME).toBe('default');
    for (const step of [run.plan, run.collect, run.start])
      expect(variables(step).EVENT_BUS_NAME).toBeUndefined();
  });

  test('the run bucket is encrypted, private, TLS only, and its run data expires', () => {
    const bucket = onlyResource(synth.template, 'AWS::S3::Bucket');
    const policy = onlyResource(synth.template, 'AWS::S3::BucketPolicy');

    expect(bucket.properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireRunData',
            Prefix: 'runs/',
            ExpirationInDays: 7,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
    });
    expect(policy.properties.PolicyDocument).toMatchObject({
      Statement: [
        {
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  });

  test('Merge has the configured memory; the other steps the function default', () => {
    const functions = synth.template.findResources('AWS::Lambda::Function');
    const memoryOf = (fn: FanOutRun['plan']) => functions[logicalIdOf(fn.function)]?.Properties.MemorySize;

    expect(memoryOf(run.merge)).toBe(1024);
    expect([memoryOf(run.start), memoryOf(run.plan), memoryOf(run.collect)]).toEqual([256, 256, 256]);
  });

  describe('least privilege per function', () => {
    const runObjects = () => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(run.bucket), 'Arn'] }, '/runs/*']],
    });
    const logs = (fn: FanOutRun['plan']) => ({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logicalIdOf(fn.logGroup), 'Arn'] },
    });
    const readCredentials = {
      Sid: 'ReadCbsCredentials',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: regionalArn('ssm', 'parameter/backup-digest/cbs-credentials'),
    };
    const sendDigest = expect.objectContaining({
      Sid: 'SendDigest',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
    });
    const statementsOf = (fn: FanOutRun['plan']) => statementsOfRole(synth.template, logicalIdOf(fn.role));

    test('Start may only start this state machine', () => {
      expect(statementsOf(run.start)).toEqual([
        logs(run.start),
        {
          Sid: 'StartRun',
          Effect: 'Allow',
          Action: 'states:StartExecution',
          Resource: { Ref: logicalIdOf(run.stateMachine) },
        },
        expect.objectContaining({ Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] }),
      ]);
    });

    test('Plan reads the credentials, writes run data, and may mail a failure notice', () => {
      expect(statementsOf(run.plan)).toEqual([
        logs(run.plan),
        readCredentials,
        sendDigest,
        { Sid: 'WritePlan', Effect: 'Allow', Action: 's3:PutObject', Resource: runObjects() },
      ]);
    });

    test("Collect reads the credentials, writes run data and its sets' nights, nothing else: it sends no mail", () => {
      expect(statementsOf(run.collect)).toEqual([
        logs(run.collect),
        readCredentials,
        { Sid: 'WriteRows', Effect: 'Allow', Action: 's3:PutObject', Resource: runObjects() },
        {
          Sid: 'RememberNights',
          Effect: 'Allow',
          Action: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
          Resource: { 'Fn::GetAtt': [logicalIdOf(historyTable()), 'Arn'] },
        },
      ]);
    });

    test("Merge reads run data, sends, keeps the ACK items only and publishes the run's events; it never sees the CBS credentials", () => {
      expect(statementsOf(run.merge)).toEqual([
        logs(run.merge),
        sendDigest,
        { Sid: 'ReadRunData', Effect: 'Allow', Action: 's3:GetObject', Resource: runObjects() },
        {
          Sid: 'ListRunData',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: { 'Fn::GetAtt': [logicalIdOf(run.bucket), 'Arn'] },
          Condition: { StringLike: { 's3:prefix': ['runs/*'] } },
        },
        {
          Sid: 'KeepAcknowledgements',
          Effect: 'Allow',
          Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
          Resource: { 'Fn::GetAtt': [logicalIdOf(historyTable()), 'Arn'] },
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['ACK'] } },
        },
        {
          Sid: 'PublishDigestEvents',
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: regionalArn('events', 'event-bus/default'),
        },
      ]);
    });
  });

  test("runs that fail, time out or are aborted alarm to the topic, beside single mode's four alarms", () => {
    const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Record<string, unknown>,
    );
    const topic = { Ref: logicalIdOf(synth.stack.backupDigest.alarms.topic) };
    const machineDimension = [{ Name: 'StateMachineArn', Value: { Ref: logicalIdOf(run.stateMachine) } }];

    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
      'BackupDigestFanOut-dead-letters',
      'BackupDigestFanOut-function-errors',
      'BackupDigestFanOut-mostly-not-checked',
      'BackupDigestFanOut-no-digest-sent',
      'BackupDigestFanOut-runs-aborted',
      'BackupDigestFanOut-runs-failed',
      'BackupDigestFanOut-runs-timed-out',
    ]);
    for (const [name, metric] of [
      ['BackupDigestFanOut-runs-failed', 'ExecutionsFailed'],
      ['BackupDigestFanOut-runs-timed-out', 'ExecutionsTimedOut'],
      ['BackupDigestFanOut-runs-aborted', 'ExecutionsAborted'],
    ] as const) {
      expect(alarms.find((alarm) => alarm.AlarmName === name)).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: machineDimension,
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
      });
    }
    // The dead man's switch reads the metric Merge writes under the dimension Merge is given: the run
    // completed (a quiet all-clear night sends no email and still completes it).
    expect(alarms.find((alarm) => alarm.AlarmName === 'BackupDigestFanOut-no-digest-sent')).toMatchObject({
      Namespace: 'BackupDigest',
      MetricName: 'RunCompleted',
      Dimensions: expect.arrayContaining([{ Name: 'digest', Value: 'BackupDigestFanOut' }]),
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [topic],
    });
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.app);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );

    expect(findings).toEqual([]);
  });
});

describe('fan-out mode with deploy.heartbeatUrl', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({
      edit: (raw) => {
        useFanOutExample(raw);
        raw.deploy = {
          ...(raw.deploy as object),
          heartbeatUrl: { parameter: '/backup-digest/heartbeat-url' },
        };
      },
    });
  });
  afterAll(() => synth.cleanup());

  test('Merge, which sends the digest, may read the heartbeat URL; no other step may', () => {
    const run = fanOutOf(synth);
    const sidsOf = (fn: FanOutRun['plan']) =>
      statementsOfRole(synth.template, logicalIdOf(fn.role)).map(
        (statement) => (statement as { Sid?: string }).Sid,
      );

    expect(statementsOfRole(synth.template, logicalIdOf(run.merge.role))).toContainEqual({
      Sid: 'ReadHeartbeatUrl',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: regionalArn('ssm', 'parameter/backup-digest/heartbeat-url'),
    });
    for (const step of [run.start, run.plan, run.collect])
      expect(sidsOf(step)).not.toContain('ReadHeartbeatUrl');
  });
});
