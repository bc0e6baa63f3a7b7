import { logicalIdOf, onlyResource, type Synthesized, synthStack, withDeploy } from './synth-stack';

describe('the digest function, with the example config', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack();
  });
  afterAll(() => synth.cleanup());

  test('runs the bundled handler on Node.js 24 for arm64', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::Function');

    expect(properties.Runtime).toBe('nodejs24.x');
    expect(properties.Architectures).toEqual(['arm64']);
    expect(properties.Handler).toBe('index.handler');
  });

  test('gets the documented default memory and timeout and no reserved concurrency', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::Function');

    expect(properties.MemorySize).toBe(256);
    expect(properties.Timeout).toBe(300);
    expect(properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  test('has exactly the agreed environment: no config in it, source maps not loaded', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::Function');

    expect(properties.Environment).toEqual({
      Variables: {
        POWERTOOLS_SERVICE_NAME: 'backup-digest',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        IDEMPOTENCY_TABLE: { Ref: logicalIdOf(synth.backupDigest.idempotencyTable) },
        DIGEST_NAME: 'BackupDigest',
        HISTORY_TABLE: { Ref: logicalIdOf(synth.backupDigest.historyTable as never) },
        EVENT_BUS_NAME: 'default',
      },
    });
  });

  test('loads source maps at run time only when deploy.sourceMaps asks', () => {
    const mapped = synthStack({ edit: withDeploy({ sourceMaps: true }) });
    try {
      const { properties } = onlyResource(mapped.template, 'AWS::Lambda::Function');

      expect(properties.Environment).toMatchObject({
        Variables: { NODE_OPTIONS: '--enable-source-maps' },
      });
    } finally {
      mapped.cleanup();
    }
  });

  test('records runs in a table whose items expire, so one scheduled time sends one digest', () => {
    const tables = synth.template.findResources('AWS::DynamoDB::GlobalTable');
    const properties = tables[logicalIdOf(synth.backupDigest.idempotencyTable)]?.Properties;

    expect(properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  test('remembers nights in an on-demand pk/sk table with point-in-time recovery and TTL, kept on delete', () => {
    const table = synth.backupDigest.historyTable;
    if (!table) throw new Error('the example config keeps history');
    const resource = synth.template.findResources('AWS::DynamoDB::GlobalTable')[logicalIdOf(table)];

    expect(resource?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      Replicas: [
        expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
    expect(resource?.DeletionPolicy).toBe('Retain');
  });

  test('logs to its own log group, kept 90 days by default', () => {
    const logGroup = onlyResource(synth.template, 'AWS::Logs::LogGroup');
    const fn = onlyResource(synth.template, 'AWS::Lambda::Function');

    expect(logGroup.properties.RetentionInDays).toBe(90);
    expect(fn.properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup.logicalId } });
  });

  test('has its own role, trusted by Lambda only, with no managed policies', () => {
    const fn = onlyResource(synth.template, 'AWS::Lambda::Function');
    const roleId = logicalIdOf(synth.backupDigest.digest.role);
    const role = synth.template.findResources('AWS::IAM::Role')[roleId];

    expect(fn.properties.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(role?.Properties).toEqual({
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
        Version: '2012-10-17',
      },
      Description: expect.any(String),
    });
  });

  test('retries a failed asynchronous run once, within an hour, then sends it to the dead-letter queue', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::EventInvokeConfig');

    expect(properties).toEqual({
      FunctionName: { Ref: logicalIdOf(synth.backupDigest.digest.function) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.deadLetterQueue), 'Arn'] },
        },
      },
    });
  });
});

describe('the digest function, sized by the config', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({
      edit: (raw) => {
        raw.deploy = {
          ...raw.deploy,
          memoryMb: 512,
          timeoutSeconds: 600,
          logRetentionDays: 14,
          reservedConcurrency: 1,
        };
      },
    });
  });
  afterAll(() => synth.cleanup());

  test('takes memory, timeout, retention and reserved concurrency from deploy', () => {
    const fn = onlyResource(synth.template, 'AWS::Lambda::Function');
    const logGroup = onlyResource(synth.template, 'AWS::Logs::LogGroup');

    expect(fn.properties.MemorySize).toBe(512);
    expect(fn.properties.Timeout).toBe(600);
    expect(fn.properties.ReservedConcurrentExecutions).toBe(1);
    expect(logGroup.properties.RetentionInDays).toBe(14);
  });
});
