import {
  logicalIdOf,
  onlyResource,
  regionalArn,
  type Synthesized,
  synthStack,
  withDeploy,
} from './synth-stack';

describe('the alarms, with two alarm addresses', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({
      edit: withDeploy({ alarmEmails: ['ops@example.com', 'oncall@example.com'] }),
    });
  });
  afterAll(() => synth.cleanup());

  function alarmNamed(name: string): Record<string, unknown> {
    const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Record<string, unknown>,
    );
    const alarm = alarms.find((properties) => properties.AlarmName === name);
    if (!alarm) throw new Error(`no alarm named ${name}`);
    return alarm;
  }

  test('there are exactly four', () => {
    synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  test("no run completed for the daily schedule's 24 hours plus two alarms, missing data breaching", () => {
    const alarm = alarmNamed('BackupDigest-no-digest-sent');

    // The run, not the email: a quiet all-clear night (report.sendWhen "attention") sends nothing
    // and must not fire the dead man's switch; the metrics test shows it still counts RunCompleted.
    expect(alarm).toMatchObject({
      Namespace: 'BackupDigest',
      MetricName: 'RunCompleted',
      Dimensions: [
        { Name: 'digest', Value: 'BackupDigest' },
        { Name: 'service', Value: 'backup-digest' },
      ],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  test('a digest with at least half its rows not checked alarms; a day without a run does not', () => {
    const alarm = alarmNamed('BackupDigest-mostly-not-checked');

    expect(alarm).toMatchObject({
      Namespace: 'BackupDigest',
      MetricName: 'NotCheckedPercent',
      Dimensions: [
        { Name: 'digest', Value: 'BackupDigest' },
        { Name: 'service', Value: 'backup-digest' },
      ],
      Statistic: 'Maximum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 50,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('the function names its metrics after the stack, as the alarms read them', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Lambda::Function');
    expect(properties).toMatchObject({ Environment: { Variables: { DIGEST_NAME: 'BackupDigest' } } });
  });

  test('every alarm description starts with its one-line runbook', () => {
    const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmDescription).toMatch(
        /^Runbook: [^\n]+ More: README, "When an alarm fires"\.$/,
      );
    }
  });

  test('any function error in five minutes alarms; no invocations is not an error', () => {
    const alarm = alarmNamed('BackupDigest-function-errors');

    expect(alarm).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(synth.backupDigest.digest.function) } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('any message in the dead-letter queue alarms; an idle queue is not breaching', () => {
    const alarm = alarmNamed('BackupDigest-dead-letters');

    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.deadLetterQueue), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('both notify the alarm topic, and only on entering ALARM', () => {
    const topic = { Ref: logicalIdOf(synth.backupDigest.alarms.topic) };

    for (const name of [
      'BackupDigest-function-errors',
      'BackupDigest-dead-letters',
      'BackupDigest-no-digest-sent',
      'BackupDigest-mostly-not-checked',
    ]) {
      const alarm = alarmNamed(name);
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toBeUndefined();
    }
  });

  test('the topic mails every alarm address', () => {
    const subscriptions = Object.values(synth.template.findResources('AWS::SNS::Subscription')).map(
      (subscription) => subscription.Properties,
    );
    const topic = { Ref: logicalIdOf(synth.backupDigest.alarms.topic) };

    expect(subscriptions).toEqual([
      { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topic },
      { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: topic },
    ]);
  });

  test("the topic takes TLS only, and only from this stack's alarms in this account", () => {
    const { properties } = onlyResource(synth.template, 'AWS::SNS::TopicPolicy');
    const topic = { Ref: logicalIdOf(synth.backupDigest.alarms.topic) };

    expect(properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowPublishThroughSSLOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: topic,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'AllowThisStacksAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topic,
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            // Exact names: `alarm:BackupDigest-*` would admit a stack named BackupDigest-eu too.
            ArnEquals: {
              'aws:SourceArn': [
                'function-errors',
                'dead-letters',
                'no-digest-sent',
                'mostly-not-checked',
              ].map((name) => regionalArn('cloudwatch', `alarm:BackupDigest-${name}`)),
            },
          },
        },
      ],
    });
  });
});

describe('the alarms, from other deploy settings', () => {
  test('without alarm addresses, still exist, on a topic nobody is subscribed to yet', () => {
    const synth = synthStack({ edit: withDeploy({ alarmEmails: [] }) });
    try {
      synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
      synth.template.resourceCountIs('AWS::SNS::Topic', 1);
      synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
    } finally {
      synth.cleanup();
    }
  });

  test('are named after the stack, so two deployments in one account do not collide', () => {
    const synth = synthStack({
      edit: withDeploy({ stackName: 'BackupDigestEast' }),
    });
    try {
      const names = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm')).map(
        (alarm) => alarm.Properties.AlarmName,
      );

      expect(names.sort()).toEqual([
        'BackupDigestEast-dead-letters',
        'BackupDigestEast-function-errors',
        'BackupDigestEast-mostly-not-checked',
        'BackupDigestEast-no-digest-sent',
      ]);
    } finally {
      synth.cleanup();
    }
  });
});
