import { DigestError, LoginRefusedError, NoAnswerError, ServerAnswerError } from '../../core/errors';

/** CBS answered `Status: "Error"`: carries its `Message` (as `serverMessage`) and `ExptType`. */
export class CbsApiError extends ServerAnswerError {
  constructor(
    readonly endpoint: string,
    cbsMessage: string,
    readonly exptType: string | undefined,
  ) {
    super(describeApiError(endpoint, cbsMessage, exptType), cbsMessage);
  }
}

/** CBS refused the system user itself (its words match a wrong or expired password). */
export class CbsAuthError extends LoginRefusedError {
  constructor(
    readonly endpoint: string,
    cbsMessage: string,
    readonly exptType: string | undefined,
  ) {
    super(describeApiError(endpoint, cbsMessage, exptType), cbsMessage);
  }
}

function describeApiError(endpoint: string, cbsMessage: string, exptType: string | undefined): string {
  return `${endpoint}: CBS answered Error: ${cbsMessage}${exptType ? ` (${exptType})` : ''}`;
}

/**
 * CBS could not be reached, timed out, or answered something that is not its JSON. `retryable`
 * says whether asking again may help (a reset, a 503, a proxy's error page) or not (an answer too
 * large to accept).
 */
export class CbsTransportError extends NoAnswerError {
  constructor(
    readonly endpoint: string,
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown; retryable?: boolean; retryAfterMs?: number | undefined },
  ) {
    super(`${endpoint}: ${message}`, options);
    this.retryable = options?.retryable ?? true;
    this.retryAfterMs = options?.retryAfterMs;
  }

  readonly retryable: boolean;
  /** From a Retry-After header, when CBS or its proxy sent one. */
  readonly retryAfterMs: number | undefined;
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
