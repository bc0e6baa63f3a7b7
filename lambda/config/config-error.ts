import type { z } from 'zod';
import { DigestError } from '../core/errors';

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
