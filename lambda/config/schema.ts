import * as z from 'zod';
import { audiencesSchema, sendWhenSchema } from './audience-schema';
import { cbsBaseUrl, isPlainHttp } from './cbs-base-url';
import { deploySchema } from './deploy-schema';
import { expectSchema } from './expect-schema';
import { email, timeZone } from './fields';

/**
 * The one config schema, shared by the function (validated at cold start) and the CDK stack
 * (validated at synth time). A config lives in a JSON file, never in an environment variable:
 * 2,000 watched sets do not fit in Lambda's 4 KB of variables.
 */

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm');

/** AhsayCBS login names and ids travel in JSON bodies; reject control characters up front. */
const cbsName = nonEmpty.regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

const owner = cbsName.optional().describe('sub-admin that owns the backup user, if any');

export const watchedUserSchema = z.strictObject({
  loginName: cbsName,
  owner,
});

export const watchedBackupSetSchema = z.strictObject({
  loginName: cbsName,
  owner,
  backupSetId: cbsName,
  destinationId: cbsName.optional(),
  /** Shown when the set has no job in the window, so the row need not say only an id. */
  name: nonEmpty.optional(),
});

export const pinnedJobSchema = z.strictObject({
  loginName: cbsName,
  owner,
  backupSetId: cbsName,
  destinationId: cbsName.optional(),
  jobId: z.string().regex(/^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/, 'must be a job id as yyyy-MM-dd-HH-mm-ss'),
});

/**
 * Whole-server mode: every backup user CBS lists (`2/ListUsers`), with all their sets, so a
 * provider with thousands of users need not name them. Exclusions match exactly; a user also named
 * in `users`, `backupSets` or `jobs` is watched as named there even when excluded here.
 */
export const allUsersSchema = z.strictObject({
  excludeLoginNames: z.array(cbsName).default([]).describe('backup users to leave out, by login name'),
  excludeOwners: z.array(cbsName).default([]).describe('sub-admins whose backup users to leave out'),
});

export const configSchema = z
  .strictObject({
    cbs: z
      .strictObject({
        baseUrl: cbsBaseUrl,
        credentialsParameter: z
          .string()
          .regex(/^\/?[a-zA-Z0-9_.\-/]+$/, 'must be an SSM parameter name such as /backup-digest/cbs')
          .describe('SSM SecureString whose value is {"SysUser": "...", "SysPwd": "..."}'),
        timeZone: timeZone.describe('zone of the CBS server clock; its timestamps carry none'),
        requestTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
        concurrency: z.number().int().min(1).max(32).default(4),
        /** Tries per call, the first included; timeouts, resets, 5xx, 429 and proxy pages are retried. */
        maxAttempts: z.number().int().min(1).max(10).default(4),
        retryBaseDelayMs: z.number().int().min(1).max(60_000).default(500),
        /** Answers larger than this are refused rather than buffered. */
        maxResponseBytes: z
          .number()
          .int()
          .min(1024)
          .max(512 * 1024 * 1024)
          .default(32 * 1024 * 1024),
        /** PEM certificates of a private CA that signed the CBS certificate, added to Node's own. */
        caCertificates: z
          .string()
          .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'must hold PEM certificates')
          .optional(),
        /** Plain http sends SysPwd in clear text: only for a CBS on loopback, such as the simulator. */
        allowPlainHttp: z.boolean().default(false),
      })
      .superRefine((cbs, ctx) => {
        if (isPlainHttp(cbs.baseUrl) && !cbs.allowPlainHttp) {
          ctx.addIssue({
            code: 'custom',
            path: ['baseUrl'],
            message:
              'must use https (the password travels in every request); set cbs.allowPlainHttp to allow http',
          });
        }
      }),
    report: z
      .strictObject({
        timeZone: timeZone.default('UTC'),
        windowHours: z.number().int().min(1).max(168).default(24),
        /** When set, the window ends at the latest such time before the run (a late retry keeps the same window). */
        windowEndsAt: timeOfDay.optional(),
        title: nonEmpty.max(80).default('Backups'),
        /** A set whose last success is older than this needs attention even when no run was due. */
        staleAfterDays: z.number().int().min(1).max(365).default(3),
        /** `attention`: an all-clear night sends no email (the run metric still counts the run). */
        sendWhen: sendWhenSchema.default('always'),
        /** An operator's own templates; relative to the config file's folder (see templates-dir.ts). */
        templatesDir: nonEmpty
          .optional()
          .describe(
            'folder with digest.html.hbs, digest.txt.hbs and partials/, instead of the built-in templates',
          ),
      })
      .prefault({}),
    mail: z.strictObject({
      from: email,
      to: z.array(email).min(1, 'must list at least one recipient'),
      replyTo: email.optional(),
      /** Digests of a share of the rows (a reseller's users, say), each to its own recipients. */
      audiences: audiencesSchema,
    }),
    watch: z
      .strictObject({
        allUsers: allUsersSchema.optional(),
        users: z.array(watchedUserSchema).default([]),
        backupSets: z.array(watchedBackupSetSchema).default([]),
        jobs: z.array(pinnedJobSchema).default([]),
      })
      .refine((w) => w.allUsers !== undefined || w.users.length + w.backupSets.length + w.jobs.length > 0, {
        message: 'must watch all users, or at least one user, backup set or job',
      }),
    expect: expectSchema,
    history: z
      .strictObject({
        /**
         * Off: the digest judges one window with no memory (no strips, no "last success"). On, it
         * remembers in the DynamoDB table named by HISTORY_TABLE (the stack sets it); without
         * that variable (CLI, tests) there is nothing to remember in.
         */
        enabled: z.boolean().default(true),
        /** Nights read back from ListBackupJobStatus when the store holds nothing yet. */
        backfillDays: z.number().int().min(0).max(30).default(7),
      })
      .prefault({}),
    snooze: z
      .strictObject({
        /**
         * One-click Snooze links on every row that needs attention, to a page (a Lambda function URL
         * the stack deploys) that acknowledges the row as a known issue. Needs history: the
         * acknowledgements live in its table.
         */
        enabled: z.boolean().default(false),
      })
      .prefault({}),
    deploy: deploySchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.snooze.enabled && !config.history.enabled)
      ctx.addIssue({
        code: 'custom',
        path: ['snooze', 'enabled'],
        message: 'needs history.enabled: acknowledgements are kept in the history table',
      });
  })
  .describe('backup-digest config');

export type Config = z.infer<typeof configSchema>;
export type AllUsers = z.infer<typeof allUsersSchema>;
export type WatchedUser = z.infer<typeof watchedUserSchema>;
export type WatchedBackupSet = z.infer<typeof watchedBackupSetSchema>;
export type PinnedJob = z.infer<typeof pinnedJobSchema>;
