import * as z from 'zod';
import { email, timeZone } from './fields';

/**
 * Settings only the CDK stack reads (schedule, alarms, sizing, AWS resource names). They live in
 * the same file and schema as the rest so that one validated config describes one deployment.
 *
 * Fields added for the stack are optional without a zod default: the defaults below are applied
 * by the stack (`infra/deploy-settings.ts`), some of them depend on other sections (the report
 * time zone, the sender address), and a parsed config keeps saying only what its author wrote.
 */

/** Values the stack uses for fields left out; docs/deploy.md explains each choice. */
export const DEPLOY_DEFAULTS = {
  stackName: 'BackupDigest',
  memoryMb: 256,
  timeoutSeconds: 300,
  logRetentionDays: 90,
  sesSandbox: false,
  sourceMaps: false,
  mode: 'single',
  alarmNotCheckedPercent: 50,
  eventBusName: 'default',
  fanOut: {
    /** About 1,500 jobs and 3,000 CBS calls: 190 s at 250 ms and 4 in flight, inside the 300 s default. */
    usersPerBatch: 500,
    /** Batches at once; the CBS then carries `maxConcurrency × cbs.concurrency` calls in flight. */
    maxConcurrency: 2,
    /** Merge holds every row and renders the whole digest; collecting waits on CBS and needs little. */
    mergeMemoryMb: 1024,
    /** Plans and rows are only read during the run; a week leaves time to look at a bad one. */
    runDataDays: 7,
    /** The whole run, all batches included: past it Step Functions stops the run and the alarm fires. */
    runTimeoutMinutes: 180,
  },
} as const;

/** How a run is deployed: one function, or a Step Functions Distributed Map over batches of users. */
export const DEPLOY_MODES = ['single', 'fan-out'] as const;
export type DeployMode = (typeof DEPLOY_MODES)[number];

/**
 * Fan-out mode only (docs/scaling.md): Plan lists the users once, a Distributed Map collects them in
 * batches, Merge builds and sends the one digest.
 */
const fanOutSchema = z.strictObject({
  /** Backup users per batch; each batch is one invocation of the collecting function. */
  usersPerBatch: z.number().int().min(1).max(10_000).optional(),
  /** Batches collecting at once (the Distributed Map's MaxConcurrency). */
  maxConcurrency: z.number().int().min(1).max(1000).optional(),
  mergeMemoryMb: z.number().int().min(128).max(10_240).optional(),
  /** Days the run data (plan and rows) stays in the bucket. */
  runDataDays: z.number().int().min(1).max(365).optional(),
  runTimeoutMinutes: z.number().int().min(5).max(1440).optional(),
});

/** The retention periods CloudWatch Logs accepts; anything else fails at deploy time. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const SCHEDULE_HINT = 'must be an EventBridge Scheduler expression such as cron(0 7 * * ? *)';

/**
 * Scheduler cron has six fields (minutes hours day-of-month month day-of-week year) and one of the
 * two day fields must be `?`. Checked here so a typo fails `cdk synth`, not a deploy half-way.
 */
const scheduleExpression = z
  .string()
  .regex(/^cron\(\S+( \S+){5}\)$/, SCHEDULE_HINT)
  .refine((expression) => {
    const fields = expression.slice('cron('.length, -1).split(' ');
    return fields[2] === '?' || fields[4] === '?';
  }, `${SCHEDULE_HINT}: day-of-month or day-of-week must be ?`);

/**
 * Only a key ARN: an IAM statement naming an alias ARN does not match kms:Decrypt on the key
 * behind it, so the function would be denied at run time.
 */
const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    'must be a KMS key ARN such as arn:aws:kms:eu-central-1:123456789012:key/1234abcd-…; an alias ARN does not work in IAM',
  );

const sesIdentity = z.union(
  [z.email(), z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i)],
  { error: 'must be a verified SES identity: an email address or a domain such as example.com' },
);

/**
 * A healthchecks-style monitor outside AWS, pinged after each digest sent. The URL carries the
 * check's key, so it lives in SSM (String or SecureString) and the config names only the parameter.
 */
const heartbeatSchema = z.strictObject(
  {
    parameter: z
      .string()
      .regex(/^\/?[a-zA-Z0-9_.\-/]+$/, 'must be an SSM parameter name such as /backup-digest/heartbeat-url'),
    /** healthchecks.io, Cronitor and Uptime Kuma's push monitors take either. */
    method: z.enum(['GET', 'POST']).default('GET'),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'must be {"parameter": "/ssm/parameter/name"}: the URL itself is kept in SSM, not in the config'
        : undefined,
  },
);

export const deploySchema = z.strictObject({
  /** EventBridge Scheduler cron expression, evaluated in `scheduleTimeZone`. */
  schedule: scheduleExpression.default('cron(0 7 * * ? *)'),
  /** Defaults to report.timeZone, so "07:00" means the same clock as the report window. */
  scheduleTimeZone: timeZone.optional(),
  alarmEmails: z.array(email).default([]),
  /** The "mostly not checked" alarm fires when at least this share of a digest's rows could not be checked. */
  alarmNotCheckedPercent: z.number().int().min(1).max(100).optional(),
  /** CloudFormation stack name; distinct names let several configs deploy to one account. */
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name: letters, digits, hyphens')
    .optional(),
  memoryMb: z.number().int().min(128).max(10_240).optional(),
  /** Lambda's limit is 900 s; docs/deploy.md (Sizing) says how many watched items one run handles. */
  timeoutSeconds: z.number().int().min(10).max(900).optional(),
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .optional(),
  /** Unset: no reservation (a new account's 10 concurrent executions cannot spare any). */
  reservedConcurrency: z.number().int().min(1).max(1000).optional(),
  /** Customer managed key of the credentials SecureString; unset means the AWS managed aws/ssm key. */
  credentialsKmsKeyArn: kmsKeyArn.optional(),
  /** The SES identity that authorizes sending; defaults to the mail.from address itself. */
  sesIdentity: sesIdentity.optional(),
  /** SES configuration set the mail is sent with (the identity's default configuration set). */
  sesConfigurationSet: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SES configuration set name: letters, digits, _ and -')
    .optional(),
  /**
   * While the account is in the SES sandbox, SES also authorizes the send against each recipient's
   * identity; true grants the mail.to address identities as well.
   */
  sesSandbox: z.boolean().optional(),
  /**
   * The bundle always carries its source map; true also loads it at run time
   * (`NODE_OPTIONS=--enable-source-maps`), so stack traces name the TypeScript source, at the cost
   * of a slower cold start and more memory (BENCHMARKS.md).
   */
  sourceMaps: z.boolean().optional(),
  /**
   * The EventBridge bus each run publishes its events to (docs/events.md); the function may put
   * events on that bus only. Default: the account's default bus.
   */
  eventBusName: z
    .string()
    .regex(
      /^[A-Za-z0-9._\-/]{1,256}$/,
      'must be an EventBridge bus name: letters, digits, ".", "-", "_", "/"',
    )
    .optional(),
  /** `single` (one function per run, the default) or `fan-out` (Step Functions, for large servers). */
  mode: z.enum(DEPLOY_MODES).optional(),
  fanOut: fanOutSchema.optional(),
  /** Pinged after each digest sent (by Merge in fan-out mode); a failed ping is logged and counted, never fatal. */
  heartbeatUrl: heartbeatSchema.optional(),
});

export type DeployConfig = z.infer<typeof deploySchema>;
