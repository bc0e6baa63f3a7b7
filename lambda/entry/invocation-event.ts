import { DateTime } from 'luxon';
import * as z from 'zod';
import { formatIssues } from '../config/format-issues';
import type { DigestRequest } from '../core/digest-request';
import { EventError } from './event-error';

/**
 * What an invocation may ask for. The schedule sends `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`;
 * a console test event may send `{"dryRun": true}` and/or `{"date": "2026-11-28"}`. An EventBridge
 * rule event (`"detail-type": "Scheduled Event"`, `time`) is accepted too. Unknown keys of a
 * console event are rejected so a typo (`"dryrun"`) cannot send a real email.
 */
// Date.parse rolls 2026-02-30 over to March 2; luxon rejects it.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d, { zone: 'UTC' }).isValid, 'is not a calendar date');

const isoInstant = z
  .string()
  .refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && DateTime.fromISO(t, { setZone: true }).isValid, {
    message: 'must be an ISO 8601 time such as 2026-11-29T06:00:00Z',
  });

const digestEventSchema = z.strictObject({
  scheduledTime: isoInstant.optional(),
  date: isoDate.optional(),
  dryRun: z.boolean().optional(),
  /** An on-demand run is sent once per dedupeKey; without one, every on-demand run sends. */
  dedupeKey: z.string().trim().min(1).max(200).optional(),
});

/**
 * An EventBridge envelope has exactly these keys. Anything else (`"dryRun": true`, `date`) was
 * added by hand and would be silently ignored, so a "dry run" would send a real email: refuse it.
 */
const eventBridgeRuleEventSchema = z.strictObject({
  version: z.string().optional(),
  id: z.string().optional(),
  'detail-type': z.literal('Scheduled Event'),
  source: z.string().optional(),
  account: z.string().optional(),
  time: isoInstant,
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.unknown().optional(),
});

/** Validates an invocation event before anything is fetched or sent. */
export function parseInvocationEvent(event: unknown, now: Date): DigestRequest {
  if (typeof event === 'object' && event !== null && 'detail-type' in event) {
    const rule = eventBridgeRuleEventSchema.safeParse(event);
    if (!rule.success)
      throw new EventError(`EventBridge event is invalid:\n${formatIssues(rule.error.issues)}`);
    const anchor = new Date(rule.data.time);
    return { anchor, dryRun: false, trigger: 'schedule', idempotencyKey: `schedule:${anchor.toISOString()}` };
  }

  const parsed = digestEventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new EventError(`invocation event is invalid:\n${formatIssues(parsed.error.issues)}`);
  }
  const { scheduledTime, date, dryRun, dedupeKey } = parsed.data;
  if (scheduledTime && date)
    throw new EventError('invocation event is invalid:\n  date: cannot be combined with scheduledTime');
  const anchor = scheduledTime ? new Date(scheduledTime) : now;
  const request: DigestRequest = {
    anchor,
    ...(date ? { date } : {}),
    dryRun: dryRun ?? false,
    trigger: scheduledTime ? 'schedule' : 'on-demand',
  };
  if (!request.dryRun) {
    // The scheduled time names the run: retries and duplicates of it carry the same one.
    const key = scheduledTime
      ? `schedule:${anchor.toISOString()}`
      : dedupeKey
        ? `on-demand:${dedupeKey}`
        : undefined;
    if (key) request.idempotencyKey = key;
  }
  return request;
}
