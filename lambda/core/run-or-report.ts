import type { BackupServer } from './backup-server';
import type { DigestRequest } from './digest-request';
import type { DigestSettings } from './digest-settings';
import { DigestFailedError } from './errors';
import { type FailureRenderer, failureNotice, isRunFatal } from './failure-notice';
import { computeWindow, type ReportWindow } from './report-window';
import { type RunDependencies, type RunOutcome, runDigest } from './run-digest';

export interface RunOrReportDependencies extends Omit<RunDependencies, 'server'> {
  /** Reads the credentials and builds the CBS client; may fail with CredentialsError. */
  connect: () => Promise<BackupServer>;
  failureRenderer: FailureRenderer;
}

/** What reporting a failure needs: the notice goes out as mail. */
export type FailureReportDependencies = Pick<
  RunOrReportDependencies,
  'failureRenderer' | 'mailer' | 'log' | 'now'
>;

/**
 * Runs the digest; when no digest can be made (credentials unreadable, CBS refusing the system
 * user or unreachable) the admins still get a short email naming the cause, and the run fails
 * with DigestFailedError so the alarm fires too. A dry run sends nothing, notice included.
 */
export async function runOrReport(
  deps: RunOrReportDependencies,
  settings: DigestSettings,
  request: DigestRequest,
): Promise<RunOutcome> {
  const window = computeWindow(settings.report, request.anchor, request.date);
  return reportingFailure(deps, settings, request, window, async () =>
    runDigest({ ...deps, server: await deps.connect() }, settings, request, window),
  );
}

/**
 * Runs `work`, a run or a step of one (fan-out mode); when it fails for a reason that leaves no
 * digest, mails the notice (unless dry) and throws DigestFailedError. Other errors pass unchanged.
 */
export async function reportingFailure<T>(
  deps: FailureReportDependencies,
  settings: DigestSettings,
  request: DigestRequest,
  window: ReportWindow,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isRunFatal(error)) throw error;
    const notice = failureNotice(error, {
      title: settings.report.title,
      window,
      credentialsParameter: settings.cbs.credentialsParameter,
      generatedAt: deps.now(),
    });
    deps.log.error('no digest', { cause: notice.cause, error: error.name });
    let noticeSent = false;
    if (!request.dryRun) {
      try {
        const rendered = deps.failureRenderer.renderFailure(notice);
        await deps.mailer.send({
          from: settings.mail.from,
          to: settings.mail.to,
          replyTo: settings.mail.replyTo,
          ...rendered,
        });
        noticeSent = true;
      } catch (mailError) {
        deps.log.error('failure notice not sent', { error: (mailError as Error).message });
      }
    }
    throw new DigestFailedError(`no digest: ${notice.cause}`, noticeSent, { cause: error });
  }
}
