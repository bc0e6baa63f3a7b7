import type { Context } from 'aws-lambda';
import { RunInProgressError } from '../adapters/idempotency/run-once';
import { digestFacts, type RunFacts } from '../adapters/metrics/run-metrics';
import { Deadline } from '../core/deadline';
import type { DigestRequest } from '../core/digest-request';
import { DigestFailedError } from '../core/errors';
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
  const started = Date.now();
  if (context?.awsRequestId) runtime.log.info('invocation', { requestId: context.awsRequestId });
  const deps = runDependencies(runtime, Deadline.forRun(context));
  let facts: RunFacts | undefined;
  const execute = async (): Promise<RunResult> => {
    try {
      const { summary, rendered } = await runOrReport(deps, runtime.settings, request);
      facts = digestFacts(summary, 0);
      return request.dryRun ? { ...summary, html: rendered.html, text: rendered.text } : summary;
    } catch (error) {
      if (error instanceof DigestFailedError)
        facts = { outcome: 'failed', noticeSent: error.noticeSent, durationMs: 0 };
      throw error;
    }
  };
  try {
    const key = request.idempotencyKey;
    if (!key || !runtime.runOnce) return await execute();
    // A duplicate of a run in progress, or of one that crashed, fails: Lambda retries it later.
    const result = await runtime.runOnce.run(key, context, execute);
    facts ??= { outcome: 'replayed', durationMs: 0 };
    return result;
  } catch (error) {
    if (error instanceof RunInProgressError) facts = { outcome: 'in-progress', durationMs: 0 };
    throw error;
  } finally {
    if (facts) runtime.metrics?.publish({ ...facts, durationMs: Date.now() - started });
  }
}
