import * as z from 'zod';
import { ACKNOWLEDGEABLE, MAX_ACK_DAYS } from '../core/acknowledgement';
import type { JobClass } from '../core/classify-job';

/**
 * One schema for an acknowledgement made by hand, wherever it is typed: the CLI's flags, a console
 * event of the digest function, the form of the Snooze page.
 */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');
const name = text(200);

export const targetSchema = {
  user: name.describe('the backup user (login name)'),
  owner: name.optional(),
  set: name.optional().describe('backup set id'),
  job: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/, 'must be a job id as yyyy-MM-dd-HH-mm-ss')
    .optional(),
};

/** What a person says when acknowledging: how long, why, who. The Snooze page's form asks for these. */
export const ackDetails = {
  days: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(MAX_ACK_DAYS, `must be at most ${MAX_ACK_DAYS} (a known issue is looked at again within a month)`),
  note: text(500),
  by: text(100),
};

export const ackSchema = z
  .strictObject({
    ...targetSchema,
    ...ackDetails,
    /** The problem acknowledged: when the row becomes another kind, the snooze ends. Absent: any. */
    kind: z.enum([...ACKNOWLEDGEABLE] as [JobClass, ...JobClass[]]).optional(),
    label: name.optional(),
  })
  .refine((a) => a.job === undefined || a.set !== undefined, { path: ['job'], message: 'needs set as well' });

export const unackSchema = z
  .strictObject(targetSchema)
  .refine((a) => a.job === undefined || a.set !== undefined, { path: ['job'], message: 'needs set as well' });

export type AckInput = z.infer<typeof ackSchema>;
