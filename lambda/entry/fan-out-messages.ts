import { DateTime } from 'luxon';
import * as z from 'zod';
import { parseJobId } from '../adapters/cbs/cbs-time';
import { formatIssues } from '../config/format-issues';
import type { DigestRow } from '../core/digest';
import type { DigestRequest } from '../core/digest-request';
import type { NightFacts } from '../core/judge-night';
import type { ReportWindow } from '../core/report-window';
import type { ServerHealth } from '../core/server-health';
import type { UserWatch } from '../core/watch-shares';
import { EventError } from './event-error';

/**
 * What the steps of a fan-out run hand each other, through Step Functions and the run bucket.
 * Everything is checked on the way in with the schemas below, so a step given something it does
 * not understand says which field, rather than collecting or sending the wrong thing.
 */

const isoInstant = z
  .string()
  .refine((t) => DateTime.fromISO(t, { setZone: true }).isValid, 'must be an ISO 8601 time');

/** The run's request as Start hands it to the state machine: the scheduled time, or a date. */
export const runRequestSchema = z.strictObject({
  anchor: isoInstant,
  date: z.string().optional(),
  dryRun: z.boolean(),
  trigger: z.enum(['schedule', 'on-demand']),
});
export type RunRequestJson = z.infer<typeof runRequestSchema>;

export function requestToJson(request: DigestRequest): RunRequestJson {
  return {
    anchor: request.anchor.toISOString(),
    ...(request.date === undefined ? {} : { date: request.date }),
    dryRun: request.dryRun,
    trigger: request.trigger,
  };
}

/** Step Functions names the run after the request; the run needs no idempotency key of its own. */
export function requestFromJson(json: RunRequestJson): DigestRequest {
  return {
    anchor: new Date(json.anchor),
    ...(json.date === undefined ? {} : { date: json.date }),
    dryRun: json.dryRun,
    trigger: json.trigger,
  };
}

/** The window as computed once by Plan: full ISO times, so every batch and Merge use the same instants. */
export const windowSchema = z.strictObject({ start: isoInstant, end: isoInstant, timeZone: z.string() });
export type WindowJson = z.infer<typeof windowSchema>;

export function windowToJson(window: ReportWindow): WindowJson {
  return { start: window.start.toISO() ?? '', end: window.end.toISO() ?? '', timeZone: window.timeZone };
}

export function windowFromJson(json: WindowJson): ReportWindow {
  const start = DateTime.fromISO(json.start, { setZone: true }).setZone(json.timeZone);
  const end = DateTime.fromISO(json.end, { setZone: true }).setZone(json.timeZone);
  return { start, end, label: start.toISODate() ?? '', timeZone: json.timeZone };
}

const watchedUser = z.strictObject({ loginName: z.string(), owner: z.string().optional() });

/** One user's share of the plan, as an item of the Distributed Map: `index` names it in the plan. */
export const planItemSchema = z.strictObject({
  index: z.number().int().min(0),
  loginName: z.string(),
  users: z.array(watchedUser),
  backupSets: z.array(
    watchedUser.extend({
      backupSetId: z.string(),
      destinationId: z.string().optional(),
      name: z.string().optional(),
    }),
  ),
  jobs: z.array(
    watchedUser.extend({ backupSetId: z.string(), destinationId: z.string().optional(), jobId: z.string() }),
  ),
});
export type PlanItem = z.infer<typeof planItemSchema>;

export function planItem(index: number, share: UserWatch): PlanItem {
  return {
    index,
    loginName: share.loginName,
    users: share.users.map(({ loginName, owner }) => ({ loginName, owner })),
    backupSets: share.backupSets.map(({ loginName, owner, backupSetId, destinationId, name }) => ({
      loginName,
      owner,
      backupSetId,
      destinationId,
      name,
    })),
    // The id's instant is read again where the share is used, by the CBS adapter that owns the format.
    jobs: share.jobs.map(({ loginName, owner, backupSetId, destinationId, jobId }) => ({
      loginName,
      owner,
      backupSetId,
      destinationId,
      jobId,
    })),
  };
}

export function shareOf(item: PlanItem, cbsTimeZone: string): UserWatch {
  return {
    loginName: item.loginName,
    users: item.users,
    backupSets: item.backupSets,
    jobs: item.jobs.map((job) => ({ ...job, idStart: parseJobId(job.jobId, cbsTimeZone) })),
  };
}

