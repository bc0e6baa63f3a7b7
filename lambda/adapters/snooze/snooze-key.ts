import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';

/** The snooze key could not be read: no links tonight, or the page answers 503. */
export class SnoozeKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnoozeKeyError';
  }
}

/**
 * The key Snooze links are signed with: a secret the stack generates in Secrets Manager, read
 * once per container and cached (Powertools Parameters). Its value never reaches a log or an error.
 */
export async function readSnoozeKey(
  secretId: string,
  provider: SecretsProvider = new SecretsProvider(),
): Promise<string> {
  let value: unknown;
  try {
    value = await provider.get(secretId, { maxAge: 900 });
  } catch (cause) {
    const e = cause as { name?: string; cause?: { name?: string } };
    throw new SnoozeKeyError(
      `cannot read the snooze key ${secretId}: ${e.cause?.name ?? e.name ?? 'Error'}`,
      { cause },
    );
  }
  if (typeof value !== 'string' || value.length < 32)
    throw new SnoozeKeyError(`the snooze key ${secretId} is not a string of at least 32 characters`);
  return value;
}
