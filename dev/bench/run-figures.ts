import type { JobClass } from '../../lambda/core/classify-job';

/** What one benchmark run measured, sent from the run's process to the parent. */
export interface RunFigures {
  /** Config read, templates compiled, adapters built: the first invocation's share of a cold start. */
  initMs: number;
  /** runDigest from start to the message accepted by SES: collect, build, render, send. */
  wallMs: number;
  /** From the start of the run until rendering began: the CBS calls, and building the digest. */
  collectMs: number;
  renderMs: number;
  /** CPU time (user + system) of the process while rendering. */
  renderCpuMs: number;
  /** CPU time (user + system) of the process over the whole run (wall). */
  cpuMs: number;
  /** Composing the MIME message and handing it to SES. */
  sendMs: number;
  htmlBytes: number;
  textBytes: number;
  /** The raw MIME message handed to SES. */
  messageBytes: number;
  /** process.resourceUsage().maxRSS of the run's process at its end, in KiB. */
  maxRssKb: number;
  /** The same, read when collection had ended and when rendering had: which step set the peak. */
  maxRssCollectedKb: number;
  maxRssRenderedKb: number;
  rows: number;
  counts: Record<JobClass, number>;
  /** Rows of a job (not of a set that never ran, nor of a failure): the jobs found in the window. */
  jobsInWindow: number;
  sent: boolean;
}
