import { ATTENTION_CLASSES } from './build-digest';
import type { JobClass } from './classify-job';
import type { Digest, DigestRow } from './digest';
import type { Log } from './log';
import type { OwnerDirectory } from './owner-directory';
import type { RunSummary } from './run-summary';

/**
 * What a run tells the tools people already watch (Slack, Teams, a helpdesk): one summary of the
 * run and one event per row that needs attention. The EventBridge adapter publishes them; rules
 * route them (docs/events.md).
 */
export type DigestEvent =
  | { kind: 'run'; detail: RunEventDetail }
  | { kind: 'attention'; detail: AttentionEventDetail };

/** The summary event: the verdict and the counts of the admins' digest, and where each email went. */
export interface RunEventDetail {
  /** The run's idempotency key, if any: a retried run publishes again, consumers dedupe on it. */
  runKey: string | null;
  title: string;
  reportDate: string;
  window: { start: string; end: string; timeZone: string };
  verdict: 'attention' | 'all-clear';
  /** Rows that need attention (failed, missed, unknown status, not checked). */
  attention: number;
  /** Of those, how many were fine the last night they were due. */
  newProblems: number;
  /** Acknowledged rows (known issues): left out of `attention`, no event of their own. */
  knownIssues: number;
  rows: number;
  counts: Record<JobClass, number>;
  /** The admins' digest and each audience's: sent, quiet (all clear, not sent) or failed. */
  emails: { audience: string; sent: boolean; quiet: boolean; failed: boolean }[];
}

/** One row that needs attention, with what a ticket or a chat message needs to say. */
export interface AttentionEventDetail {
  runKey: string | null;
  reportDate: string;
  /** `new`: fine the last night it was due; `ongoing`: already wrong then; `unknown`: no history. */
  state: 'new' | 'ongoing' | 'unknown';
  class: JobClass;
  reason: string;
  user: string;
  /** The user's sub-admin (CBS `Owner`), if it has one and the run knows it. */
  subAdmin: string | null;
  backupSetId: string | null;
  backupSetName: string | null;
  destination: string | null;
  jobId: string | null;
  status: string | null;
  start: string | null;
  /** ISO instant of the set's last success on record, when the digest remembers. */
  lastSuccess: string | null;
  daysSinceSuccess: number | null;
  stuck: boolean;
  stale: boolean;
}

/** How a publish went: events accepted, and those given up on after the retries. */
export interface PublishReport {
  published: number;
  failed: number;
  /** The first reason an event was not accepted. */
  error?: string | undefined;
}

/** Publishes a run's events. EventBridge implements it; tests pass a recording fake. */
export interface EventPublisher {
  publish(events: readonly DigestEvent[]): Promise<PublishReport>;
}

const ATTENTION = new Set<JobClass>(ATTENTION_CLASSES);

/**
 * The run's events: the summary first, then one per row that needs attention, worst first. Rows
 * acknowledged as known issues are out of `digest.rows` already (buildDigest), so they raise none.
 * Pure.
 */
export function digestEvents(
  digest: Digest,
  summary: RunSummary,
  runKey: string | undefined,
  owners: OwnerDirectory,
): DigestEvent[] {
  const attention = digest.rows.filter((row) => ATTENTION.has(row.jobClass));
  const emails = [
    { audience: 'admins', sent: summary.sent, quiet: summary.quiet === true, failure: summary.failure },
    ...(summary.audiences ?? []),
  ].map((email) => ({
    audience: email.audience,
    sent: email.sent,
    quiet: email.quiet,
    failed: email.failure !== undefined,
  }));
  const run: DigestEvent = {
    kind: 'run',
    detail: {
      runKey: runKey ?? null,
      title: digest.title,
      reportDate: digest.label,
      window: digest.window,
      verdict: attention.length > 0 ? 'attention' : 'all-clear',
      attention: attention.length,
      newProblems: digest.totals.newProblems,
      knownIssues: digest.known?.length ?? 0,
      rows: digest.totals.rows,
      counts: digest.totals.byClass,
      emails,
    },
  };
  return [run, ...attention.map((row) => attentionEvent(row, digest.label, runKey, owners))];
}

function attentionEvent(
  row: DigestRow,
  reportDate: string,
  runKey: string | undefined,
  owners: OwnerDirectory,
): DigestEvent {
  const { history } = row;
  return {
    kind: 'attention',
    detail: {
      runKey: runKey ?? null,
      reportDate,
      state: history === undefined ? 'unknown' : history.isNew ? 'new' : 'ongoing',
      class: row.jobClass,
      reason: row.reason,
      user: row.user.loginName,
      subAdmin: owners.ownerOf(row.user)?.owner ?? null,
      backupSetId: row.backupSetId ?? null,
      backupSetName: row.backupSetName ?? null,
      destination: row.destinationName ?? row.destinationId ?? null,
      jobId: row.jobId ?? null,
      status: row.status ?? null,
      start: row.start ?? null,
      lastSuccess: history?.lastSuccess ?? null,
      daysSinceSuccess: history?.daysSinceSuccess ?? null,
      stuck: row.stuck === true,
      stale: row.stale === true,
    },
  };
}

/**
 * Publishes the run's events; a failure is logged and counted, never thrown: the email matters
 * more than the events, and it was sent (or not) already.
 */
export async function publishRunEvents(
  publisher: EventPublisher,
  events: readonly DigestEvent[],
  log: Log,
): Promise<PublishReport> {
  let report: PublishReport;
  try {
    report = await publisher.publish(events);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    report = { published: 0, failed: events.length, error: `${name}: ${message}` };
  }
  if (report.failed > 0) log.error('events not published', { ...report, events: events.length });
  else log.info('events published', { published: report.published });
  return report;
}
