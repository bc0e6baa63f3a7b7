import type {
  BackupServer,
  BackupSetRecord,
  BackupUserRef,
  JobListing,
  JobRef,
  JobSummary,
  UserListing,
} from '../../lambda/core/backup-server';

/** Passes every call through and counts the questions asked more than once. */
export class CountingBackupServer implements BackupServer {
  duplicates = 0;
  private readonly asked = new Set<string>();

  constructor(private readonly inner: BackupServer) {}

  listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
    this.note(`listJobs\u0000${user.owner ?? ''}\u0000${user.loginName}\u0000${date}`);
    return this.inner.listJobs(user, date);
  }

  getJobSummary(job: JobRef): Promise<JobSummary> {
    const { user } = job;
    this.note(
      `summary\u0000${user.owner ?? ''}\u0000${user.loginName}\u0000${job.backupSetId}\u0000${job.destinationId ?? ''}\u0000${job.jobId}`,
    );
    return this.inner.getJobSummary(job);
  }

  listBackupSets(user: BackupUserRef): Promise<BackupSetRecord[]> {
    this.note(`sets\u0000${user.owner ?? ''}\u0000${user.loginName}`);
    return this.inner.listBackupSets(user);
  }

  listUsers(): Promise<UserListing> {
    this.note('users');
    return this.inner.listUsers();
  }

  private note(key: string): void {
    if (this.asked.has(key)) this.duplicates += 1;
    else this.asked.add(key);
  }
}
