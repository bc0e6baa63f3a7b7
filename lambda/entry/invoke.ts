import type { Context } from 'aws-lambda';
import type { Heartbeat } from '../adapters/heartbeat/heartbeat';
import { RunInProgressError } from '../adapters/idempotency/run-once';
import { digestFacts, type RunFacts } from '../adapters/metrics/run-metrics';
import { Deadline } from '../core/deadline';
import type { DigestRequest } from '../core/digest-request';
import { DeliveryFailedError, DigestFailedError } from '../core/errors';
import type { Log } from '../core/log';
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
      if (error instanceof DeliveryFailedError) facts = digestFacts(error.summary, 0);
      throw error;
    }
  };
  try {
    const key = request.idempotencyKey;
    // A duplicate of a run in progress, or of one that crashed, fails: Lambda retries it later.
    const result =
      key && runtime.runOnce ? await runtime.runOnce.run(key, context, execute) : await execute();
    facts ??= { outcome: 'replayed', durationMs: 0 };
    // Outside the at-most-once section: a monitor that hangs must not hold the run's record.
    await heartbeatAfter(facts, runtime);
    return result;
  } catch (error) {
    if (error instanceof RunInProgressError) facts = { outcome: 'in-progress', durationMs: 0 };
    throw error;
  } finally {
    if (facts) runtime.metrics?.publish({ ...facts, durationMs: Date.now() - started });
  }
}

/**
 * Pings the monitor after a run that did its work, and records how the ping went in `facts`: after a
 * single run's digest, or fan-out Merge's. A quiet all-clear night (report.sendWhen "attention")
 * sends no email but did its work: the monitor must hear from it too, or silence by choice would
 * look like a dead schedule.
 */
export async function heartbeatAfter(
  facts: RunFacts,
  runtime: { heartbeat: Heartbeat | undefined; log: Log },
): Promise<void> {
  if ((facts.outcome === 'sent' || facts.outcome === 'quiet') && runtime.heartbeat)
    facts.heartbeat = await pingHeartbeat(runtime.heartbeat, runtime.log);
}

/** Pings the monitor; a failure is a warning and a metric, never the run's failure: the digest went. */
async function pingHeartbeat(heartbeat: Heartbeat, log: Log): Promise<'ok' | 'failed'> {
  const outcome = await heartbeat.ping();
  if (outcome.ok) {
    log.info('heartbeat sent', { attempts: outcome.attempts });
    return 'ok';
  }
  log.warn('heartbeat ping failed', { attempts: outcome.attempts, reason: outcome.reason });
  return 'failed';
}
