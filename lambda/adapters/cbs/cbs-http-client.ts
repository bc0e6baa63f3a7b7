import pLimit from 'p-limit';
import { Agent, type Dispatcher, request } from 'undici';
import type {
  BackupServer,
  BackupSetRecord,
  BackupUserRef,
  JobListing,
  JobRef,
  JobSummary,
  UserListing,
} from '../../core/backup-server';
import { CbsApiError, CbsResponseError, CbsTransportError } from '../../errors';
import { envelopeSchema, readBackupSets, readJobListing, readJobSummary, readUsers } from './cbs-answers';

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
  /** Connection pool; one per runtime so warm invocations reuse connections. */
  dispatcher?: Dispatcher;
}

type Params = Record<string, string | boolean | undefined>;

/** Where an endpoint puts its answer: `Data`, except where CBS chose otherwise. */
const ANSWER_KEY: Readonly<Record<string, string>> = { '2/ListUsers': 'User' };

/**
 * AhsayCBS JSON API over HTTP: `POST <base>/obs/api/json/<Name>.do`, credentials in every body.
 * Node's fetch keeps connections alive; every request has its own timeout. Errors name the
 * endpoint and never hold the request body (it carries SysPwd).
 */
export class CbsHttpClient implements BackupServer {
  private readonly limit: pLimit.Limit;
  private readonly dispatcher: Dispatcher;
  private readonly apiBase: string;

  constructor(private readonly options: CbsHttpClientOptions) {
    this.limit = pLimit(options.concurrency);
    this.dispatcher = options.dispatcher ?? createCbsAgent(options.concurrency);
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

  async listUsers(): Promise<UserListing> {
    const users = await this.call('2/ListUsers', {});
    return this.read('2/ListUsers', () => readUsers(users));
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
    const signal = AbortSignal.timeout(requestTimeoutMs);
    let status: number;
    let contentType: string;
    let text: string;
    try {
      const response = await request(`${this.apiBase}${endpoint}.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal,
        dispatcher: this.dispatcher,
      });
      status = response.statusCode;
      contentType = String(response.headers['content-type'] ?? 'no content type');
      text = await response.body.text();
    } catch (error) {
      const reason = signal.aborted ? `no answer within ${requestTimeoutMs} ms` : describeNetworkError(error);
      throw new CbsTransportError(endpoint, reason, undefined, { cause: error });
    }
    if (status < 200 || status > 299) {
      throw new CbsTransportError(endpoint, `HTTP ${status}`, status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
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
      throw new CbsApiError(
        endpoint,
        typeof Message === 'string' && Message !== '' ? Message : `Status ${Status}`,
        typeof ExptType === 'string' ? ExptType : undefined,
      );
    }
    return (json as Record<string, unknown>)[ANSWER_KEY[endpoint] ?? 'Data'];
  }
}

/** A keep-alive pool with no more sockets than calls we allow in flight. */
export function createCbsAgent(concurrency: number): Agent {
  return new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
}

function userParams(user: BackupUserRef): Params {
  return user.owner ? { LoginName: user.loginName, Owner: user.owner } : { LoginName: user.loginName };
}

/** Network errors carry a code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET) that says more than the text. */
function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  return code ? `cannot reach CBS (${code})` : `request failed: ${e.message ?? String(error)}`;
}
