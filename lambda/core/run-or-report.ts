import type { Config } from '../config/schema';
import type { DigestRequest } from '../entry/invocation-event';
import { DigestFailedError } from '../errors';
import type { BackupServer } from './backup-server';
import { type FailureRenderer, failureNotice, isRunFatal } from './failure-notice';
import { computeWindow } from './report-window';
import { type RunDependencies, type RunOutcome, runDigest } from './run-digest';

export interface RunOrReportDependencies extends Omit<RunDependencies, 'server'> {
  /** Reads the credentials and builds the CBS client; may fail with CredentialsError. */
  connect: () => Promise<BackupServer>;
  failureRenderer: FailureRenderer;
}

/**
 * Runs the digest; when no digest can be made (credentials unreadable, CBS refusing the system
 * user or unreachable) the admins still get a short email naming the cause, and the run fails
 * with DigestFailedError so the alarm fires too. A dry run sends nothing, notice included.
 */
export async function runOrReport(
  deps: RunOrReportDependencies,
  config: Config,
  request: DigestRequest,
): Promise<RunOutcome> {
  try {
    return await runDigest({ ...deps, server: await deps.connect() }, config, request);
  } catch (error) {
    if (!isRunFatal(error)) throw error;
    const notice = failureNotice(error, {
      title: config.report.title,
      window: computeWindow(config.report, request.anchor, request.date),
      credentialsParameter: config.cbs.credentialsParameter,
      generatedAt: deps.now(),
    });
    deps.log.error('no digest', { cause: notice.cause, error: error.name });
    let noticeSent = false;
    if (!request.dryRun) {
      try {
        const rendered = deps.failureRenderer.renderFailure(notice);
        await deps.mailer.send({
          from: config.mail.from,
          to: config.mail.to,
          replyTo: config.mail.replyTo,
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
