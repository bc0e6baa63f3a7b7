/** The Java class CBS names when a lookup fails. */
export const DBS_EXCEPTION = 'com.ahsay.obs.core.dbs.DbsException';

/** A request CBS would refuse; the server answers it as `{"Status":"Error", Message, ExptType}`. */
export class CbsRequestError extends Error {
  constructor(
    message: string,
    readonly exptType: string,
  ) {
    super(message);
    this.name = 'CbsRequestError';
  }

  /** The body CBS sends for this error, with HTTP 200 like the real server. */
  toBody(): { Status: 'Error'; Message: string; ExptType: string } {
    return { Status: 'Error', Message: this.message, ExptType: this.exptType };
  }
}

/** The exact answer of a real CBS to a wrong SysUser or SysPwd (its class name is obfuscated). */
export function wrongCredentials(): CbsRequestError {
  return new CbsRequestError('Incorrect system username/password', 'com.ahsay.obs.core.dbs.c');
}

/**
 * What CBS answers, with password expiry enabled, once the system user's password is too old.
 * Ahsay does not publish the wording or class; this is a plausible pair, the class obfuscated like
 * the wrong-password one, so a client has to read Message to tell an expired password apart.
 */
export function passwordExpired(): CbsRequestError {
  return new CbsRequestError(
    'Password has expired. Please change your password before logging in again.',
    'com.ahsay.obs.core.dbs.e',
  );
}
