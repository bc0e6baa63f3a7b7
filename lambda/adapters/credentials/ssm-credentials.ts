import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { CredentialsError } from '../../core/errors';
import type { CbsCredentials } from '../cbs/cbs-http-client';
import { type CredentialsSource, parseCredentialsJson } from './credentials-source';

/**
 * The CBS credentials from an SSM SecureString, decrypted, cached for a few minutes across warm
 * invocations (Powertools Parameters). `AWS_ENDPOINT_URL_SSM` points the client elsewhere locally.
 */
export class SsmCredentials implements CredentialsSource {
  constructor(
    private readonly parameterName: string,
    private readonly provider: SSMProvider = new SSMProvider(),
    private readonly maxAgeSeconds = 300,
  ) {}

  async get(): Promise<CbsCredentials> {
    const source = `SSM parameter ${this.parameterName}`;
    let value: string | undefined;
    try {
      value = await this.provider.get(this.parameterName, { decrypt: true, maxAge: this.maxAgeSeconds });
    } catch (cause) {
      throw new CredentialsError(`cannot read ${source}: ${describe(cause)}`, { cause });
    }
    if (typeof value !== 'string') throw new CredentialsError(`${source} has no value`);
    return parseCredentialsJson(value, source);
  }
}

/** The SDK error's name says what went wrong (ParameterNotFound, AccessDeniedException). */
function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { name?: string; message?: string } };
  const inner = e.cause ?? e;
  return `${inner.name ?? 'Error'}: ${inner.message ?? ''}`.trim();
}
