import { DateTime } from 'luxon';
import { z } from 'zod';
import { formatIssues } from '../config/format-issues';
import { EventError } from '../errors';

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
});

const eventBridgeRuleEventSchema = z.looseObject({
  'detail-type': z.literal('Scheduled Event'),
  time: isoInstant,
});

export interface DigestRequest {
  /** The instant the run stands for: the scheduled time if known, else now. */
  anchor: Date;
  /** Report for this date (report time zone) instead of the window before `anchor`. */
  date?: string;
  dryRun: boolean;
  trigger: 'schedule' | 'on-demand';
}

/** Validates an invocation event before anything is fetched or sent. */
export function parseInvocationEvent(event: unknown, now: Date): DigestRequest {
  if (typeof event === 'object' && event !== null && 'detail-type' in event) {
    const rule = eventBridgeRuleEventSchema.safeParse(event);
    if (!rule.success)
      throw new EventError(`EventBridge event is invalid:\n${formatIssues(rule.error.issues)}`);
    return { anchor: new Date(rule.data.time), dryRun: false, trigger: 'schedule' };
  }

  const parsed = digestEventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new EventError(`invocation event is invalid:\n${formatIssues(parsed.error.issues)}`);
  }
  const { scheduledTime, date, dryRun } = parsed.data;
  if (scheduledTime && date)
    throw new EventError('invocation event is invalid:\n  date: cannot be combined with scheduledTime');
  return {
    anchor: scheduledTime ? new Date(scheduledTime) : now,
    ...(date ? { date } : {}),
    dryRun: dryRun ?? false,
    trigger: scheduledTime ? 'schedule' : 'on-demand',
  };
}
