import type { Context } from 'aws-lambda';
import { watchedServerUsers } from '../core/collect-rows';
import { CountingServer } from '../core/counting-server';
import { Deadline } from '../core/deadline';
import type { DigestRequest } from '../core/digest-request';
import { computeWindow } from '../core/report-window';
import { reportingFailure } from '../core/run-or-report';
import { healthOf } from '../core/server-health';
import { planWatch } from '../core/watch-plan';
import { watchByUser } from '../core/watch-shares';
import {
  type PlanRows,
  type PlanSummary,
  parseStepInput,
  planEventSchema,
  planItem,
  requestFromJson,
  requestToJson,
  runKeys,
  windowToJson,
} from './fan-out-messages';
import { createFanOutRuntime, type FanOutRuntime } from './fan-out-runtime';
import { lazily } from './lazily';
import { runDependencies } from './runtime';

export type PlanHandler = (event: unknown, context?: Context) => Promise<PlanSummary>;

/**
 * Fan-out step 1. Input `{"request": …, "runId": <execution name>}`. Computes the window once,
 * asks CBS for its users in whole-server mode, plans the watch list, and writes the plan's users
 * (the Distributed Map's items) and its own rows to the run bucket.
 */
export function createPlanHandler(makeRuntime: () => Promise<FanOutRuntime>): PlanHandler {
  const runtime = lazily(makeRuntime);
  return async (event, context) => {
    const input = parseStepInput(planEventSchema, event, 'Plan input');
    return plan(await runtime(), input.runId, requestFromJson(input.request), Deadline.forRun(context));
  };
}

async function plan(
  rt: FanOutRuntime,
  runId: string,
  request: DigestRequest,
  deadline: Deadline,
): Promise<PlanSummary> {
  const { settings, log } = rt;
  const window = computeWindow(settings.report, request.anchor, request.date);
  log.info('plan started', {
    runId,
    trigger: request.trigger,
    windowStart: window.start.toISO(),
    windowEnd: window.end.toISO(),
  });

  const deps = runDependencies(rt, deadline);
  // Credentials unreadable or the login refused: no batch could do better, so the notice goes now.
  const listed = await reportingFailure(
    deps,
    settings,
    request,
    window,
    async (): Promise<PlanRows & { users: { loginName: string; owner?: string | undefined }[] }> => {
      const allUsers = settings.watch.allUsers;
      if (!allUsers) return { rows: [], users: [] };
      const server = new CountingServer(await deps.connect());
      const { users, rows, inactive } = await watchedServerUsers(server, allUsers, log);
      if (server.authFailure) throw server.authFailure;
      return { rows, users, health: healthOf(server), inactiveUsers: inactive };
    },
  );

  const items = watchByUser(planWatch(settings.watch, listed.users)).map((share, index) =>
    planItem(index, share),
  );
  const keys = runKeys(runId);
  const planRows: PlanRows = {
    rows: listed.rows,
    health: listed.health,
    inactiveUsers: listed.inactiveUsers,
  };
  await Promise.all([rt.runData.put(keys.items, items), rt.runData.put(keys.plan, planRows)]);
  log.info('plan written', { runId, users: items.length, rows: listed.rows.length });
  return {
    runId,
    request: requestToJson(request),
    window: windowToJson(window),
    itemsKey: keys.items,
    planKey: keys.plan,
    rowsPrefix: keys.rowsPrefix,
    users: items.length,
  };
}

export const handler = createPlanHandler(() => createFanOutRuntime());
