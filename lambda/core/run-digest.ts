import type { AcknowledgementStore } from './acknowledgement-store';
import { audienceShare } from './audience';
import { type BackupServer, type BackupUserRef, userKey } from './backup-server';
import { buildDigest, NO_EXTRAS } from './build-digest';
import { plural } from './classify-job';
import { collectRows } from './collect-rows';
import { CountingServer } from './counting-server';
import type { Deadline } from './deadline';
import { ADMINS, deliver, deliveryKey } from './deliveries';
import type { Digest, DigestExtras, DigestRow } from './digest';
import { digestEvents, type EventPublisher, publishRunEvents } from './digest-events';
import type { DigestRenderer, RenderedDigest } from './digest-renderer';
import type { DigestRequest } from './digest-request';
import type { DigestSettings } from './digest-settings';
import { DeliveryFailedError, NoUsableAnswerError, ServerUnreachableError } from './errors';
import type { HistoryStore } from './history-store';
import { extrasOf, historyFaults } from './judge-night';
import { applyAcknowledgements } from './known-issues';
import type { Log } from './log';
import type { Mailer } from './mailer';
import { NightJudge } from './night-judge';
import { OWNERS_ON_ROWS, type OwnerDirectory, resolveOwners } from './owner-directory';
import { forgetEnded, recallAcknowledgements } from './recall-acknowledgements';
import type { ReportWindow } from './report-window';
import type { DeliveryOutcome, RunSummary } from './run-summary';

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
  /** Where the run's events go (EventBridge); absent: none are published. */
  events?: EventPublisher | undefined;
}

export type { DeliveryOutcome, RunSummary } from './run-summary';

export interface RunOutcome {
  summary: RunSummary;
  /** The admins' digest. */
  digest: Digest;
  rendered: RenderedDigest;
  /** Each audience's digest as rendered (absent where rendering failed or the night was quiet). */
  audiences: { name: string; digest: Digest; rendered?: RenderedDigest | undefined }[];
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
  // Collected and judged in a function of its own, so the listings and observations it held are
  // garbage before rendering starts: at 10,000 jobs most of the run's live heap.
  const { night, serverUsers } = await collectAndJudge(server, deps, settings, request, window);
  const owners = settings.mail.audiences.some((audience) => audience.select.owners)
    ? await resolveOwners(
        server,
        usersOf(night.rows, night.facts.notScheduled, night.facts.removed),
        serverUsers,
        log,
      )
    : OWNERS_ON_ROWS;
  const countCalls = (summary: RunSummary): void => {
    summary.historyFaults = historyFaults([night.facts]);
    summary.cbsCalls = server.succeeded + server.failed;
    summary.cbsFailures = server.failed;
  };
  try {
    const outcome = await deliverKnowingIssues(
      deps,
      settings,
      request,
      window,
      night.rows,
      extrasOf([night.facts]),
      owners,
    );
    countCalls(outcome.summary);
    return outcome;
  } catch (error) {
    // The acknowledgements that ended are forgotten only once every digest went: a retry says so again.
    if (error instanceof DeliveryFailedError) countCalls(error.summary);
    throw error;
  }
}

/** Collects the window's rows and judges them user by user, and refuses a run that found nothing usable. */
async function collectAndJudge(
  server: CountingServer,
  deps: RunDependencies,
  settings: DigestSettings,
  request: DigestRequest,
  window: ReportWindow,
) {
  // Each user is judged (its history read, its night saved) as soon as it is collected. Nothing is
  // saved until a CBS call has answered: a run refused below remembers nothing.
  const judge = new NightJudge(server, deps, {
    settings,
    window,
    dryRun: request.dryRun,
    mayRemember: () => server.succeeded > 0 && server.authFailure === undefined,
  });
  const collected = await collectRows(server, settings, window, deps.log, judge);
  const facts = await judge.finish(collected.inactiveUsers);
  // A refused system user or a server that never answered leaves nothing worth calling a digest.
  if (server.authFailure) throw server.authFailure;
  if (server.unreachable) {
    // Stryker disable next-line OptionalChaining,StringLiteral: unreachable means every call failed with NoAnswerError, so firstTransportFailure is set
    throw new ServerUnreachableError(server.firstTransportFailure?.message ?? 'no call succeeded', {
      cause: server.firstTransportFailure,
    });
  }
  if (server.nothingUsable) {
    throw new NoUsableAnswerError(server.firstFailure?.message ?? 'no call succeeded', {
      cause: server.firstFailure,
    });
  }
  return { night: { rows: collected.rows, facts }, serverUsers: collected.serverUsers };
}

/**
 * `deliverDigest` with the acknowledgements held: read once (a store that cannot be read costs
 * them, with one notice), applied as each digest is built, and those that ended forgotten only once
 * every digest went (a retry says so again; a dry run forgets nothing). A run's last step, in one
 * function or (fan-out mode) in Merge.
 */
export async function deliverKnowingIssues(
  deps: Omit<RunDependencies, 'server'>,
  settings: DigestSettings,
  request: DigestRequest,
  window: ReportWindow,
  rows: DigestRow[],
  extras: DigestExtras,
  owners: OwnerDirectory = OWNERS_ON_ROWS,
): Promise<RunOutcome> {
  const store = deps.acknowledgements;
  if (!store) return deliverDigest(deps, settings, request, window, rows, extras, owners);
  const { acknowledgements, notice } = await recallAcknowledgements(store, deps.log);
  const outcome = await deliverDigest(
    deps,
    settings,
    request,
    window,
    rows,
    { ...extras, notices: notice ? [...extras.notices, notice] : extras.notices, acknowledgements },
    owners,
  );
  if (acknowledgements && !request.dryRun) {
    const { ended } = applyAcknowledgements(rows, acknowledgements, new Date(outcome.digest.generatedAt));
    await forgetEnded(store, ended, deps.log);
  }
  return outcome;
}

