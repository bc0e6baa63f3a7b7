import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { JobClass } from '../../core/classify-job';
import type { RunSummary } from '../../core/run-digest';

/** The namespace every digest's metrics go to; the alarms read them there. */
export const METRICS_NAMESPACE = 'BackupDigest';

/** Metric names, shared with the alarms in infra/ so that a rename cannot silently break one. */
export const METRIC = {
  digestSent: 'DigestSent',
  /**
   * A run that did what it had to, mail or, on a quiet all-clear night, none: the dead man's
   * switch watches this, so silence by choice never looks like a dead schedule.
   */
  runCompleted: 'RunCompleted',
  /** Digests (the admins' and the audiences') sent, left unsent as all clear, and not delivered. */
  digestsSent: 'DigestsSent',
  digestsQuiet: 'DigestsQuiet',
  digestsFailed: 'DigestsFailed',
  /** The run's EventBridge events accepted, and given up on (the email went regardless). */
  eventsPublished: 'EventsPublished',
  eventsFailed: 'EventsFailed',
  digestFailed: 'DigestFailed',
  noticeSent: 'NoticeSent',
  rows: 'Rows',
  notChecked: 'NotChecked',
  notCheckedPercent: 'NotCheckedPercent',
  cbsCalls: 'CbsCalls',
  cbsFailures: 'CbsFailures',
  historyFaults: 'HistoryFaults',
  duration: 'RunDuration',
  replayed: 'RunReplayed',
  inProgress: 'RunInProgress',
  heartbeatFailed: 'HeartbeatFailed',
} as const;

/** Per class, e.g. `RowsFailed`, `RowsNotChecked`. */
export const rowsMetric = (jobClass: JobClass): string =>
  `Rows${jobClass === 'error' ? 'NotChecked' : jobClass[0]?.toUpperCase() + jobClass.slice(1)}`;

/** What one invocation did, as far as the metrics care. */
export type RunFacts =
  | {
      /**
       * `sent`: the admins' digest went out and every digest was delivered; `quiet`: the same, but
       * the admins' all-clear digest was not sent (report.sendWhen `attention`); `partly-sent`: some
       * digest could not be rendered or sent (the invocation fails).
       */
      outcome: 'sent' | 'quiet' | 'partly-sent' | 'dry-run';
      counts: Record<JobClass, number>;
      rows: number;
      cbsCalls: number;
      cbsFailures: number;
      /** The history store could not be read or written (the digest went without it). */
      historyFaults: number;
      durationMs: number;
      /** The monitor ping after a sent digest (deploy.heartbeatUrl); absent when none is configured. */
      heartbeat?: 'ok' | 'failed' | undefined;
      /** Whether the admins' digest was sent (what DigestSent counts). */
      adminsSent?: boolean;
      /** Every digest of the run, audiences included; absent: the admins' alone, as the outcome says. */
      digests?: DigestTally;
      /** The run's events, when it published any. */
      events?: { published: number; failed: number } | undefined;
    }
  | { outcome: 'failed'; noticeSent: boolean; durationMs: number }
  /** A duplicate answered with the stored result of the run that sent it. */
  | { outcome: 'replayed'; durationMs: number }
  /** A duplicate of a run in progress, or of one that crashed: the invocation fails. */
  | { outcome: 'in-progress'; durationMs: number };

/** How many of a run's digests were sent, left unsent as all clear, and not delivered. */
export interface DigestTally {
  sent: number;
  quiet: number;
  failed: number;
}

/**
 * The facts of a run that got as far as its digests, from what it returned (or, when a digest was
 * not delivered, from the DeliveryFailedError's summary): what was sent, quiet or failed.
 */
export function digestFacts(summary: RunSummary, durationMs: number): DigestFacts {
  const outcomes = [
    { sent: summary.sent, quiet: summary.quiet === true, failure: summary.failure },
    ...(summary.audiences ?? []),
  ];
  const digests: DigestTally = { sent: 0, quiet: 0, failed: 0 };
  for (const outcome of outcomes) {
    if (outcome.failure !== undefined) digests.failed += 1;
    else if (outcome.sent) digests.sent += 1;
    else if (outcome.quiet && !summary.dryRun) digests.quiet += 1;
  }
  const outcome = summary.dryRun
    ? 'dry-run'
    : digests.failed > 0
      ? 'partly-sent'
      : summary.sent
        ? 'sent'
        : 'quiet';
  return {
    outcome,
    counts: summary.counts,
    rows: summary.rows,
    cbsCalls: summary.cbsCalls ?? 0,
    cbsFailures: summary.cbsFailures ?? 0,
    historyFaults: summary.historyFaults ?? 0,
    durationMs,
    adminsSent: summary.sent,
    digests,
    events: summary.events,
  };
}

