import type { Template } from 'aws-cdk-lib/assertions';
import {
  logicalIdOf,
  onlyResource,
  regionalArn,
  type Synthesized,
  statementsOfRole,
  synthStack,
  withDeploy,
} from './synth-stack';

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function functionStatements(synth: Synthesized): unknown[] {
  return statementsOfRole(synth.template, logicalIdOf(synth.backupDigest.digest.role));
}

function logsStatement(synth: Synthesized): unknown {
  return {
    Sid: 'WriteOwnLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.digest.logGroup), 'Arn'] },
  };
}

function deadLetterStatement(synth: Synthesized): unknown {
  return {
    Effect: 'Allow',
    Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    Resource: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.deadLetterQueue), 'Arn'] },
  };
}

function recordRunsStatement(synth: Synthesized): unknown {
  return {
    Sid: 'RecordRuns',
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    Resource: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.idempotencyTable), 'Arn'] },
  };
}

function rememberNightsStatement(synth: Synthesized): unknown {
  const table = synth.backupDigest.historyTable;
  if (!table) throw new Error('the example config keeps history');
  return {
    Sid: 'RememberNights',
    Effect: 'Allow',
    Action: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
    Resource: { 'Fn::GetAtt': [logicalIdOf(table), 'Arn'] },
  };
}

function keepAcknowledgementsStatement(synth: Synthesized): unknown {
  const table = synth.backupDigest.historyTable;
  if (!table) throw new Error('the example config keeps history');
  return {
    Sid: 'KeepAcknowledgements',
    Effect: 'Allow',
    Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    Resource: { 'Fn::GetAtt': [logicalIdOf(table), 'Arn'] },
    Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['ACK'] } },
  };
}

/** events:PutEvents on exactly one bus of this account and region, and nothing else of EventBridge. */
function publishEventsStatement(bus: string): unknown {
  return {
    Sid: 'PublishDigestEvents',
    Effect: 'Allow',
    Action: 'events:PutEvents',
    Resource: regionalArn('events', bus),
  };
}

const readCredentials = {
  Sid: 'ReadCbsCredentials',
  Effect: 'Allow',
  Action: 'ssm:GetParameter',
  Resource: regionalArn('ssm', 'parameter/backup-digest/cbs-credentials'),
};

describe('the function role, with the example config', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack();
  });
  afterAll(() => synth.cleanup());

  test('grants exactly logs, the parameter, sending as mail.from, its run records, and the dead-letter queue', () => {
    expect(functionStatements(synth)).toEqual([
      logsStatement(synth),
      readCredentials,
      {
        Sid: 'SendDigest',
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: regionalArn('ses', 'identity/backup-digest@example.com'),
        Condition: { StringEquals: { 'ses:FromAddress': 'backup-digest@example.com' } },
      },
      recordRunsStatement(synth),
      rememberNightsStatement(synth),
      keepAcknowledgementsStatement(synth),
      publishEventsStatement('event-bus/default'),
      deadLetterStatement(synth),
    ]);
  });

  test('has no kms statement: the AWS managed aws/ssm key policy already allows decrypting via SSM', () => {
    const actions = JSON.stringify(functionStatements(synth));

    expect(actions).not.toContain('kms:');
  });
});

