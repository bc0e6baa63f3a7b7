import type { RunSummary } from './run-summary';

/**
 * The errors the core raises or acts on. Adapters throw these, or subclasses of them that add
 * what only they know (an endpoint, a CBS exception type); the core never imports an adapter's.
 */

/** Base of every error this project throws on purpose; keeps `cause` and sets `name`. */
export abstract class DigestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The backup server's credentials could not be read or are malformed. Never holds the value. */
export class CredentialsError extends DigestError {}

/** The backup server answered a call with an error of its own; `serverMessage` is its words. */
export class ServerAnswerError extends DigestError {
  constructor(
    message: string,
    readonly serverMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The backup server refused the system user itself: wrong password, or one that expired. Every
 * other call would fail the same way, so the run stops and says so instead of making them.
 */
export class LoginRefusedError extends ServerAnswerError {}

/**
 * A call got no usable answer from the backup server: the network, a timeout, an HTTP error, a
 * page that is not the API's, or no time left to ask. As opposed to the server's own answers.
 */
export class NoAnswerError extends DigestError {}

/** The run's time to fetch is up; what was not fetched is reported as not checked. */
export class OutOfTimeError extends NoAnswerError {
  constructor(
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(`${endpoint}: out of time: the run stopped fetching to leave time to send the digest`, options);
  }
}

/** No call to the backup server succeeded and every one got no answer: it is down or unreachable. */
export class ServerUnreachableError extends DigestError {}

/**
 * The backup server answered, but no call got a usable answer: every one was refused or unreadable,
 * whatever the words (a role without API rights, a sign-in page on every call). A digest of nothing
 * but "not checked" rows would look like a digest; this is a failed run.
 */
export class NoUsableAnswerError extends ServerUnreachableError {}

/**
 * The digest could not be produced at all (credentials, the server refusing the login or
 * unreachable). The admins were sent a short notice naming the cause when possible; the
 * invocation fails so the alarm fires.
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

/**
 * One or more of a run's digests could not be rendered or sent; the others were. The run fails at
 * its end so the alarm fires, and its retry sends only what was not sent (the mailer's ledger).
 */
export class DeliveryFailedError extends DigestError {
  constructor(
    message: string,
    readonly summary: RunSummary,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
