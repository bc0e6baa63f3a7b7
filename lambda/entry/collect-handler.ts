import type { Context } from 'aws-lambda';
import { collectRows } from '../core/collect-rows';
import { CountingServer } from '../core/counting-server';
import { Deadline } from '../core/deadline';
import { CredentialsError } from '../core/errors';
import { NightJudge } from '../core/night-judge';
import { healthOf, type ServerHealth } from '../core/server-health';
import { notCheckedRows, watchOf } from '../core/watch-shares';
import {
  type BatchRows,
  type CollectEvent,
  collectEventSchema,
  describeStepFailure,
  parseStepInput,
  runKeys,
  shareOf,
  windowFromJson,
} from './fan-out-messages';
import { createFanOutRuntime, type FanOutRuntime } from './fan-out-runtime';
import { lazily } from './lazily';
import { connectBackupServer } from './runtime';

export interface CollectResult {
  rowsKey: string;
  users: number;
  rows: number;
}

export type CollectHandler = (event: unknown, context?: Context) => Promise<CollectResult>;

/**
 * Fan-out step 2, once per batch of the Distributed Map: `{"batch": {"Items": [...], "BatchInput":
 * {...}}}`. Collects the batch's users with the core's collectRows and judges their nights with
 * a NightJudge (history included), exactly as a single run does all of them, and writes the rows to
 * the run bucket. With `failure` (Step Functions
 * caught the batch failing after its retry) it asks CBS nothing and writes a "not checked" row
 * per user, saying why.
 */
export function createCollectHandler(makeRuntime: () => Promise<FanOutRuntime>): CollectHandler {
  const runtime = lazily(makeRuntime);
  return async (event, context) => {
    const input = parseStepInput(collectEventSchema, event, 'Collect input');
    const rt = await runtime();
    const { Items, BatchInput } = input.batch;
    const batch = input.failure
      ? failedBatch(rt, input, describeStepFailure(input.failure))
      : await collectBatch(rt, input, Deadline.forRun(context));
    const rowsKey = runKeys(BatchInput.runId).rows(Math.min(...Items.map((item) => item.index)));
    await rt.runData.put(rowsKey, batch);
    rt.log.info('batch written', {
      rowsKey,
      users: Items.length,
      rows: batch.rows.length,
      failure: batch.failure,
    });
    return { rowsKey, users: Items.length, rows: batch.rows.length };
  };
}

async function collectBatch(rt: FanOutRuntime, input: CollectEvent, deadline: Deadline): Promise<BatchRows> {
  const { Items, BatchInput } = input.batch;
  const shares = Items.map((item) => shareOf(item, rt.settings.cbs.timeZone));
  const items = Items.map((item) => item.index);
  let server: CountingServer;
  try {
    server = new CountingServer(await connectBackupServer(rt, deadline));
  } catch (error) {
    // As in a single run, unreadable credentials leave no digest: Merge sends the notice instead.
    if (!(error instanceof CredentialsError)) throw error;
    const health: ServerHealth = { credentials: error.message };
    return { items, rows: shares.flatMap((share) => notCheckedRows(share, error.message)), health };
  }
  const window = windowFromJson(BatchInput.window);
  // Each set is judged by its own past only, so a batch recalls, judges and remembers its users
  // exactly as a single run does all of them, each as soon as it is collected; Merge adds up what
  // the batches found.
  const judge = new NightJudge(
    server,
    { history: rt.history, log: rt.log, deadline },
    { settings: rt.settings, window, dryRun: BatchInput.dryRun },
  );
  const collected = await collectRows(
    server,
    { watch: watchOf(shares), cbs: rt.settings.cbs, expect: rt.settings.expect },
    window,
    rt.log,
    judge,
  );
  const night = { rows: collected.rows, facts: await judge.finish(collected.inactiveUsers) };
  return {
    items,
    rows: night.rows,
    health: healthOf(server),
    facts: night.facts,
    cbsCalls: server.succeeded + server.failed,
    cbsFailures: server.failed,
  };
}

function failedBatch(rt: FanOutRuntime, input: CollectEvent, reason: string): BatchRows {
  const { Items } = input.batch;
  rt.log.warn('batch failed, its users are not checked', { users: Items.length, reason });
  const rows = Items.flatMap((item) => notCheckedRows(shareOf(item, rt.settings.cbs.timeZone), reason));
  return { items: Items.map((item) => item.index), rows, health: {}, failure: reason };
}

export const handler = createCollectHandler(() => createFanOutRuntime());
