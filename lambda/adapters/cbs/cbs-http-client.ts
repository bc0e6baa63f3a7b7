import pLimit from 'p-limit';
import type {
  BackupServer,
  BackupSetRecord,
  BackupSetSettings,
  BackupUserRef,
  JobListing,
  JobRef,
  JobSummary,
  UserListing,
} from '../../core/backup-server';
import { Deadline } from '../../core/deadline';
import { readBackupSetSettings } from './backup-set-settings';
import { envelopeSchema, readBackupSets, readJobListing, readJobSummary, readUsers } from './cbs-answers';
import {
  ATTEMPT_TIMEOUT_CODE,
  type CbsAnswer,
  CbsConnections,
  CONNECT_TIMEOUT_CODE,
  TOO_LARGE_CODE,
} from './cbs-connections';
import { CbsApiError, CbsAuthError, CbsResponseError, CbsTransportError } from './cbs-errors';
import { Redactor } from './redactor';
import { type RetryPolicy, withRetries } from './retry';

export interface CbsCredentials {
  sysUser: string;
  sysPwd: string;
}

export interface CbsHttpClientOptions {
  baseUrl: string;
  /** The zone of the CBS server's clock: its times carry none. */
  timeZone: string;
  credentials: CbsCredentials;
  requestTimeoutMs: number;
  /** Calls in flight at once, across every endpoint: we must never hammer a customer's server. */
  concurrency: number;
  /** Connection pool; one per runtime so warm invocations reuse connections. */
  dispatcher?: CbsConnections;
  /** Tries and pauses; attempts and base delay come from the config (`cbs.maxAttempts`, `cbs.retryBaseDelayMs`). */
  retry: RetryPolicy;
  /** When the run must stop fetching; calls after it fail with OutOfTimeError. */
  deadline?: Deadline;
  /** An answer larger than this is refused rather than buffered (`cbs.maxResponseBytes`). */
  maxResponseBytes: number;
  /** Told of each retry, for the logs. */
  onRetry?: (endpoint: string, attempt: number, delayMs: number, error: CbsTransportError) => void;
}

/** CBS's words when the system user is refused; every later call would be refused too. */
const AUTH_FAILURE =
  /incorrect system username\/password|password (has )?expired|expired password|must change (the|your) password/i;

type Params = Record<string, string | boolean | undefined>;

/** Where an endpoint puts its answer: `Data`, except where CBS chose otherwise. */
const ANSWER_KEY: Readonly<Record<string, string>> = { '2/ListUsers': 'User' };

/**
 * AhsayCBS JSON API over HTTP: `POST <base>/obs/api/json/<Name>.do`, credentials in every body.
 * Connections are kept alive and capped; every attempt has its own timeout, transient failures
 * are retried with backoff within the run's deadline, and a refused system user stops all further
 * calls. Errors name the endpoint and never hold the request body (it carries SysPwd).
 */
export class CbsHttpClient implements BackupServer {
  private readonly limit: pLimit.Limit;
  private readonly dispatcher: CbsConnections;
  private readonly apiBase: string;
  private readonly deadline: Deadline;
  /** Every string CBS or the network sends passes it before it can reach a row, a log or an email. */
  private readonly redactor: Redactor;
  /** Set by the first refusal of the system user; later calls fail with it without asking. */
  private authFailure: CbsAuthError | undefined;

  constructor(private readonly options: CbsHttpClientOptions) {
    this.limit = pLimit(options.concurrency);
    this.dispatcher = options.dispatcher ?? createCbsAgent(options.concurrency);
    this.apiBase = `${options.baseUrl.replace(/\/+$/, '')}/obs/api/json/`;
    this.deadline = options.deadline ?? Deadline.none();
    this.redactor = new Redactor([options.credentials.sysPwd]);
  }

