import type { Context } from 'aws-lambda';
import { Deadline } from '../core/deadline';
import type { DigestRequest } from '../core/digest-request';
import type { RunSummary } from '../core/run-digest';
import { runOrReport } from '../core/run-or-report';
import { type Runtime, runDependencies } from './runtime';

export type RunResult = RunSummary & { html?: string; text?: string };
export type HandlerResult = RunResult;

/**
 * One invocation on a built runtime: the run within the time Lambda gives it, at most once per
 * idempotency key (a duplicate answers with the stored result of the run that completed). A dry
 * run returns the rendered digest too.
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
  // A duplicate of a run in progress, or of one that crashed, fails: Lambda retries it later.
  return runtime.runOnce.run(key, context, execute);
}
