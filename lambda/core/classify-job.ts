/** How the digest sorts a row. `error` means the digest could not check it. */
export type JobClass = 'failed' | 'missed' | 'unknown' | 'error' | 'warning' | 'running' | 'ok';

/** Worst first: the order sections and rows are shown in. */
export const CLASS_ORDER: readonly JobClass[] = [
  'failed',
  'missed',
  'unknown',
  'error',
  'warning',
  'running',
  'ok',
];

interface StatusMeaning {
  jobClass: JobClass;
  meaning: string;
}

/**
 * BackupJobStatus values seen from real servers and public clients. Ahsay's reference names only
 * BS_STOP_SUCCESS ("The error varies if the backup failed"):
 * https://www.ahsay.com/en/support/help-centre/cbs/doc/v10/api/user/backup-set/list-backup-job-status
 */
const STATUS_MEANINGS: Readonly<Record<string, StatusMeaning>> = {
  BS_STOP_SUCCESS: { jobClass: 'ok', meaning: 'finished successfully' },
  BS_STOP_SUCCESS_WITH_WARNING: { jobClass: 'warning', meaning: 'completed with warnings' },
  BS_STOP_SUCCESS_WITH_ERROR: { jobClass: 'failed', meaning: 'completed with errors' },
  BS_STOP_BY_USER: { jobClass: 'warning', meaning: 'stopped by a user before it finished' },
  BS_STOP_BY_SCHEDULER: {
    jobClass: 'failed',
    meaning: 'stopped by the scheduler: the backup window ended first',
  },
  BS_STOP_BY_SYSTEM_ERROR: { jobClass: 'failed', meaning: 'stopped by a system error' },
  BS_STOP_BY_QUOTA_EXCEEDED: { jobClass: 'failed', meaning: 'stopped: the storage quota is exceeded' },
  BS_STOP_MISSED_BACKUP: { jobClass: 'missed', meaning: 'a scheduled backup was missed' },
  BS_STOP_INCOMPLETE: { jobClass: 'failed', meaning: 'did not complete' },
  BS_BACKUP_NOT_FINISHED: { jobClass: 'failed', meaning: 'did not finish' },
  BS_STILL_RUNNING: { jobClass: 'running', meaning: 'still running' },
  BS_MISSED_DATABASAE: { jobClass: 'failed', meaning: 'some databases or mailboxes were not backed up' },
  BS_MISSED_DATABASE: { jobClass: 'failed', meaning: 'some databases or mailboxes were not backed up' },
  BS_MISSED_PUBLIC_FOLDER: { jobClass: 'failed', meaning: 'some public folders were not backed up' },
  BS_MISSED_VIRTUAL_MACHINE: { jobClass: 'failed', meaning: 'some virtual machines were not backed up' },
};

export interface JobFacts {
  status: string;
  /** The job reported an end time, readable or not. */
  ended: boolean;
  errorEntries?: number | undefined;
  warnEntries?: number | undefined;
  missedItems?: number | undefined;
}

export interface Classification {
  jobClass: JobClass;
  /** Why, in words an admin understands without the status table. */
  reason: string;
}

const rank = (c: JobClass): number => CLASS_ORDER.indexOf(c);
const worse = (a: JobClass, b: JobClass): JobClass => (rank(a) <= rank(b) ? a : b);

/**
 * Classifies one job. The status decides first; logged errors, warnings and missed items can
 * only make a finished job worse (a "successful" job that logged 3 errors is failed), never better.
 */
export function classifyJob(facts: JobFacts): Classification {
  const status = facts.status.trim();
  const reasons: string[] = [];
  let jobClass: JobClass;
  if (status === '') {
    const { ended } = facts;
    jobClass = ended ? 'unknown' : 'running';
    reasons.push(ended ? 'ended without a status' : 'in progress');
  } else {
    const known = STATUS_MEANINGS[status];
    jobClass = known?.jobClass ?? 'unknown';
    reasons.push(known?.meaning ?? `unknown status ${status}`);
  }
  if (jobClass === 'running') return { jobClass, reason: reasons.join('; ') };

  // Counts can only make a finished job worse: ok → warning → failed. A missed or unknown job
  // keeps its class (it already needs attention); the counts still show in the reason.
  const escalate = (to: JobClass) => {
    if (jobClass === 'ok' || jobClass === 'warning') jobClass = worse(jobClass, to);
  };
  const errors = facts.errorEntries ?? 0;
  const warnings = facts.warnEntries ?? 0;
  const missed = facts.missedItems ?? 0;
  if (errors > 0) {
    escalate('failed');
    reasons.push(plural(errors, 'error'));
  }
  if (missed > 0) {
    escalate('failed');
    reasons.push(`${plural(missed, 'item')} missed`);
  }
  if (warnings > 0) {
    escalate('warning');
    reasons.push(plural(warnings, 'warning'));
  }
  return { jobClass, reason: reasons.join('; ') };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