/**
 * The digests of rows already collected: the admins' full digest and one per audience, each built,
 * rendered and sent (unless dry, or quiet on an all-clear night) on its own. A run's last step, in
 * one function or (fan-out mode) in Merge after every batch's rows are in. A digest that could not
 * be rendered or sent does not stop the others; the run then fails with DeliveryFailedError.
 */
export async function deliverDigest(
  deps: Omit<RunDependencies, 'server'>,
  settings: DigestSettings,
  request: DigestRequest,
  window: ReportWindow,
  rows: DigestRow[],
  extras: DigestExtras = NO_EXTRAS,
  owners: OwnerDirectory = OWNERS_ON_ROWS,
): Promise<RunOutcome> {
  const { log } = deps;
  const header = {
    title: settings.report.title,
    window,
    cbsTimeZone: settings.cbs.timeZone,
    generatedAt: deps.now(),
  };
  const shares = settings.mail.audiences.map((audience) => ({
    audience,
    share: audienceShare(audience.select, rows, extras, owners),
  }));
  const unplacedNotices = shares
    .filter(({ share }) => share.unplaced.length > 0)
    .map(({ audience, share }) => {
      log.warn('rows not placed in an audience', { audience: audience.name, users: share.unplaced });
      return `The sub-admin of ${plural(share.unplaced.length, 'backup user')} (${share.unplaced.join(', ')}) could not be read from CBS, so their rows are not in the digest of ${audience.name}.`;
    });
  const digest = buildDigest(header, rows, { ...extras, notices: [...extras.notices, ...unplacedNotices] });

  const admins = await deliver(
    deps,
    {
      audience: ADMINS,
      from: settings.mail.from,
      to: settings.mail.to,
      replyTo: settings.mail.replyTo,
      sendWhen: settings.report.sendWhen,
      onceKey: deliveryKey(request.idempotencyKey, ADMINS),
    },
    digest,
    request.dryRun,
  );
  const audiences: RunOutcome['audiences'] = [];
  const outcomes: DeliveryOutcome[] = [];
  for (const { audience, share } of shares) {
    const notices =
      share.unplaced.length > 0
        ? [
            ...share.extras.notices,
            `The sub-admin of ${plural(share.unplaced.length, 'backup user')} could not be read from CBS; their rows are in the admins' digest only.`,
          ]
        : share.extras.notices;
    const own = buildDigest({ ...header, title: audience.title }, share.rows, { ...share.extras, notices });
    const delivered = await deliver(
      deps,
      {
        audience: audience.name,
        from: settings.mail.from,
        to: audience.to,
        replyTo: audience.replyTo ?? settings.mail.replyTo,
        sendWhen: audience.sendWhen,
        onceKey: deliveryKey(request.idempotencyKey, audience.name),
      },
      own,
      request.dryRun,
    );
    outcomes.push(delivered.outcome);
    audiences.push({ name: audience.name, digest: own, rendered: delivered.rendered });
  }

  const summary: RunSummary = {
    reportDate: digest.label,
    window: digest.window,
    subject: admins.outcome.subject ?? '',
    counts: digest.totals.byClass,
    rows: digest.totals.rows,
    ...(digest.known ? { known: digest.known.length } : {}),
    dryRun: request.dryRun,
    sent: admins.outcome.sent,
    recipients: settings.mail.to.length,
    ...(admins.outcome.quiet ? { quiet: true } : {}),
    ...(admins.outcome.messageId !== undefined ? { messageId: admins.outcome.messageId } : {}),
    ...(admins.outcome.failure !== undefined ? { failure: admins.outcome.failure } : {}),
    ...(outcomes.length > 0 ? { audiences: outcomes } : {}),
  };
  if (deps.events && !request.dryRun) {
    const events = digestEvents(digest, summary, request.idempotencyKey, owners);
    const { published, failed } = await publishRunEvents(deps.events, events, log);
    summary.events = { published, failed };
  }
  const failed = [admins.outcome, ...outcomes].filter((outcome) => outcome.failure !== undefined);
  if (failed.length > 0) {
    log.error('run finished with digests not delivered', {
      ...summary,
      failed: failed.map((outcome) => outcome.audience),
    });
    throw new DeliveryFailedError(
      `${plural(failed.length, 'digest')} not delivered: ${failed.map((o) => `${o.audience} (${o.failure})`).join('; ')}`,
      summary,
    );
  }
  log.info('run finished', { ...summary });
  // Rendered whenever it did not fail, and it did not: a failure was thrown above.
  return { summary, digest, rendered: admins.rendered as RenderedDigest, audiences };
}

/** Each user the rows and set lines name, once. */
function usersOf(...lists: readonly { user: BackupUserRef }[][]): BackupUserRef[] {
  const byKey = new Map<string, BackupUserRef>();
  for (const list of lists) for (const { user } of list) byKey.set(userKey(user), user);
  return [...byKey.values()];
}
