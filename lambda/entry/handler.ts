import type { Context } from 'aws-lambda';
import { Deadline, sendReserveMs } from '../core/deadline';
import type { RunSummary } from '../core/run-digest';
import { runOrReport } from '../core/run-or-report';
import { parseInvocationEvent } from './invocation-event';
import { createRuntime, type Runtime, runDependencies } from './runtime';

export type RunResult = RunSummary & { html?: string; text?: string };
export type SkippedResult = { skipped: true; reason: string; idempotencyKey: string };
export type HandlerResult = RunResult | SkippedResult;

export const isSkipped = (result: HandlerResult): result is SkippedResult => 'skipped' in result;

let runtime: Promise<Runtime> | undefined;

/** Built on first use and kept while the container is warm; a failed start is retried next time. */
function getRuntime(): Promise<Runtime> {
  runtime ??= createRuntime().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

/**
 * Scheduled run: `{"scheduledTime": "..."}`. Console test events: `{"dryRun": true}` renders and
 * returns the digest without sending; `{"date": "2026-11-28"}` reports on that date.
 */
export const handler = async (event: unknown, context?: Context): Promise<HandlerResult> => {
  const request = parseInvocationEvent(event, new Date());
  const rt = await getRuntime();
  if (context?.awsRequestId) rt.log.info('invocation', { requestId: context.awsRequestId });
  const deadline = context ? deadlineOf(context) : Deadline.none();
  const execute = async (): Promise<RunResult> => {
    const { summary, rendered } = await runOrReport(runDependencies(rt, deadline), rt.settings, request);
    return request.dryRun ? { ...summary, html: rendered.html, text: rendered.text } : summary;
  };
  const key = request.idempotencyKey;
  if (!key || !rt.runOnce) return execute();
  const once = await rt.runOnce.run(key, context, execute);
  if (once.status === 'completed') return once.value;
  rt.log.info('duplicate invocation stands down', { idempotencyKey: key });
  return { skipped: true, reason: 'a run for this key is in progress', idempotencyKey: key };
};

/** Fetching stops early enough to leave time to render and send: the email always goes. */
function deadlineOf(context: Pick<Context, 'getRemainingTimeInMillis'>): Deadline {
  const remaining = context.getRemainingTimeInMillis();
  return Deadline.in(remaining, sendReserveMs(remaining));
}

/** For tests: forget the warm runtime so the next call reads config and env afresh. */
export function resetRuntimeForTests(): void {
  runtime = undefined;
}
