import type {
  BackupServer,
  BackupSetRecord,
  BackupSetSettings,
  BackupUserRef,
  JobListing,
  JobRef,
  JobSummary,
  UserListing,
} from './backup-server';
import { LoginRefusedError, NoAnswerError } from './errors';

/**
 * Wraps a backup server to learn, after collection, whether CBS answered at all: a digest of
 * nothing but "not checked" rows because the server is down is a failed run, not a digest.
 */
export class CountingServer implements BackupServer {
  succeeded = 0;
  failed = 0;
  /** Calls that got no answer (network, timeouts, 5xx, out of time), as opposed to CBS's own answers. */
  transportFailed = 0;
  firstTransportFailure: Error | undefined;
  firstFailure: Error | undefined;
  authFailure: LoginRefusedError | undefined;

  constructor(private readonly inner: BackupServer) {}

  listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
    return this.count(this.inner.listJobs(user, date));
  }

  getJobSummary(job: JobRef): Promise<JobSummary> {
    return this.count(this.inner.getJobSummary(job));
  }

  listBackupSets(user: BackupUserRef): Promise<BackupSetRecord[]> {
    return this.count(this.inner.listBackupSets(user));
  }

  listUsers(): Promise<UserListing> {
    return this.count(this.inner.listUsers());
  }

  getBackupSet(user: BackupUserRef, backupSetId: string): Promise<BackupSetSettings> {
    return this.count(this.inner.getBackupSet(user, backupSetId));
  }

  /** CBS was asked, and never once answered. */
  get unreachable(): boolean {
    return this.nothingUsable && this.transportFailed === this.failed;
  }

  /** CBS was asked, and not one call got a usable answer, whatever the reasons. */
  get nothingUsable(): boolean {
    return this.succeeded === 0 && this.failed > 0;
  }

  private async count<T>(call: Promise<T>): Promise<T> {
    try {
      const value = await call;
      this.succeeded += 1;
      return value;
    } catch (error) {
      this.failed += 1;
      this.firstFailure ??= error as Error;
      if (error instanceof LoginRefusedError) this.authFailure ??= error;
      if (error instanceof NoAnswerError) {
        this.transportFailed += 1;
        this.firstTransportFailure ??= error;
      }
      throw error;
    }
  }
}
