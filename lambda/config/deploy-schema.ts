import { z } from 'zod';

/**
 * Settings only the CDK stack reads (schedule, alarms, sizing). They live in the same file and
 * schema as the rest so that one validated config describes one deployment.
 */
export const deploySchema = z.strictObject({
  /** EventBridge Scheduler cron expression, evaluated in `scheduleTimeZone`. */
  schedule: z
    .string()
    .regex(/^cron\(.+\)$/, 'must be an EventBridge Scheduler expression such as cron(0 7 * * ? *)')
    .default('cron(0 7 * * ? *)'),
  /** Defaults to report.timeZone. */
  scheduleTimeZone: z.string().optional(),
  alarmEmails: z.array(z.email('must be an email address')).default([]),
});

export type DeployConfig = z.infer<typeof deploySchema>;
