import type { SendWhen } from './audience';
import { ATTENTION_CLASSES } from './build-digest';
import type { Digest, DigestTotals } from './digest';
import type { DigestRenderer, RenderedDigest } from './digest-renderer';
import type { Log } from './log';
import type { Mailer } from './mailer';
import type { DeliveryOutcome } from './run-summary';

/** Where one digest goes: the admins' (`mail.to`) or an audience's. */
export interface DeliveryTarget {
  /** `admins`, or the audience's name. */
  audience: string;
  from: string;
  to: string[];
  replyTo?: string | undefined;
  sendWhen: SendWhen;
  /** The run's idempotency key for this digest: a retry skips what SES already took. */
  onceKey?: string | undefined;
}

/** The name the admins' digest goes by in logs, metrics and idempotency keys. */
export const ADMINS = 'admins';

/** Whether any row counts against the verdict: failed, missed, unknown status, not checked. */
export function needsAttention(totals: DigestTotals): boolean {
  return ATTENTION_CLASSES.some((jobClass) => totals.byClass[jobClass] > 0);
}

/** The idempotency key of an audience's email: the run's key, and the audience's name. */
export function deliveryKey(runKey: string | undefined, audience: string): string | undefined {
  if (runKey === undefined) return undefined;
  return audience === ADMINS ? runKey : `${runKey}#audience#${audience}`;
}

/**
 * Renders and (unless dry, or quiet) sends one digest. A failure is caught and returned in the
 * outcome, so one audience's bad night never costs the others theirs; the run fails at its end.
 */
export async function deliver(
  deps: { renderer: DigestRenderer; mailer: Mailer; log: Log },
  target: DeliveryTarget,
  digest: Digest,
  dryRun: boolean,
): Promise<{ outcome: DeliveryOutcome; rendered?: RenderedDigest }> {
  const outcome: DeliveryOutcome = {
    audience: target.audience,
    counts: digest.totals.byClass,
    rows: digest.totals.rows,
    recipients: target.to.length,
    sent: false,
    quiet: target.sendWhen === 'attention' && !needsAttention(digest.totals),
  };
  let rendered: RenderedDigest | undefined;
  try {
    rendered = deps.renderer.render(digest);
    outcome.subject = rendered.subject;
    if (dryRun || outcome.quiet) return { outcome, rendered };
    const { messageId } = await deps.mailer.send({
      from: target.from,
      to: target.to,
      replyTo: target.replyTo,
      onceKey: target.onceKey,
      ...rendered,
    });
    outcome.sent = true;
    outcome.messageId = messageId;
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    outcome.failure = `${name}: ${message}`;
    deps.log.error('digest not delivered', { audience: target.audience, error: outcome.failure });
  }
  return rendered ? { outcome, rendered } : { outcome };
}