/** What Plan returns to the state machine; Collect reads `itemsKey`, Merge the rest. */
export const planSummarySchema = z.strictObject({
  runId: z.string().min(1),
  request: runRequestSchema,
  window: windowSchema,
  /** The JSON array of plan items the Distributed Map reads. */
  itemsKey: z.string(),
  /** Plan's own rows (the server's user list) and what it learnt of the server. */
  planKey: z.string(),
  /** Where the batches write their rows, one object each. */
  rowsPrefix: z.string(),
  users: z.number().int().min(0),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

const healthSchema = z.strictObject({
  credentials: z.string().optional(),
  loginRefused: z.strictObject({ message: z.string(), serverMessage: z.string() }).optional(),
  unreachable: z.string().optional(),
});

/** Rows are written and read by the same code: checked for their shape, not field by field. */
const rowsSchema = z.array(
  z.looseObject({
    jobClass: z.enum(['failed', 'missed', 'unknown', 'error', 'warning', 'running', 'ok']),
    reason: z.string(),
    user: z.looseObject({ loginName: z.string() }),
    notes: z.array(z.string()),
  }),
);

const setLineSchema = z.looseObject({
  user: z.looseObject({ loginName: z.string() }),
  backupSetId: z.string(),
  name: z.string().optional(),
});

/** What a part of the run found besides its rows (core/judge-night.ts), read back as it was written. */
const nightFactsSchema = z.strictObject({
  historyUnavailable: z.string().optional(),
  backfill: z
    .strictObject({
      nights: z.number().int().min(0),
      calls: z.number().int().min(0),
      incompleteUsers: z.number().int().min(0),
      users: z.number().int().min(0).optional(),
      sets: z.number().int().min(0).optional(),
    })
    .optional(),
  unreadUsers: z.number().int().min(0).optional(),
  recalledUsers: z.number().int().min(0).optional(),
  notRemembered: z.string().optional(),
  notScheduled: z.array(setLineSchema),
  removed: z.array(setLineSchema),
  remembers: z.boolean(),
  inactiveUsers: z.number().int().min(0),
  guessedSchedules: z.number().int().min(0),
});

/** Plan's own rows, and what it learnt of the server when it asked it (whole-server mode). */
export const planRowsSchema = z.strictObject({
  rows: rowsSchema,
  health: healthSchema.optional(),
  /** Suspended or locked users Plan left out in whole-server mode. */
  inactiveUsers: z.number().int().min(0).optional(),
});
export interface PlanRows {
  rows: DigestRow[];
  health?: ServerHealth | undefined;
  inactiveUsers?: number | undefined;
}

/** One batch's object: the plan items it covered, their rows, and what it learnt of the server. */
export const batchRowsSchema = z.strictObject({
  items: z.array(z.number().int().min(0)),
  rows: rowsSchema,
  health: healthSchema,
  /** Set when the batch failed after its retry and its users are "not checked" for this reason. */
  failure: z.string().optional(),
  /** What judging the batch's night found (absent when the batch asked CBS nothing). */
  facts: nightFactsSchema.optional(),
  /** CBS calls the batch made, and how many failed: Merge adds them up for the run's metrics. */
  cbsCalls: z.number().int().min(0).optional(),
  cbsFailures: z.number().int().min(0).optional(),
});
export interface BatchRows {
  items: number[];
  rows: DigestRow[];
  health: ServerHealth;
  failure?: string;
  facts?: NightFacts | undefined;
  cbsCalls?: number | undefined;
  cbsFailures?: number | undefined;
}

/** The Distributed Map's batch, and, when Step Functions caught its failure, the error. */
export const collectEventSchema = z.strictObject({
  batch: z.strictObject({
    Items: z.array(planItemSchema).min(1),
    BatchInput: z.strictObject({
      runId: z.string().min(1),
      window: windowSchema,
      /** A dry run's batches judge their nights without remembering them. */
      dryRun: z.boolean(),
    }),
  }),
  failure: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type CollectEvent = z.infer<typeof collectEventSchema>;

export const mergeEventSchema = z.strictObject({
  plan: planSummarySchema,
  collectFailure: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type MergeEvent = z.infer<typeof mergeEventSchema>;

export const planEventSchema = z.strictObject({ request: runRequestSchema, runId: z.string().min(1) });

/** Parses a step's input, or throws EventError naming every bad field. */
export function parseStepInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new EventError(`${what} is invalid:\n${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}

/**
 * A Step Functions error in words: Lambda's own `Cause` is a JSON document whose `errorMessage`
 * says it; other causes are kept as they are. Cut short, as it lands in a digest row.
 */
export function describeStepFailure(failure: {
  Error?: string | undefined;
  Cause?: string | undefined;
}): string {
  let message = failure.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorMessage?: unknown; errorType?: unknown };
    if (typeof cause.errorMessage === 'string') message = cause.errorMessage;
  } catch {
    // Not JSON: Step Functions' own causes are plain text.
  }
  const text = [failure.Error, message].filter((part) => part && part.length > 0).join(': ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text || 'no cause given';
}

/** Keys of one run's objects; the execution name makes them unique per run. */
export const runKeys = (runId: string) => ({
  items: `runs/${runId}/users.json`,
  plan: `runs/${runId}/plan.json`,
  rowsPrefix: `runs/${runId}/rows/`,
  /** Named by the batch's first item, so a retried or caught batch overwrites its own object only. */
  rows: (firstItem: number) => `runs/${runId}/rows/${String(firstItem).padStart(7, '0')}.json`,
});
