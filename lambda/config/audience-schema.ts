import * as z from 'zod';
import { email } from './fields';

/**
 * `mail.audiences[]`: people who get a digest of only their share of the rows, beside the admins'
 * full digest to `mail.to`. docs/audiences.md explains the selectors with examples.
 */

/** Whether an all-clear night still sends a digest (`always`) or stays silent (`attention`). */
export const sendWhenSchema = z.enum(['always', 'attention'], {
  error: 'must be "always" or "attention"',
});

const selectorName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

/**
 * Which rows an audience gets: those of the named sub-admins (owners), login names or backup set
 * ids, or everything. Several lists select the rows any of them names.
 */
export const audienceSelectorSchema = z
  .strictObject({
    everything: z.literal(true, { error: 'must be true, or left out' }).optional(),
    owners: z.array(selectorName).min(1, 'must name at least one sub-admin').optional(),
    loginNames: z.array(selectorName).min(1, 'must name at least one backup user').optional(),
    backupSets: z.array(selectorName).min(1, 'must name at least one backup set id').optional(),
  })
  .refine((s) => s.everything || s.owners || s.loginNames || s.backupSets, {
    message: 'must select everything, or name owners, loginNames or backupSets',
  });

/**
 * A name is part of the idempotency key of the audience's email and of its log lines, so it is a
 * short plain word: letters, digits, dot, dash, underscore.
 */
const audienceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "-" or "_"');

export const audienceSchema = z.strictObject({
  name: audienceName,
  to: z.array(email).min(1, 'must list at least one recipient'),
  replyTo: email.optional(),
  /** The digest's title, in its heading and subject; default: the report title and the name. */
  title: z.string().trim().min(1, 'must not be empty').max(80).optional(),
  select: audienceSelectorSchema,
  /** Default: `report.sendWhen`. */
  sendWhen: sendWhenSchema.optional(),
});

export const audiencesSchema = z
  .array(audienceSchema)
  .default([])
  .superRefine((audiences, ctx) => {
    const seen = new Set<string>();
    audiences.forEach((audience, index) => {
      if (seen.has(audience.name))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `"${audience.name}" is the name of an earlier audience; names must be unique`,
        });
      seen.add(audience.name);
    });
  });

export type AudienceConfig = z.infer<typeof audienceSchema>;
