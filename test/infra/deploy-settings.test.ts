import { resolveDeploySettings } from '../../infra/deploy-settings';
import { parseConfig } from '../../lambda/config/load-config';
import { configErrorOf } from '../support/config-message';
import { exampleConfig, type RawConfig, withDeploy } from './synth-stack';

function configWith(edit: (raw: RawConfig) => void): RawConfig {
  const raw = exampleConfig();
  edit(raw);
  return raw;
}

describe('deploy settings left out', () => {
  test('get the documented defaults, the time zone of the report and the mail.from identity', () => {
    const config = parseConfig(configWith((raw) => void delete raw.deploy));

    expect(resolveDeploySettings(config)).toEqual({
      stackName: 'BackupDigest',
      schedule: 'cron(0 7 * * ? *)',
      scheduleTimeZone: 'Europe/Berlin',
      alarmEmails: [],
      alarmNotCheckedPercent: 50,
      noDigestAlarmHours: 26,
      memoryMb: 256,
      timeoutSeconds: 300,
      logRetentionDays: 90,
      reservedConcurrency: undefined,
      credentialsParameter: '/backup-digest/cbs-credentials',
      eventBusName: 'default',
      credentialsKmsKeyArn: undefined,
      mailFrom: 'backup-digest@example.com',
      sesIdentity: 'backup-digest@example.com',
      sesConfigurationSet: undefined,
      sesRecipientIdentities: [],
      sourceMaps: false,
      mode: 'single',
      fanOut: {
        usersPerBatch: 500,
        maxConcurrency: 2,
        mergeMemoryMb: 1024,
        runDataDays: 7,
        runTimeoutMinutes: 180,
        cbsCallsInFlight: 8,
      },
    });
  });

  test('stay out of the parsed config, which says only what its author wrote', () => {
    const config = parseConfig(configWith((raw) => void delete raw.deploy));

    expect(Object.keys(config.deploy).sort()).toEqual(['alarmEmails', 'schedule']);
  });
});

describe('fan-out settings', () => {
  test('are read as given, and name the most CBS calls in flight: batches at once times cbs.concurrency', () => {
    const raw = configWith(
      withDeploy({ mode: 'fan-out', fanOut: { usersPerBatch: 250, maxConcurrency: 3, runDataDays: 2 } }),
    );
    raw.cbs = { ...raw.cbs, concurrency: 8 };

    const settings = resolveDeploySettings(parseConfig(raw));

    expect(settings.mode).toBe('fan-out');
    expect(settings.fanOut).toEqual({
      usersPerBatch: 250,
      maxConcurrency: 3,
      mergeMemoryMb: 1024,
      runDataDays: 2,
      runTimeoutMinutes: 180,
      cbsCallsInFlight: 24,
    });
  });
});

describe('the no-digest alarm follows the schedule', () => {
  test.each([
    ['cron(0 7 * * ? *)', 26],
    ['cron(30 6 ? * MON-FRI *)', 74],
    ['cron(0 6,18 * * ? *)', 14],
  ])('%s: the alarm waits %d hours', (schedule, hours) => {
    const config = parseConfig(
      configWith((raw) => {
        raw.deploy = { schedule };
      }),
    );

    expect(resolveDeploySettings(config).noDigestAlarmHours).toBe(hours);
  });

  test.each([
    [
      'cron(0 7 ? * MON *)',
      'deploy.schedule: fires up to 168 hours apart; the "no digest sent" alarm can wait at most 166 hours between digests',
    ],
    ['cron(0 7 1 * ? *)', 'deploy.schedule: fires up to'],
    [
      'cron(0 7 L * ? *)',
      'deploy.schedule: "cron(0 7 L * ? *)" uses L, W or #: it fires a month apart or more; the "no digest sent" alarm cannot watch it',
    ],
  ])('%s is refused: no alarm can wait that long', (schedule, message) => {
    const config = parseConfig(
      configWith((raw) => {
        raw.deploy = { schedule };
      }),
    );

    expect(() => resolveDeploySettings(config)).toThrow(message);
  });

  test('alarmNotCheckedPercent is a whole percentage', () => {
    expect(() =>
      parseConfig(
        configWith((raw) => {
          raw.deploy = { alarmNotCheckedPercent: 0 };
        }),
      ),
    ).toThrow('deploy.alarmNotCheckedPercent');
    const config = parseConfig(
      configWith((raw) => {
        raw.deploy = { alarmNotCheckedPercent: 80 };
      }),
    );
    expect(resolveDeploySettings(config).alarmNotCheckedPercent).toBe(80);
  });
});