/** The facts of a run that got as far as its digests. */
export type DigestFacts = Extract<RunFacts, { outcome: 'sent' | 'quiet' | 'partly-sent' | 'dry-run' }>;

/**
 * Writes one invocation's metrics as CloudWatch Embedded Metric Format in the log (Powertools
 * Metrics): no API call, no extra permission. The dimension `digest` names the deployment, so two
 * stacks in one account alarm on their own runs only.
 */
export class RunMetrics {
  constructor(private readonly metrics: Metrics) {}

  static create(digestName: string): RunMetrics {
    return new RunMetrics(
      new Metrics({
        namespace: METRICS_NAMESPACE,
        serviceName: 'backup-digest',
        defaultDimensions: { digest: digestName },
      }),
    );
  }

  publish(facts: RunFacts): void {
    const m = this.metrics;
    m.addMetric(METRIC.duration, MetricUnit.Milliseconds, facts.durationMs);
    switch (facts.outcome) {
      case 'sent':
      case 'quiet':
      case 'partly-sent':
      case 'dry-run': {
        // A dry run sends nothing: it must not keep the "no digest sent" alarm quiet; a quiet
        // night sends nothing on purpose and completes the run, which is what that alarm watches.
        const adminsSent = facts.adminsSent ?? facts.outcome === 'sent';
        m.addMetric(METRIC.digestSent, MetricUnit.Count, adminsSent ? 1 : 0);
        const completed = facts.outcome === 'sent' || facts.outcome === 'quiet';
        m.addMetric(METRIC.runCompleted, MetricUnit.Count, completed ? 1 : 0);
        const digests = facts.digests ?? {
          sent: adminsSent ? 1 : 0,
          quiet: facts.outcome === 'quiet' ? 1 : 0,
          failed: facts.outcome === 'partly-sent' ? 1 : 0,
        };
        m.addMetric(METRIC.digestsSent, MetricUnit.Count, digests.sent);
        m.addMetric(METRIC.digestsQuiet, MetricUnit.Count, digests.quiet);
        m.addMetric(METRIC.digestsFailed, MetricUnit.Count, digests.failed);
        if (facts.events) {
          m.addMetric(METRIC.eventsPublished, MetricUnit.Count, facts.events.published);
          m.addMetric(METRIC.eventsFailed, MetricUnit.Count, facts.events.failed);
        }
        m.addMetric(METRIC.rows, MetricUnit.Count, facts.rows);
        for (const [jobClass, count] of Object.entries(facts.counts) as [JobClass, number][]) {
          m.addMetric(rowsMetric(jobClass), MetricUnit.Count, count);
        }
        const notChecked = facts.counts.error;
        m.addMetric(METRIC.notChecked, MetricUnit.Count, notChecked);
        // No rows at all checked nothing: as bad as all of them not checked.
        const percent = facts.rows === 0 ? 100 : (100 * notChecked) / facts.rows;
        m.addMetric(METRIC.notCheckedPercent, MetricUnit.Percent, Math.round(percent * 10) / 10);
        m.addMetric(METRIC.cbsCalls, MetricUnit.Count, facts.cbsCalls);
        m.addMetric(METRIC.cbsFailures, MetricUnit.Count, facts.cbsFailures);
        m.addMetric(METRIC.historyFaults, MetricUnit.Count, facts.historyFaults);
        if (facts.heartbeat !== undefined) {
          m.addMetric(METRIC.heartbeatFailed, MetricUnit.Count, facts.heartbeat === 'failed' ? 1 : 0);
        }
        break;
      }
      case 'failed':
        m.addMetric(METRIC.digestSent, MetricUnit.Count, 0);
        m.addMetric(METRIC.runCompleted, MetricUnit.Count, 0);
        m.addMetric(METRIC.digestFailed, MetricUnit.Count, 1);
        m.addMetric(METRIC.noticeSent, MetricUnit.Count, facts.noticeSent ? 1 : 0);
        break;
      case 'replayed':
        m.addMetric(METRIC.replayed, MetricUnit.Count, 1);
        break;
      case 'in-progress':
        m.addMetric(METRIC.inProgress, MetricUnit.Count, 1);
        break;
    }
    m.publishStoredMetrics();
  }
}
