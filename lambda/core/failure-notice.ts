import { CredentialsError, LoginRefusedError, NoUsableAnswerError, ServerUnreachableError } from './errors';
import { type ReportWindow, windowAsIso } from './report-window';

/** What the admins are told when there is no digest to send. */
export interface FailureNotice {
  title: string;
  label: string;
  window: { start: string; end: string; timeZone: string };
  /** The cause in words; built from our own error messages, which never hold the password. */
  cause: string;
  advice: string;
  generatedAt: string;
}

/** Renders a failure notice into an email's parts. */
export interface FailureRenderer {
  renderFailure(notice: FailureNotice): { subject: string; html: string; text: string };
}

/** Errors after which no digest can be made, so a notice goes out instead. */
export function isRunFatal(
  error: unknown,
): error is CredentialsError | LoginRefusedError | ServerUnreachableError {
  return (
    error instanceof CredentialsError ||
    error instanceof LoginRefusedError ||
    error instanceof ServerUnreachableError
  );
}

export function failureNotice(
  error: CredentialsError | LoginRefusedError | ServerUnreachableError,
  header: { title: string; window: ReportWindow; credentialsParameter: string; generatedAt: Date },
): FailureNotice {
  let cause: string;
  let advice: string;
  if (error instanceof LoginRefusedError) {
    cause = `CBS refused the system user: ${error.serverMessage}`;
    advice = `Check the SysUser and SysPwd in the SSM parameter ${header.credentialsParameter}, and whether the password has expired on CBS.`;
  } else if (error instanceof CredentialsError) {
    cause = `The CBS credentials could not be read: ${error.message}`;
    advice = `Check the SSM parameter ${header.credentialsParameter}: it must be a SecureString holding {"SysUser": "...", "SysPwd": "..."} that the function may read.`;
  } else if (error instanceof NoUsableAnswerError) {
    cause = `CBS gave no usable answer to any call: ${error.message}`;
    advice =
      'Check that the system user has the Admin or API role, and that no proxy or sign-in page answers for /obs/api/json/ on the CBS server.';
  } else {
    cause = `CBS could not be reached: ${error.message}`;
    advice = 'Check that the CBS server and any reverse proxy in front of it are up and reachable from AWS.';
  }
  const { window } = header;
  return {
    title: header.title,
    label: window.label,
    window: windowAsIso(window),
    cause,
    advice,
    generatedAt: header.generatedAt.toISOString(),
  };
}
