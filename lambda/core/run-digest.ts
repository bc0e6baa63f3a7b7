import type { AcknowledgementStore } from './acknowledgement-store';
import type { BackupServer } from './backup-server';
import { buildDigest, NO_EXTRAS } from './build-digest';
import type { JobClass } from './classify-job';
import { collectRows } from './collect-rows';
import { CountingServer } from './counting-server';
import type { Deadline } from './deadline';
import type { Digest, DigestExtras, DigestRow } from './digest';
import type { DigestRenderer, RenderedDigest } from './digest-renderer';
import type { DigestRequest } from './digest-request';
import type { DigestSettings } from './digest-settings';
import { NoUsableAnswerError, ServerUnreachableError } from './errors';
import type { HistoryStore } from './history-store';
import { extrasOf, historyFaults, judgeNight } from './judge-night';
import { applyAcknowledgements } from './known-issues';
import type { Log } from './log';
import type { Mailer } from './mailer';
import { forgetEnded, recallAcknowledgements } from './recall-acknowledgements';
import type { ReportWindow } from './report-window';

export interface RunDependencies {
  server: BackupServer;
  renderer: DigestRenderer;
  mailer: Mailer;
  log: Log;
  now: () => Date;
  /** Where the digest remembers past nights; absent: no memory (CLI and tests without a table). */
  history?: HistoryStore | undefined;
  /** Known issues (snoozes); absent: every row counts. */
  acknowledgements?: AcknowledgementStore | undefined;
  /** When fetching must stop (the backfill asks it too). */
  deadline?: Deadline | undefined;
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
  sent: boolean;
  messageId?: string;
  recipients: number;
  /** Calls made to CBS, and how many of them failed, when this run made them: for the metrics. */
  cbsCalls?: number;
  cbsFailures?: number;
  /** Times the history store could not be read or written: the digest went, the fault is counted. */
  historyFaults?: number;
}

export interface RunOutcome {
  summary: RunSummary;
  digest: Digest;
  rendered: RenderedDigest;
}

/**
 * The use case: find the jobs of `window` (computed once per run by the caller, from the request),
 * build the digest, render it, and send it unless dry.
 */
export async function runDigest(
  deps: RunDependencies,
  settings: DigestSettings,
  request: DigestRequest,
  window: ReportWindow,
): Promise<RunOutcome> {
  const { log } = deps;
  log.info('run started', {
    trigger: request.trigger,
    dryRun: request.dryRun,
    windowStart: window.start.toISO(),
    windowEnd: window.end.toISO(),
  });

  const server = new CountingServer(deps.server);
  const collected = await collectRows(server, settings, window, log);
  // A refused system user or a server that never answered leaves nothing worth calling a digest.
  if (server.authFailure) throw server.authFailure;
  if (server.unreachable) {
    throw new ServerUnreachableError(server.firstTransportFailure?.message ?? 'no call succeeded', {
      cause: server.firstTransportFailure,
    });
  }
  if (server.nothingUsable) {
    throw new NoUsableAnswerError(server.firstFailure?.message ?? 'no call succeeded', {
      cause: server.firstFailure,
    });
  }

  const night = await judgeNight(server, collected, deps, settings, window, request.dryRun);
  const acks = deps.acknowledgements ? await recallAcknowledgements(deps.acknowledgements, log) : undefined;
  const extras = extrasOf([night.facts]);
  if (acks?.notice) extras.notices.push(acks.notice);
  const outcome = await deliverDigest(deps, settings, request, window, night.rows, {
    ...extras,
    acknowledgements: acks?.acknowledgements,
  });
  if (deps.acknowledgements && acks?.acknowledgements && !request.dryRun) {
    const { ended } = applyAcknowledgements(
      night.rows,
      acks.acknowledgements,
      new Date(outcome.digest.generatedAt),
    );
    await forgetEnded(deps.acknowledgements, ended, log);
  }
  outcome.summary.historyFaults = historyFaults([night.facts]);
  outcome.summary.cbsCalls = server.succeeded + server.failed;
  outcome.summary.cbsFailures = server.failed;
  return outcome;
}

/**
 * The digest of rows already collected: builds, renders and sends it unless dry. A run's last
 * step, in one function or (fan-out mode) in Merge after every batch's rows are in.
 */
export async function deliverDigest(
  deps: Omit<RunDependencies, 'server'>,
  settings: DigestSettings,
  request: DigestRequest,
  window: ReportWindow,
  rows: DigestRow[],
  extras: DigestExtras = NO_EXTRAS,
): Promise<RunOutcome> {
  const { log } = deps;
  const digest = buildDigest(
    { title: settings.report.title, window, cbsTimeZone: settings.cbs.timeZone, generatedAt: deps.now() },
    rows,
    extras,
  );
  const rendered = deps.renderer.render(digest);
  const summary: RunSummary = {
    reportDate: digest.label,
    window: digest.window,
    subject: rendered.subject,
    counts: digest.totals.byClass,
    rows: digest.totals.rows,
    ...(digest.known ? { known: digest.known.length } : {}),
    dryRun: request.dryRun,
    sent: false,
    recipients: settings.mail.to.length,
  };
  if (!request.dryRun) {
    const { messageId } = await deps.mailer.send({
      from: settings.mail.from,
      to: settings.mail.to,
      replyTo: settings.mail.replyTo,
      onceKey: request.idempotencyKey,
      ...rendered,
    });
    summary.sent = true;
    summary.messageId = messageId;
  }
  log.info('run finished', { ...summary });
  return { summary, digest, rendered };
}
