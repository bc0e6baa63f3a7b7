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

/** CBS could not be reached, timed out, or answered something that is not its JSON. */
export class CbsTransportError extends DigestError {
  constructor(
    readonly endpoint: string,
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(`${endpoint}: ${message}`, options);
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

/** A template is missing or does not compile. */
export class TemplateError extends DigestError {}

/** SES refused or failed to send the digest. */
export class MailError extends DigestError {}
