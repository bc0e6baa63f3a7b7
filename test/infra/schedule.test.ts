import { logicalIdOf, onlyResource, type Synthesized, synthStack, withDeploy } from './synth-stack';

describe('the schedule, with the example config', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack();
  });
  afterAll(() => synth.cleanup());

  test('fires at 07:00 in the report time zone, at the exact minute', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Scheduler::Schedule');

    expect(properties.ScheduleExpression).toBe('cron(0 7 * * ? *)');
    expect(properties.ScheduleExpressionTimezone).toBe('Europe/Berlin');
    expect(properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(properties.State).toBe('ENABLED');
  });

  test('invokes the unqualified function with the scheduled time as its only input', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Scheduler::Schedule');
    const target = properties.Target as { Arn: unknown; Input: string };

    expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.digest.function), 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  test('retries the hand-over twice within an hour, then dead-letters it', () => {
    const { properties } = onlyResource(synth.template, 'AWS::Scheduler::Schedule');
    const target = properties.Target as Record<string, unknown>;

    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    expect(target.DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.deadLetterQueue), 'Arn'] },
    });
  });
});

describe('the dead-letter queue', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack();
  });
  afterAll(() => synth.cleanup());

  test('is encrypted and keeps messages for the longest time SQS allows', () => {
    const { properties } = onlyResource(synth.template, 'AWS::SQS::Queue');

    expect(properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
  });

  test('refuses requests that are not over TLS', () => {
    const { properties } = onlyResource(synth.template, 'AWS::SQS::QueuePolicy');
    const queueArn = { 'Fn::GetAtt': [logicalIdOf(synth.backupDigest.deadLetterQueue), 'Arn'] };

    expect(properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Resource: queueArn,
        },
      ],
    });
  });
});

describe('the schedule, from the deploy section', () => {
  test.each([
    [
      'an explicit time zone wins over the report one',
      { scheduleTimeZone: 'America/New_York' },
      'cron(0 7 * * ? *)',
      'America/New_York',
    ],
    [
      'a weekday cron keeps the report time zone',
      { schedule: 'cron(30 6 ? * MON-FRI *)' },
      'cron(30 6 ? * MON-FRI *)',
      'Europe/Berlin',
    ],
  ])('%s', (_name, deploy, expression, zone) => {
    const synth = synthStack({ edit: withDeploy(deploy) });
    try {
      const { properties } = onlyResource(synth.template, 'AWS::Scheduler::Schedule');

      expect(properties.ScheduleExpression).toBe(expression);
      expect(properties.ScheduleExpressionTimezone).toBe(zone);
    } finally {
      synth.cleanup();
    }
  });

  test('without a report time zone, runs in UTC like the report', () => {
    const synth = synthStack({ edit: (raw) => void delete raw.report });
    try {
      const { properties } = onlyResource(synth.template, 'AWS::Scheduler::Schedule');

      expect(properties.ScheduleExpressionTimezone).toBe('UTC');
    } finally {
      synth.cleanup();
    }
  });
});
