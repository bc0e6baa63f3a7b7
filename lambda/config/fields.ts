import { IANAZone } from 'luxon';
import * as z from 'zod';

/** Field rules shared by the config sections (schema.ts and deploy-schema.ts). */

/**
 * A message for a format check that still says `required` when the field is missing: zod lets a
 * schema's own message win over the parse-wide one that turns "undefined" into "required".
 */
export const unlessMissing =
  (message: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'required' : message;

export const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  message: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"',
});

export const email = z.email({ error: unlessMissing('must be an email address') });
