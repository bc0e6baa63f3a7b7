import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';

/** What one ping came to; `reason` never holds the URL (a healthchecks URL is its own secret). */
export type HeartbeatOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; reason: string };

export interface HeartbeatOptions {
  /** The URL, read when a ping is due (from SSM in production); it is never logged. */
  url: () => Promise<string>;
  method: 'GET' | 'POST';
  /** Per attempt, connect to last byte. */
  timeoutMs: number;
  /** Tries in all: the first and one retry. */
  attempts?: number;
  retryDelayMs?: number;
}

/** Short, so a monitor that hangs costs a few seconds of a run that has already sent its digest. */
export const HEARTBEAT_TIMEOUT_MS = 3_000;

/**
 * Pings a healthchecks-style monitor outside AWS after a digest went out, so a run that never
 * happens is noticed by something that does not depend on this account. A ping never throws: a
 * failed one is reported to the caller, which logs and counts it; the digest has been sent already.
 */
export class Heartbeat {
  private readonly attempts: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: HeartbeatOptions) {
    this.attempts = options.attempts ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 500;
  }

  async ping(): Promise<HeartbeatOutcome> {
    let url: URL;
    try {
      url = heartbeatUrl(await this.options.url());
    } catch (error) {
      return { ok: false, attempts: 0, reason: describeUrlError(error) };
    }
    let reason = '';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      reason = await this.once(url);
      if (reason === '') return { ok: true, attempts: attempt };
    }
    return { ok: false, attempts: this.attempts, reason };
  }

  /** '' when the monitor answered 2xx, else why not, in words that cannot hold the URL. */
  private async once(url: URL): Promise<string> {
    try {
      const response = await fetch(url, {
        method: this.options.method,
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        ...(this.options.method === 'POST' ? { body: '' } : {}),
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? '' : `HTTP ${response.status}`;
    } catch (error) {
      return describeFetchError(error);
    }
  }
}

/** The URL from SSM, refused unless https (or http to this machine, for local monitors and tests). */
export function heartbeatUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new HeartbeatUrlError('the heartbeat parameter does not hold a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new HeartbeatUrlError('the heartbeat URL must use https');
  }
  return url;
}

export class HeartbeatUrlError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HeartbeatUrlError';
  }
}

function describeUrlError(error: unknown): string {
  if (error instanceof HeartbeatUrlError) return error.message;
  // Reading the parameter failed: the SDK's error name says why (ParameterNotFound, AccessDenied...).
  const e = error as { name?: string; cause?: { name?: string } };
  return `cannot read the heartbeat parameter: ${e.cause?.name ?? e.name ?? 'Error'}`;
}

/** undici's `fetch failed` keeps the reason in `cause.code`; its messages may quote the host. */
function describeFetchError(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.cause?.code ?? e.cause?.name ?? e.name ?? 'failed';
}

/** The heartbeat URL from an SSM parameter (String or SecureString, decrypted), cached five minutes. */
export function ssmHeartbeatUrl(parameterName: string, provider: SSMProvider = new SSMProvider()) {
  return async (): Promise<string> => {
    const value = await provider.get(parameterName, { decrypt: true, maxAge: 300 });
    if (typeof value !== 'string') throw new HeartbeatUrlError('the heartbeat parameter has no value');
    return value;
  };
}