describe('a bad deploy section fails with the field path', () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      'a five-field cron',
      { schedule: 'cron(0 7 * * ?)' },
      'deploy.schedule: must be an EventBridge Scheduler expression',
    ],
    [
      'a cron naming both days',
      { schedule: 'cron(0 7 1 * MON *)' },
      'deploy.schedule: must be an EventBridge Scheduler expression such as cron(0 7 * * ? *): day-of-month or day-of-week must be ?',
    ],
    [
      'an unknown schedule time zone',
      { scheduleTimeZone: 'Europe/Atlantis' },
      'deploy.scheduleTimeZone: must be an IANA time zone',
    ],
    [
      'a KMS alias ARN',
      { credentialsKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:alias/aws/ssm' },
      'deploy.credentialsKmsKeyArn: must be a KMS key ARN',
    ],
    [
      'a retention CloudWatch does not offer',
      { logRetentionDays: 42 },
      'deploy.logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90',
    ],
    ['more memory than Lambda has', { memoryMb: 20_000 }, 'deploy.memoryMb: Too big'],
    ['a timeout beyond 15 minutes', { timeoutSeconds: 901 }, 'deploy.timeoutSeconds: Too big'],
    [
      'an SES identity that is neither address nor domain',
      { sesIdentity: 'not an identity' },
      'deploy.sesIdentity: must be a verified SES identity',
    ],
    [
      'a stack name CloudFormation refuses',
      { stackName: '1-digest' },
      'deploy.stackName: must be a CloudFormation stack name',
    ],
    [
      'an event bus named by its ARN',
      { eventBusName: 'arn:aws:events:eu-central-1:123456789012:event-bus/ops' },
      'deploy.eventBusName: must be an EventBridge bus name',
    ],
    ['a misspelt field', { memoryMB: 512 }, 'deploy: Unrecognized key: "memoryMB"'],
    [
      'a mode that does not exist',
      { mode: 'fanout' },
      'deploy.mode: Invalid option: expected one of "single"|"fan-out"',
    ],
    ['no batch at a time', { fanOut: { maxConcurrency: 0 } }, 'deploy.fanOut.maxConcurrency: Too small'],
    [
      'a misspelt fan-out field',
      { fanOut: { batchSize: 100 } },
      'deploy.fanOut: Unrecognized key: "batchSize"',
    ],
  ])('%s', (_name, deploy, expected) => {
    const raw = configWith(withDeploy(deploy));

    expect(configErrorOf(() => parseConfig(raw))).toContain(`\n  ${expected}`);
  });

  test('a timeout shorter than one CBS request plus sending names deploy.timeoutSeconds', () => {
    const config = parseConfig(
      configWith((raw) => {
        raw.cbs = { ...raw.cbs, requestTimeoutMs: 60_000 };
        raw.deploy = { ...raw.deploy, timeoutSeconds: 60 };
      }),
    );

    expect(configErrorOf(() => resolveDeploySettings(config, 'prod.json'))).toBe(
      'prod.json is invalid:\n  deploy.timeoutSeconds: must be at least 70: one CBS request may take cbs.requestTimeoutMs (60000 ms), plus 10 s to render and send',
    );
  });
});
