import * as z from 'zod';
import type { ExpectOverrides } from '../core/resolve-expectation';
import { type ScheduleSpec, WEEKDAY_NAMES } from '../core/schedule-spec';

/**
 * `expect`: what the operator knows better than CBS's schedules. Per backup set beats per user;
 * both replace what CBS says. `default` is used only when a set's schedule cannot be read from
 * CBS (otherwise: daily). Times are in the CBS zone, like the schedules CBS shows.
 */

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const specFields = {
  schedule: z.enum(['daily', 'weekdays', 'days', 'weekly', 'monthly', 'hours', 'none']),
  days: z
    .array(z.enum(WEEKDAY_NAMES))
    .min(1, 'must name at least one day')
    .optional()
    .describe('named weekdays (mon … sun) for "days", or the day of "weekly"'),
  everyHours: z.number().int().min(1).max(168).optional().describe('for "hours": a run every N hours'),
  dayOfMonth: z.union([z.number().int().min(1).max(31), z.literal('last')]).optional(),
  at: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm')
    .optional(),
  graceMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
};

type SpecInput = { schedule: ScheduleSpec['schedule']; days?: unknown; everyHours?: unknown };

function checkSpec(spec: SpecInput, ctx: z.RefinementCtx): void {
  if (spec.schedule === 'days' && spec.days === undefined)
    ctx.addIssue({ code: 'custom', path: ['days'], message: 'required when schedule is "days"' });
  if (spec.schedule === 'hours' && spec.everyHours === undefined)
    ctx.addIssue({ code: 'custom', path: ['everyHours'], message: 'required when schedule is "hours"' });
}

export const scheduleSpecSchema = z.strictObject(specFields).superRefine(checkSpec);

const owner = nonEmpty.optional();

export const expectSchema = z
  .strictObject({
    graceMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60)
      .describe('how late a run may start before its set counts as missed'),
    default: scheduleSpecSchema.optional(),
    users: z
      .array(z.strictObject({ loginName: nonEmpty, owner, ...specFields }).superRefine(checkSpec))
      .default([]),
    backupSets: z
      .array(
        z
          .strictObject({ loginName: nonEmpty, owner, backupSetId: nonEmpty, ...specFields })
          .superRefine(checkSpec),
      )
      .default([]),
  })
  .prefault({});

export type ExpectConfig = z.infer<typeof expectSchema>;

/** The config's output is the core's input: this only type-checks while the two shapes agree. */
export const expectOverrides = (config: ExpectConfig): ExpectOverrides => config;
