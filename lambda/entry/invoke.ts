import type { Context } from 'aws-lambda';
import { Deadline } from '../core/deadline';
import type { DigestRequest } from '../core/digest-request';
import type { RunSummary } from '../core/run-digest';
import { runOrReport } from '../core/run-or-report';
import { type Runtime, runDependencies } from './runtime';

export type RunResult = RunSummary & { html?: string; text?: string };
export type SkippedResult = { skipped: true; reason: string; idempotencyKey: string };
export type HandlerResult = RunResult | SkippedResult;

export const isSkipped = (result: HandlerResult): result is SkippedResult => 'skipped' in result;

/**
 * One invocation on a built runtime: the run within the time Lambda gives it, at most once per
 * idempotency key. A dry run returns the rendered digest too.
 */
export async function invoke(
  runtime: Runtime,
  request: DigestRequest,
  context: Context | undefined,
): Promise<HandlerResult> {
  if (context?.awsRequestId) runtime.log.info('invocation', { requestId: context.awsRequestId });
  const deps = runDependencies(runtime, Deadline.forRun(context));
  const execute = async (): Promise<RunResult> => {
    const { summary, rendered } = await runOrReport(deps, runtime.settings, request);
    return request.dryRun ? { ...summary, html: rendered.html, text: rendered.text } : summary;
  };
  const key = request.idempotencyKey;
  if (!key || !runtime.runOnce) return execute();
  const once = await runtime.runOnce.run(key, context, execute);
  if (once.status === 'completed') return once.value;
  runtime.log.info('duplicate invocation stands down', { idempotencyKey: key });
  return { skipped: true, reason: 'a run for this key is in progress', idempotencyKey: key };
}
