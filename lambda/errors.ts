import type { z } from 'zod';

/** Base of every error this project throws on purpose; keeps `cause` and sets `name`. */
export abstract class DigestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The config file is missing, not JSON, or fails the schema; `issues` name the bad fields. */
export class ConfigError extends DigestError {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The invocation event is not one the handler understands. Nothing was fetched or sent. */
export class EventError extends DigestError {}

/** The CBS credentials could not be read or are not `{"SysUser", "SysPwd"}`. Never holds the value. */
export class CredentialsError extends DigestError {}

/** CBS answered `Status: "Error"`: carries its `Message` and `ExptType`. */
export class CbsApiError extends DigestError {
  constructor(
    readonly endpoint: string,
    readonly cbsMessage: string,
    readonly exptType: string | undefined,
  ) {
    super(`${endpoint}: CBS answered Error: ${cbsMessage}${exptType ? ` (${exptType})` : ''}`);
  }
}

/**
 * CBS refused the system user itself: wrong password, or a password that expired. Every other
 * call would fail the same way, so the run stops and says so instead of making them.
 */
export class CbsAuthError extends CbsApiError {}

/**
 * CBS could not be reached, timed out, or answered something that is not its JSON. `retryable`
 * says whether asking again may help (a reset, a 503, a proxy's error page) or not (an answer too
 * large to accept).
 */
export class CbsTransportError extends DigestError {
  constructor(
    readonly endpoint: string,
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown; retryable?: boolean; retryAfterMs?: number },
  ) {
    super(`${endpoint}: ${message}`, options);
    this.retryable = options?.retryable ?? true;
    this.retryAfterMs = options?.retryAfterMs;
  }

  readonly retryable: boolean;
  /** From a Retry-After header, when CBS or its proxy sent one. */
  readonly retryAfterMs: number | undefined;
}

/** The run's time to fetch is up; what was not fetched is reported as not checked. */
export class OutOfTimeError extends DigestError {
  constructor(
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(`${endpoint}: out of time: the run stopped fetching to leave time to send the digest`, options);
  }
}

/** CBS answered OK, but the answer is not shaped as documented. */
export class CbsResponseError extends DigestError {
  constructor(
    readonly endpoint: string,
    message: string,
  ) {
    super(`${endpoint}: unexpected answer: ${message}`);
  }
}

/** No call to CBS succeeded and every one failed in transport: the server is down or unreachable. */
export class CbsUnreachableError extends DigestError {}

/**
 * The digest could not be produced at all (credentials, CBS refused or unreachable). The admins were
 * sent a short notice naming the cause when possible; the invocation fails so the alarm fires.
 */
export class DigestFailedError extends DigestError {
  constructor(
    message: string,
    readonly noticeSent: boolean,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** A template is missing or does not compile. */
export class TemplateError extends DigestError {}

/** SES refused or failed to send the digest. */
export class MailError extends DigestError {}
