import { Match } from 'aws-cdk-lib/assertions';
import {
  logicalIdOf,
  onlyResource,
  type Synthesized,
  statementsOfRole,
  synthStack,
  withDeploy,
} from './synth-stack';

const withSnooze = (raw: Record<string, Record<string, unknown>>) => {
  raw.snooze = { enabled: true };
};

describe('the Snooze page, with snooze.enabled', () => {
  let synth: Synthesized;
  let snoozeFunctionId: string;
  let keyId: string;
  beforeAll(() => {
    synth = synthStack({ edit: withSnooze });
    const page = synth.backupDigest.snoozePage;
    if (!page) throw new Error('snooze.enabled makes the page');
    snoozeFunctionId = logicalIdOf(page.function);
    keyId = logicalIdOf(page.key);
  });
  afterAll(() => synth.cleanup());

  test('a function URL without IAM auth (the signed link is the auth) serves the snooze function', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::Url');

    expect(properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [snoozeFunctionId, 'Arn'] },
    });
    synth.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionName: { 'Fn::GetAtt': [snoozeFunctionId, 'Arn'] },
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
    });
  });

  test('the link key is a secret Secrets Manager generates: 64 letters and digits', () => {
    const { properties } = onlyResource(synth.template, 'AWS::SecretsManager::Secret');

    expect(properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
  });

  test('the snooze function: reserved concurrency caps abuse, a short timeout, the key and the table by name', () => {
    const fn = synth.template.findResources('AWS::Lambda::Function')[snoozeFunctionId];
    const table = synth.backupDigest.historyTable;
    if (!table) throw new Error('snooze needs history');

    expect(fn?.Properties.ReservedConcurrentExecutions).toBe(2);
    expect(fn?.Properties.Timeout).toBe(10);
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      HISTORY_TABLE: { Ref: logicalIdOf(table) },
      SNOOZE_KEY_SECRET: { Ref: keyId },
    });
  });

  test('its role: its logs, reading the key, and the ACK items of the history table only', () => {
    const fn = synth.template.findResources('AWS::Lambda::Function')[snoozeFunctionId];
    const roleId = fn?.Properties.Role['Fn::GetAtt'][0] as string;
    const table = synth.backupDigest.historyTable;
    if (!table) throw new Error('snooze needs history');

    expect(statementsOfRole(synth.template, roleId)).toEqual([
      expect.objectContaining({ Sid: 'WriteOwnLogs' }),
      {
        Sid: 'ReadSnoozeKey',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: keyId },
      },
      {
        Sid: 'KeepAcknowledgements',
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Resource: { 'Fn::GetAtt': [logicalIdOf(table), 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['ACK'] } },
      },
    ]);
  });

  test('the digest function signs links to the URL with the same key', () => {
    const digestId = logicalIdOf(synth.backupDigest.digest.function);
    const digest = synth.template.findResources('AWS::Lambda::Function')[digestId];
    const roleId = digest?.Properties.Role['Fn::GetAtt'][0] as string;
    const urlId = onlyResource(synth.template, 'AWS::Lambda::Url').logicalId;

    expect(digest?.Properties.Environment.Variables).toMatchObject({
      SNOOZE_URL: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] },
      SNOOZE_KEY_SECRET: { Ref: keyId },
    });
    expect(statementsOfRole(synth.template, roleId)).toContainEqual({
      Sid: 'ReadSnoozeKey',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: { Ref: keyId },
    });
  });

  test('the page URL is a stack output', () => {
    synth.template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'FunctionUrl'] } });
  });
});

describe('without snooze.enabled', () => {
  test('no URL, no key, no snooze variables on the digest function', () => {
    const synth = synthStack();
    try {
      synth.template.resourceCountIs('AWS::Lambda::Url', 0);
      synth.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(JSON.stringify(synth.template.toJSON())).not.toContain('SNOOZE_');
    } finally {
      synth.cleanup();
    }
  });

  test.each([
    [
      'without history',
      (raw: Record<string, Record<string, unknown>>) => {
        withSnooze(raw);
        raw.history = { enabled: false };
      },
      'snooze.enabled: needs history.enabled',
    ],
  ])('snooze links %s fail synth naming the field', (_name, edit, message) => {
    expect(() => synthStack({ edit })).toThrow(message);
  });
});

describe('the Snooze page in fan-out mode', () => {
  test('Merge, which sends the digests, signs the links with the same key', () => {
    const synth = synthStack({
      edit: (raw) => {
        withSnooze(raw);
        withDeploy({ mode: 'fan-out' })(raw);
      },
    });
    try {
      const page = synth.backupDigest.snoozePage;
      const merge = synth.backupDigest.fanOut?.merge;
      if (!page || !merge) throw new Error('fan-out with snooze.enabled has both');
      const fn = synth.template.findResources('AWS::Lambda::Function')[logicalIdOf(merge.function)];
      const keyId = logicalIdOf(page.key);

      expect(fn?.Properties.Environment.Variables).toMatchObject({
        SNOOZE_URL: {
          'Fn::GetAtt': [onlyResource(synth.template, 'AWS::Lambda::Url').logicalId, 'FunctionUrl'],
        },
        SNOOZE_KEY_SECRET: { Ref: keyId },
      });
      expect(statementsOfRole(synth.template, logicalIdOf(merge.role))).toContainEqual({
        Sid: 'ReadSnoozeKey',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: keyId },
      });
    } finally {
      synth.cleanup();
    }
  });
});
