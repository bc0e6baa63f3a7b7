import { formatCbsTime } from './cbs-time';
import type { JobState } from './job-figures';
import type { SimJob } from './job-generator';
import type { SetPlan, UserPlan } from './user-plan';

type JsonRecord = Record<string, unknown>;

const STATUS: Record<JobState, string> = {
  success: 'BS_STOP_SUCCESS',
  warning: 'BS_STOP_SUCCESS_WITH_WARNING',
  error: 'BS_STOP_SUCCESS_WITH_ERROR',
  'system-error': 'BS_STOP_BY_SYSTEM_ERROR',
  missed: 'BS_STOP_MISSED_BACKUP',
  // A status no client knows yet: clients must still show it.
  unknown: 'BS_STOP_SOMETHING_NEW',
  running: '',
};

/** One record of `ListBackupJobStatus`: exactly the documented fields. */
export function jobStatusRecord(user: UserPlan, set: SetPlan, job: SimJob): JsonRecord {
  const startTime = formatCbsTime(job.start);
  const { database, virtualMachine } = itemCounters(set, job);
  return {
    ID: job.id,
    LoginName: user.loginName,
    Owner: user.owner,
    UserId: user.userId,
    // Ahsay's own example payload has this typo; the id stays right.
    StartTime: set.quirky ? startTime.replace(':', ';') : startTime,
    EndTime: endTime(job),
    BackupJobStatus: STATUS[job.state],
    BackupSetID: set.id,
    BackupSetName: set.name,
    DestinationID: set.destinationId,
    UploadSize: String(job.figures.uploadSize),
    RunVersion: user.runVersion,
    SuccessDatabase: database.success,
    MissedDatabase: database.missed,
    SuccessVirtualMachine: virtualMachine.success,
    MissedVirtualMachine: virtualMachine.missed,
    SuccessPublicFolder: '',
    MissedPublicFolder: '',
  };
}

/**
 * The `Data` of `GetBackupJobReportSummary`, keys in the order of Ahsay's example, including
 * the undocumented `TotalCopiedSize` and `NumOfCopiedFiles`. VM sets carry the VM counters
 * instead of the database ones, as documented.
 */
export function jobReportSummary(set: SetPlan, job: SimJob): JsonRecord {
  const f = job.figures;
  const { database, virtualMachine } = itemCounters(set, job);
  const summary: JsonRecord = {
    TotalCopiedSize: f.copiedSize,
    DedupeEnabled: set.dedupeEnabled,
    DedupeOriginalSize: f.dedupeOriginalSize,
    DedupeSaving: f.dedupeSaving,
    EndTime: endTime(job),
    TotalDeletedFilesSize: f.deletedFilesSize,
    NumOfMovedFiles: f.movedFiles,
    SuccessPublicFolder: '',
    TotalUpdatedFilesSize: f.updatedFilesSize,
    TotalUpdatedPermissionFilesSize: f.permissionFilesSize,
    NumOfWarnEntries: f.warnEntries,
    NumOfNewFiles: f.newFiles,
    NumOfUpdatedFiles: f.updatedFiles,
    NumOfCopiedFiles: f.copiedFiles,
    ID: job.id,
    NumOfErrorEntries: f.errorEntries,
    BackupJobStatus: STATUS[job.state],
    TotalNewFilesSize: f.newFilesSize,
    ...(set.content === 'vm'
      ? { MissedVirtualMachine: virtualMachine.missed }
      : { MissedDatabase: database.missed }),
    NumOfUpdatedPermissionFiles: f.permissionFiles,
    ...(set.content === 'vm'
      ? { SuccessVirtualMachine: virtualMachine.success }
      : { SuccessDatabase: database.success }),
    StartTime: formatCbsTime(job.start),
    NumOfDeletedFiles: f.deletedFiles,
    MissedPublicFolder: '',
    TotalMovedFilesSize: f.movedFilesSize,
  };
  return set.quirky ? withQuirks(summary) : summary;
}

/** What real servers do to the documented types: counts as strings, blanks, fields nobody documented. */
function withQuirks(summary: JsonRecord): JsonRecord {
  const quirky: JsonRecord = {};
  for (const [key, value] of Object.entries(summary)) {
    if (key === 'NumOfErrorEntries' || key.includes('Moved')) quirky[key] = '';
    else if (key.startsWith('NumOf') && typeof value === 'number') quirky[key] = String(value);
    else quirky[key] = value;
  }
  quirky.BackupJobMode = 'S';
  return quirky;
}

function endTime(job: SimJob): string {
  return job.end === undefined ? '' : formatCbsTime(job.end);
}

type Counter = { success: number | ''; missed: number | '' };

function itemCounters(set: SetPlan, job: SimJob): { database: Counter; virtualMachine: Counter } {
  const counted: Counter = { success: job.figures.successItems, missed: job.figures.missedItems };
  const blank: Counter = { success: '', missed: '' };
  return {
    database: set.content === 'database' ? counted : blank,
    virtualMachine: set.content === 'vm' ? counted : blank,
  };
}
