import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { digestFacts } from '../adapters/metrics/run-metrics';
import { Deadline } from '../core/deadline';
import type { DigestRow } from '../core/digest';
import { DeliveryFailedError, DigestFailedError } from '../core/errors';
import { extrasOf, historyFaults, type NightFacts, NOTHING_FOUND } from '../core/judge-night';
import { deliverKnowingIssues, type RunSummary } from '../core/run-digest';
import { reportingFailure } from '../core/run-or-report';
import { fatalAcross, type ServerHealth } from '../core/server-health';
import { notCheckedRows } from '../core/watch-shares';
import {
  type BatchRows,
  batchRowsSchema,
  describeStepFailure,
  type MergeEvent,
  mergeEventSchema,
  type PlanRows,
  parseStepInput,
  planItemSchema,
  planRowsSchema,
  requestFromJson,
  shareOf,
  windowFromJson,
} from './fan-out-messages';
import { createFanOutRuntime, type FanOutRuntime } from './fan-out-runtime';
import { heartbeatAfter } from './invoke';
import { lazily } from './lazily';
import { runDependencies } from './runtime';

export type MergeHandler = (event: unknown, context?: Context) => Promise<RunSummary>;

/**
 * Fan-out step 3: `{"plan": <Plan's summary>}`, and `collectFailure` when the map failed as a
 * whole. Reads Plan's rows and every batch's, makes a "not checked" row for each user no batch
 * wrote, then builds, renders and sends the digests with the core's deliverKnowingIssues. Credentials,
 * a refused login or a server no batch reached leave no digest: the notice goes out, and the run
 * fails so its alarm fires, as a single run does.
 */
export function createMergeHandler(makeRuntime: () => Promise<FanOutRuntime>): MergeHandler {
  const runtime = lazily(makeRuntime);
  return async (event, context) => {
    const started = Date.now();
    const input = parseStepInput(mergeEventSchema, event, 'Merge input');
    const rt = await runtime();
    // Merge sends the run's digest, so it writes the run's metrics: the dead man's switch and the
    // not-checked alarm watch fan-out runs as they watch single ones.
    try {
      const summary = await merge(rt, input, Deadline.forRun(context));
      const facts = digestFacts(summary, 0);
      // The monitor outside AWS hears from a fan-out run as from a single one: after its digests went.
      await heartbeatAfter(facts, rt);
      rt.metrics?.publish({ ...facts, durationMs: Date.now() - started });
      return summary;
    } catch (error) {
      if (error instanceof DeliveryFailedError)
        rt.metrics?.publish(digestFacts(error.summary, Date.now() - started));
      if (error instanceof DigestFailedError)
        rt.metrics?.publish({
          outcome: 'failed',
          noticeSent: error.noticeSent,
          durationMs: Date.now() - started,
        });
      throw error;
    }
  };
}

async function merge(rt: FanOutRuntime, input: MergeEvent, deadline: Deadline): Promise<RunSummary> {
  const { plan } = input;
  const { settings, log, runData } = rt;
  const request = requestFromJson(plan.request);
  const read = async <T>(key: string, schema: z.ZodType<T>): Promise<T> =>
    parseStepInput(schema, await runData.get(key), `s3 object ${key}`);

  const [items, planRows, rowKeys] = await Promise.all([
    read(plan.itemsKey, z.array(planItemSchema)),
    read(plan.planKey, planRowsSchema) as Promise<PlanRows>,
    runData.list(plan.rowsPrefix),
  ]);
  const batches = (await Promise.all(rowKeys.map((key) => read(key, batchRowsSchema)))) as BatchRows[];

  const covered = new Set(batches.flatMap((batch) => batch.items));
  const reason = input.collectFailure
    ? `the run's collecting failed: ${describeStepFailure(input.collectFailure)}`
    : 'its batch wrote no rows';
  const unwritten = items.filter((item) => !covered.has(item.index));
  const rows: DigestRow[] = [
    ...planRows.rows,
    ...batches.flatMap((batch) => batch.rows),
    ...unwritten.flatMap((item) => notCheckedRows(shareOf(item, settings.cbs.timeZone), reason)),
  ];
  log.info('merging', {
    runId: plan.runId,
    batches: batches.length,
    failedBatches: batches.filter((batch) => batch.failure !== undefined).length,
    usersNoBatchWrote: unwritten.length,
    rows: rows.length,
  });

  // Only the batches that asked CBS say anything of it; a caught batch asked nothing.
  const healths: ServerHealth[] = [
    ...(planRows.health ? [planRows.health] : []),
    ...batches.filter((batch) => batch.failure === undefined).map((batch) => batch.health),
  ];
  const deps = runDependencies(rt, deadline);
  const window = windowFromJson(plan.window);
  const parts: NightFacts[] = [
    { ...NOTHING_FOUND, inactiveUsers: planRows.inactiveUsers ?? 0 },
    ...batches.flatMap((batch) => (batch.facts ? [batch.facts] : [])),
  ];
  const outcome = await reportingFailure(deps, settings, request, window, async () => {
    const fatal = fatalAcross(healths);
    if (fatal) throw fatal;
    return deliverKnowingIssues(deps, settings, request, window, rows, extrasOf(parts));
  });
  const sum = (pick: (batch: BatchRows) => number | undefined): number =>
    batches.reduce((total, batch) => total + (pick(batch) ?? 0), 0);
  return {
    ...outcome.summary,
    cbsCalls: sum((batch) => batch.cbsCalls),
    cbsFailures: sum((batch) => batch.cbsFailures),
    historyFaults: historyFaults(parts),
  };
}

export const handler = createMergeHandler(() => createFanOutRuntime());
