import { between, intBetween, logBetween, type Random } from './prng';
import type { JobOutcome, SetPlan } from './user-plan';

/** How a job stands: finished with an outcome, or still running. */
export type JobState = JobOutcome | 'running';

/** What a job backed up and how it went, in the units of the CBS report (bytes, counts). */
export interface JobFigures {
  readonly warnEntries: number;
  readonly errorEntries: number;
  readonly newFiles: number;
  readonly newFilesSize: number;
  readonly updatedFiles: number;
  readonly updatedFilesSize: number;
  readonly deletedFiles: number;
  readonly deletedFilesSize: number;
  readonly movedFiles: number;
  readonly movedFilesSize: number;
  readonly permissionFiles: number;
  readonly permissionFilesSize: number;
  readonly copiedFiles: number;
  readonly copiedSize: number;
  readonly dedupeOriginalSize: number;
  readonly dedupeSaving: number;
  readonly uploadSize: number;
  /** Databases or VMs backed up / missed; 0 for file sets. */
  readonly successItems: number;
  readonly missedItems: number;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** Plausible figures for one job, drawn from the job's own generator. */
export function jobFigures(random: Random, set: SetPlan, state: JobState): JobFigures {
  // A missed backup moved nothing; a failed or running one got part of the way.
  const completeness =
    state === 'missed'
      ? 0
      : state === 'system-error'
        ? between(random, 0.05, 0.4)
        : state === 'running'
          ? between(random, 0.3, 0.7)
          : 1;
  const changed = Math.round(set.typicalChangeBytes * between(random, 0.4, 1.6) * completeness);
  // Database dumps and virtual disks are few and big; user files are many and small.
  const averageFile =
    set.content === 'files' ? logBetween(random, 64 * KB, 4 * MB) : logBetween(random, 256 * MB, 4 * GB);
  const newFilesSize = Math.round(changed * between(random, 0.15, 0.6));
  const updatedFilesSize = changed - newFilesSize;
  const fileCount = (bytes: number) => (bytes > 0 ? Math.max(1, Math.round(bytes / averageFile)) : 0);
  const newFiles = fileCount(newFilesSize);
  const someOf = (chance: number, max: number) =>
    changed > 0 && random() < chance ? intBetween(random, 1, Math.max(1, max)) : 0;
  const deletedFiles = someOf(0.6, Math.floor(newFiles / 3));
  const movedFiles = someOf(0.1, 40);
  const permissionFiles = someOf(0.05, 200);
  const sizeOf = (files: number) => Math.round(files * averageFile * between(random, 0.5, 1.5));
  const dedupeOriginalSize = set.dedupeEnabled ? changed : 0;
  const dedupeSaving = Math.round(dedupeOriginalSize * between(random, 0, 0.55));
  const { successItems, missedItems } = items(random, set.items, state, completeness);
  return {
    warnEntries: warnEntries(random, state),
    errorEntries: errorEntries(random, state),
    newFiles,
    newFilesSize,
    updatedFiles: fileCount(updatedFilesSize),
    updatedFilesSize,
    deletedFiles,
    deletedFilesSize: sizeOf(deletedFiles),
    movedFiles,
    movedFilesSize: sizeOf(movedFiles),
    permissionFiles,
    permissionFilesSize: sizeOf(permissionFiles),
    copiedFiles: 0,
    copiedSize: 0,
    dedupeOriginalSize,
    dedupeSaving,
    // Upload is what is left after dedupe, compressed.
    uploadSize: Math.round((changed - dedupeSaving) * between(random, 0.45, 0.9)),
    successItems,
    missedItems,
  };
}

function warnEntries(random: Random, state: JobState): number {
  if (state === 'warning') return intBetween(random, 1, 40);
  if (state === 'error') return intBetween(random, 0, 6);
  if (state === 'unknown') return intBetween(random, 0, 3);
  return 0;
}

function errorEntries(random: Random, state: JobState): number {
  if (state === 'error') return intBetween(random, 1, 12);
  if (state === 'system-error') return intBetween(random, 1, 3);
  if (state === 'unknown') return intBetween(random, 0, 2);
  return 0;
}

function items(
  random: Random,
  total: number,
  state: JobState,
  completeness: number,
): { successItems: number; missedItems: number } {
  if (total === 0) return { successItems: 0, missedItems: 0 };
  if (state === 'missed') return { successItems: 0, missedItems: total };
  if (state === 'error') {
    const missed = intBetween(random, 1, Math.max(1, Math.floor(total / 3)));
    return { successItems: total - missed, missedItems: missed };
  }
  if (state === 'system-error') {
    const success = Math.floor(total * completeness);
    return { successItems: success, missedItems: total - success };
  }
  if (state === 'running') return { successItems: Math.floor(total * completeness), missedItems: 0 };
  return { successItems: total, missedItems: 0 };
}
