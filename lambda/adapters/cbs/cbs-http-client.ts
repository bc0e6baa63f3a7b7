import pLimit from 'p-limit';
import type {
  BackupServer,
  BackupSetRecord,
  BackupUserRef,
  JobListing,
  JobRef,
  JobSummary,
} from '../../core/backup-server';
import { CbsApiError, CbsResponseError, CbsTransportError } from '../../errors';
import { envelopeSchema, readBackupSets, readJobListing, readJobSummary } from './cbs-answers';

export interface CbsCredentials {
  sysUser: string;
  sysPwd: string;
}

export interface CbsHttpClientOptions {
  baseUrl: string;
  credentials: CbsCredentials;
  requestTimeoutMs: number;
  /** Calls in flight at once, across every endpoint: we must never hammer a customer's server. */
  concurrency: number;
  fetch?: typeof fetch;
}

type Params = Record<string, string | boolean | undefined>;

/**
 * AhsayCBS JSON API over HTTP: `POST <base>/obs/api/json/<Name>.do`, credentials in every body.
 * Node's fetch keeps connections alive; every request has its own timeout. Errors name the
 * endpoint and never hold the request body (it carries SysPwd).
 */
export class CbsHttpClient implements BackupServer {
  private readonly limit: pLimit.Limit;
  private readonly fetch: typeof fetch;
  private readonly apiBase: string;

  constructor(private readonly options: CbsHttpClientOptions) {
    this.limit = pLimit(options.concurrency);
    this.fetch = options.fetch ?? fetch;
    this.apiBase = `${options.baseUrl.replace(/\/+$/, '')}/obs/api/json/`;
  }

  async listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
    const data = await this.call('ListBackupJobStatus', { ...userParams(user), BackupDate: date });
    return this.read('ListBackupJobStatus', () => readJobListing(data));
  }

  async getJobSummary(job: JobRef): Promise<JobSummary> {
    const data = await this.call('GetBackupJobReportSummary', {
      ...userParams(job.user),
      BackupSetID: job.backupSetId,
      DestinationID: job.destinationId,
      BackupJobID: job.jobId,
    });
    return this.read('GetBackupJobReportSummary', () => readJobSummary(data));
  }

  async listBackupSets(user: BackupUserRef): Promise<BackupSetRecord[]> {
    const data = await this.call('ListBackupSets', userParams(user));
    return this.read('ListBackupSets', () => readBackupSets(data));
  }

  /** Number of requests waiting for a free slot; for logs and benchmarks. */
  get pending(): number {
    return this.limit.pendingCount;
  }

  private read<T>(endpoint: string, reader: () => T): T {
    try {
      return reader();
    } catch (error) {
      throw new CbsResponseError(endpoint, (error as Error).message);
    }
  }

  private call(endpoint: string, params: Params): Promise<unknown> {
    return this.limit(() => this.post(endpoint, params));
  }

  private async post(endpoint: string, params: Params): Promise<unknown> {
    const { credentials, requestTimeoutMs } = this.options;
    const body = JSON.stringify({ SysUser: credentials.sysUser, SysPwd: credentials.sysPwd, ...params });
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.apiBase}${endpoint}.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new CbsTransportError(endpoint, describeFetchError(error, requestTimeoutMs), undefined, {
        cause: error,
      });
    }
    if (!response.ok) {
      throw new CbsTransportError(
        endpoint,
        `HTTP ${response.status} ${response.statusText}`.trim(),
        response.status,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new CbsTransportError(
        endpoint,
        `answered ${type}, not JSON (a proxy or error page?)`,
        response.status,
      );
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new CbsResponseError(endpoint, 'no Status field');
    const { Status, Message, ExptType } = envelope.data;
    if (Status !== 'OK') {
      throw new CbsApiError(
        endpoint,
        typeof Message === 'string' && Message !== '' ? Message : `Status ${Status}`,
        typeof ExptType === 'string' ? ExptType : undefined,
      );
    }
    return (json as Record<string, unknown>).Data;
  }
}

function userParams(user: BackupUserRef): Params {
  return user.owner ? { LoginName: user.loginName, Owner: user.owner } : { LoginName: user.loginName };
}

/** fetch's own errors are vague ("fetch failed"); the useful part is in `cause.code`. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `cannot reach CBS (${cause.code})`;
  return `request failed: ${cause?.message ?? (error as Error).message}`;
}