  async listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
    const data = await this.call('ListBackupJobStatus', { ...userParams(user), BackupDate: date });
    return this.read('ListBackupJobStatus', () => readJobListing(data, this.options.timeZone));
  }

  async getJobSummary(job: JobRef): Promise<JobSummary> {
    const data = await this.call('GetBackupJobReportSummary', {
      ...userParams(job.user),
      BackupSetID: job.backupSetId,
      DestinationID: job.destinationId,
      BackupJobID: job.jobId,
    });
    return this.read('GetBackupJobReportSummary', () => readJobSummary(data, this.options.timeZone));
  }

  async listBackupSets(user: BackupUserRef): Promise<BackupSetRecord[]> {
    const data = await this.call('ListBackupSets', userParams(user));
    return this.read('ListBackupSets', () => readBackupSets(data));
  }

  async listUsers(): Promise<UserListing> {
    const users = await this.call('2/ListUsers', {});
    return this.read('2/ListUsers', () => readUsers(users));
  }

  async getBackupSet(user: BackupUserRef, backupSetId: string): Promise<BackupSetSettings> {
    const data = await this.call('2/GetBackupSet', { ...userParams(user), BackupSetID: backupSetId });
    return readBackupSetSettings(backupSetId, data);
  }

  private read<T>(endpoint: string, reader: () => T): T {
    try {
      return reader();
    } catch (error) {
      throw new CbsResponseError(endpoint, this.redactor.text((error as Error).message));
    }
  }

  private call(endpoint: string, params: Params): Promise<unknown> {
    return this.limit(async () => {
      if (this.authFailure) throw this.authFailure;
      try {
        return await withRetries(
          {
            endpoint,
            policy: this.options.retry,
            deadline: this.deadline,
            attemptTimeoutMs: this.options.requestTimeoutMs,
            onRetry: (attempt, delay, error) => this.options.onRetry?.(endpoint, attempt, delay, error),
          },
          (timeoutMs) => this.post(endpoint, params, timeoutMs),
        );
      } catch (error) {
        if (error instanceof CbsAuthError) this.authFailure ??= error;
        throw error;
      }
    });
  }

  private async post(endpoint: string, params: Params, timeoutMs: number): Promise<unknown> {
    const { credentials } = this.options;
    const body = JSON.stringify({ SysUser: credentials.sysUser, SysPwd: credentials.sysPwd, ...params });
    let answer: CbsAnswer;
    try {
      answer = await this.dispatcher.post(
        `${this.apiBase}${endpoint}.do`,
        body,
        { 'content-type': 'application/json', accept: 'application/json' },
        { timeoutMs, maxBytes: this.options.maxResponseBytes },
      );
    } catch (error) {
      // The network stack's own error may hold the raw bytes it read or sent: only a scrubbed copy is kept.
      const cause = this.redactor.cause(error);
      const { code } = cause as { code?: string };
      if (code === TOO_LARGE_CODE) {
        throw new CbsTransportError(endpoint, (cause as Error).message, undefined, { retryable: false });
      }
      // The pool's own connect timeout is the same limit, and may fire a moment before the attempt's.
      if (code === ATTEMPT_TIMEOUT_CODE || code === CONNECT_TIMEOUT_CODE) {
        throw new CbsTransportError(endpoint, `no answer within ${timeoutMs} ms`, undefined, { cause });
      }
      const { reason, retryable } = describeNetworkError(cause);
      throw new CbsTransportError(endpoint, reason, undefined, { cause, retryable });
    }
    const { status, body: text } = answer;
    const contentType = this.redactor.text(String(answer.headers['content-type'] ?? 'no content type'));
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after']);
    if (status < 200 || status > 299) {
      // 4xx other than 429 means the request itself is wrong; asking again will not change it.
      const retryable = status >= 500 || status === 429;
      throw new CbsTransportError(endpoint, `HTTP ${status}`, status, { retryable, retryAfterMs });
    }
    let json: unknown;
    try {
      // CBS's own words reach logs and emails; a server or proxy echoing the password must not.
      json = this.redactor.answer(JSON.parse(text));
    } catch {
      throw new CbsTransportError(
        endpoint,
        `answered ${contentType}, not JSON (a proxy or error page?)`,
        status,
      );
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new CbsResponseError(endpoint, 'no Status field');
    const { Status, Message, ExptType } = envelope.data;
    if (Status !== 'OK') {
      const message = typeof Message === 'string' && Message !== '' ? Message : `Status ${Status}`;
      const exptType = typeof ExptType === 'string' ? ExptType : undefined;
      if (AUTH_FAILURE.test(message)) throw new CbsAuthError(endpoint, message, exptType);
      throw new CbsApiError(endpoint, message, exptType);
    }
    return (json as Record<string, unknown>)[ANSWER_KEY[endpoint] ?? 'Data'];
  }
}

/**
 * A keep-alive pool with no more sockets than calls we allow in flight. Certificates are always
 * verified; `ca` adds the PEM certificates of a private or self-signed CA to Node's own list.
 */
export function createCbsAgent(concurrency: number, ca?: string, connectTimeoutMs = 10_000): CbsConnections {
  // A stalled TCP or TLS handshake gives its pool slot back within the request timeout.
  return new CbsConnections(concurrency, ca, connectTimeoutMs);
}

/** Retry-After as seconds (the usual form); an HTTP date is ignored in favour of our backoff. */
function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function userParams(user: BackupUserRef): Params {
  return user.owner ? { LoginName: user.loginName, Owner: user.owner } : { LoginName: user.loginName };
}

/**
 * TLS failures of trust: asking again cannot change a certificate. Each says what would fix it:
 * only an unknown issuer is fixed by adding a CA; a wrong name or an expired certificate is not.
 */
const CERTIFICATE_ADVICE: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'add its CA to cbs.caCertificates',
  SELF_SIGNED_CERT_IN_CHAIN: 'add its CA to cbs.caCertificates',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'add its CA to cbs.caCertificates',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'add its CA to cbs.caCertificates',
  CERT_HAS_EXPIRED: 'it has expired: renew the certificate on the CBS server',
  CERT_NOT_YET_VALID: "it is not valid yet: check the CBS server's clock and certificate",
  ERR_TLS_CERT_ALTNAME_INVALID:
    'it does not name the host in cbs.baseUrl: use a host name the certificate holds',
};

/** Network errors carry a code (ECONNREFUSED, ENOTFOUND, HPE_INVALID_CONSTANT) that says more than the text. */
function describeNetworkError(error: unknown): { reason: string; retryable: boolean } {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const advice = code === undefined ? undefined : CERTIFICATE_ADVICE[code];
  if (code && advice) {
    return { reason: `the CBS certificate is not trusted (${code}); ${advice}`, retryable: false };
  }
  // Node's HTTP parser names what it choked on in words of its own, never in the bytes it read.
  if (code?.startsWith('HPE_')) {
    const what = (e.message ?? '').replace(/^Parse Error: /, '');
    return { reason: `CBS sent a broken HTTP answer (${code}: ${what})`, retryable: true };
  }
  return {
    reason: code ? `cannot reach CBS (${code})` : `request failed: ${e.message ?? String(error)}`,
    retryable: true,
  };
}