describe('the function role, with every SES and KMS option set', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({
      edit: (raw) => {
        raw.cbs = { ...raw.cbs, credentialsParameter: 'cbs-credentials' };
        raw.mail = {
          ...raw.mail,
          to: ['ops@example.com', 'backup-digest@example.com'],
          // In the sandbox, SES checks each audience's recipients too; one shared with mail.to once.
          audiences: [
            {
              name: 'east',
              to: ['noc@east.example', 'ops@example.com'],
              select: { owners: ['reseller-east'] },
            },
          ],
        };
        raw.deploy = {
          ...raw.deploy,
          credentialsKmsKeyArn: KEY_ARN,
          sesIdentity: 'example.com',
          sesConfigurationSet: 'digest-events',
          sesSandbox: true,
          heartbeatUrl: { parameter: '/backup-digest/heartbeat-url' },
        };
      },
    });
  });
  afterAll(() => synth.cleanup());

  test('reads the heartbeat URL from exactly its parameter, decrypted with the key for that parameter only', () => {
    const parameterArn = regionalArn('ssm', 'parameter/backup-digest/heartbeat-url');

    expect(functionStatements(synth)).toContainEqual({
      Sid: 'ReadHeartbeatUrl',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: parameterArn,
    });
    expect(functionStatements(synth)).toContainEqual({
      Sid: 'DecryptHeartbeatUrl',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
        },
      },
    });
  });

  test('decrypts with the given key only through SSM and only for this parameter', () => {
    const parameterArn = regionalArn('ssm', 'parameter/cbs-credentials');

    expect(functionStatements(synth)).toContainEqual({
      Sid: 'DecryptCbsCredentials',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
        },
      },
    });
  });

  test('reads a parameter named without a leading slash by the same ARN shape', () => {
    expect(functionStatements(synth)).toContainEqual({
      ...readCredentials,
      Resource: regionalArn('ssm', 'parameter/cbs-credentials'),
    });
  });

  test("sends through the domain identity, the configuration set and the sandbox recipients (audiences' too), still only as mail.from", () => {
    expect(functionStatements(synth)).toContainEqual({
      Sid: 'SendDigest',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: [
        regionalArn('ses', 'identity/example.com'),
        regionalArn('ses', 'identity/ops@example.com'),
        regionalArn('ses', 'identity/backup-digest@example.com'),
        regionalArn('ses', 'identity/noc@east.example'),
        regionalArn('ses', 'configuration-set/digest-events'),
      ],
      Condition: { StringEquals: { 'ses:FromAddress': 'backup-digest@example.com' } },
    });
  });

  test('grants nothing else', () => {
    const sids = functionStatements(synth).map((statement) => (statement as { Sid?: string }).Sid);

    expect(sids).toEqual([
      'WriteOwnLogs',
      'ReadCbsCredentials',
      'DecryptCbsCredentials',
      'SendDigest',
      'ReadHeartbeatUrl',
      'DecryptHeartbeatUrl',
      'RecordRuns',
      'RememberNights',
      'KeepAcknowledgements',
      'PublishDigestEvents',
      undefined,
    ]);
  });
});

describe('the scheduler role', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack();
  });
  afterAll(() => synth.cleanup());

  function schedulerRoleId(template: Template): string {
    const { properties } = onlyResource(template, 'AWS::Scheduler::Schedule');
    const target = properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } };
    return target.RoleArn['Fn::GetAtt'][0];
  }

  test("is assumed only by Scheduler for this account's default schedule group", () => {
    const role = synth.template.findResources('AWS::IAM::Role')[schedulerRoleId(synth.template)];

    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': regionalArn('scheduler', 'schedule-group/default'),
          },
        },
      },
    ]);
  });

  test('may invoke the unqualified function (no version wildcard) and write to the dead-letter queue', () => {
    expect(statementsOfRole(synth.template, schedulerRoleId(synth.template))).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.digest.function), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.deadLetterQueue), 'Arn'] },
      },
    ]);
  });
});

describe('every identity policy in the stack', () => {
  test('names its resources: no Resource "*"', () => {
    const synth = synthStack({
      edit: withDeploy({ credentialsKmsKeyArn: KEY_ARN }),
    });
    try {
      const statements = Object.values(synth.template.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as { Resource: unknown }[],
      );

      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|:\*"/);
    } finally {
      synth.cleanup();
    }
  });
});

describe('the run publishes its events to deploy.eventBusName', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({ edit: withDeploy({ eventBusName: 'backup-events' }) });
  });
  afterAll(() => synth.cleanup());

  test('may put events on that bus only, and is told its name', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::Function');

    expect(functionStatements(synth)).toContainEqual(publishEventsStatement('event-bus/backup-events'));
    const onEvents = functionStatements(synth).filter((statement) =>
      JSON.stringify((statement as { Action: unknown }).Action).includes('events:'),
    );
    expect(onEvents).toEqual([publishEventsStatement('event-bus/backup-events')]);
    expect(properties).toMatchObject({ Environment: { Variables: { EVENT_BUS_NAME: 'backup-events' } } });
  });
});
