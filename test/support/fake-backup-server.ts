import { parseJobId, reportedTime } from '../../lambda/adapters/cbs/cbs-time';
import type {
  BackupServer,
  BackupSetRecord,
  BackupSetSettings,
  BackupUserRef,
  JobListing,
  JobRecord,
  JobRef,
  JobSummary,
  UserListing,
} from '../../lambda/core/backup-server';

/** A BackupServer over in-memory data that records every call, for tests of the core. */
export class FakeBackupServer implements BackupServer {
  readonly calls: string[] = [];
  readonly listings = new Map<string, JobListing | Error>();
  readonly summaries = new Map<string, JobSummary | Error>();
  readonly sets = new Map<string, BackupSetRecord[] | Error>();
  users: UserListing | Error = { users: [], unreadable: [] };
  readonly settings = new Map<string, BackupSetSettings | Error>();

  listingOf(loginName: string, date: string, listing: JobListing | Error): this {
    this.listings.set(`${loginName}/${date}`, listing);
    return this;
  }

  summaryOf(loginName: string, backupSetId: string, jobId: string, summary: JobSummary | Error): this {
    this.summaries.set(`${loginName}/${backupSetId}/${jobId}`, summary);
    return this;
  }

  setsOf(loginName: string, sets: BackupSetRecord[] | Error): this {
    this.sets.set(loginName, sets);
    return this;
  }

  settingsOf(loginName: string, backupSetId: string, settings: BackupSetSettings | Error): this {
    this.settings.set(`${loginName}/${backupSetId}`, settings);
    return this;
  }

  usersAre(users: UserListing | Error): this {
    this.users = users;
    return this;
  }

  async listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
    this.calls.push(`listJobs ${user.loginName} ${date}`);
    return answer(this.listings.get(`${user.loginName}/${date}`) ?? { jobs: [], unreadable: [] });
  }

  async getJobSummary(job: JobRef): Promise<JobSummary> {
    this.calls.push(`getJobSummary ${job.user.loginName} ${job.backupSetId} ${job.jobId}`);
    const found = this.summaries.get(`${job.user.loginName}/${job.backupSetId}/${job.jobId}`);
    return answer(found ?? new Error(`Backup job "${job.jobId}" not found`));
  }

  async listBackupSets(user: BackupUserRef): Promise<BackupSetRecord[]> {
    this.calls.push(`listBackupSets ${user.loginName}`);
    return answer(this.sets.get(user.loginName) ?? []);
  }

  async listUsers(): Promise<UserListing> {
    this.calls.push('listUsers');
    return answer(this.users);
  }

  /** Without settings given, answers as an older CBS would: the endpoint is not there. */
  async getBackupSet(user: BackupUserRef, backupSetId: string): Promise<BackupSetSettings> {
    this.calls.push(`getBackupSet ${user.loginName} ${backupSetId}`);
    const found = this.settings.get(`${user.loginName}/${backupSetId}`);
    return answer(found ?? new Error('HTTP 404'));
  }
}

function answer<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

/** The zone of the fake CBS's clock, which its times are read in, as the CBS adapter reads them. */
export const FAKE_CBS_ZONE = 'Europe/Berlin';

/** A job's fields, with its times as CBS sends them: `yyyy-MM-dd HH:mm:ss`, CBS-local. */
type CbsJobFields = Partial<Omit<JobRecord, 'startTime' | 'endTime'>> & {
  startTime?: string;
  endTime?: string;
};

/**
 * A listed job as the CBS adapter hands it over; `start` is CBS-local `yyyy-MM-dd HH:mm:ss`, the id
 * derived from it, and the times are read in FAKE_CBS_ZONE.
 */
export function listedJob(
  loginName: string,
  backupSetId: string,
  start: string,
  overrides: CbsJobFields = {},
): JobRecord {
  const { startTime = start, endTime = start.replace(/\d{2}:\d{2}$/, '59:59'), ...fields } = overrides;
  const jobId = fields.jobId ?? start.replace(/[ :]/g, '-');
  return {
    jobId,
    idStart: parseJobId(jobId, FAKE_CBS_ZONE),
    loginName,
    backupSetId,
    backupSetName: `Set ${backupSetId}`,
    destinationId: 'd1',
    status: 'BS_STOP_SUCCESS',
    startTime: reportedTime(startTime, FAKE_CBS_ZONE),
    endTime: reportedTime(endTime, FAKE_CBS_ZONE),
    ...fields,
  };
}

/** A summary agreeing with a listed job, with small figures. */
export function summaryFor(job: JobRecord, overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    jobId: job.jobId,
    status: job.status,
    startTime: job.startTime,
    endTime: job.endTime,
    warnEntries: 0,
    errorEntries: 0,
    newFiles: { count: 2, bytes: 2048 },
    updatedFiles: { count: 1, bytes: 1024 },
    deletedFiles: { count: 0, bytes: 0 },
    movedFiles: { count: 0, bytes: 0 },
    dedupeSaving: 100,
    ...overrides,
  };
}
