import type { JobClass } from './classify-job';

/** What became of one digest of a run: the admins' or an audience's. */
export interface DeliveryOutcome {
  /** The audience's name; `admins` for the full digest to `mail.to`. */
  audience: string;
  subject?: string | undefined;
  counts: Record<JobClass, number>;
  rows: number;
  recipients: number;
  sent: boolean;
  /** All clear, and the audience asked for mail only when something needs attention. */
  quiet: boolean;
  messageId?: string | undefined;
  /** Why it could not be rendered or sent; the other digests went on. */
  failure?: string | undefined;
}

/** What an invocation returns: small enough for the console and the logs. */
export interface RunSummary {
  reportDate: string;
  window: { start: string; end: string; timeZone: string };
  subject: string;
  counts: Record<JobClass, number>;
  rows: number;
  /** Acknowledged rows, left out of `rows` and `counts`; absent without acknowledgements. */
  known?: number;
  dryRun: boolean;
  /** Whether the admins' digest was sent. */
  sent: boolean;
  /** The admins' digest was all clear and `report.sendWhen` is `attention`: nothing was sent. */
  quiet?: boolean;
  messageId?: string;
  recipients: number;
  /** Why the admins' digest could not be rendered or sent, when it could not. */
  failure?: string;
  /** The audiences' digests (`mail.audiences`), in the config's order. */
  audiences?: DeliveryOutcome[];
  /** The run's events (EventBridge): published, and given up on; absent when none were published. */
  events?: { published: number; failed: number };
  /** Calls made to CBS, and how many of them failed, when this run made them: for the metrics. */
  cbsCalls?: number;
  cbsFailures?: number;
  /** Times the history store could not be read or written: the digest went, the fault is counted. */
  historyFaults?: number;
}
