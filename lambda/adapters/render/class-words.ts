import { ATTENTION_CLASSES } from '../../core/build-digest';
import type { JobClass } from '../../core/classify-job';

/** The classes someone must act on; warnings and running jobs are shown, but need no one. */
export const NEEDS_ATTENTION: readonly JobClass[] = ATTENTION_CLASSES;

/** The badge on a row: the class in words, so it never rests on colour alone. */
export const BADGE: Record<JobClass, string> = {
  failed: 'FAILED',
  missed: 'MISSED',
  unknown: 'UNKNOWN',
  error: 'NOT CHECKED',
  warning: 'WARNING',
  running: 'RUNNING',
  ok: 'OK',
};

/** The word after a count: "2 failed", "3 with warnings". */
export const COUNT_LABEL: Record<JobClass, string> = {
  failed: 'failed',
  missed: 'missed',
  unknown: 'unknown',
  error: 'not checked',
  warning: 'with warnings',
  running: 'running',
  ok: 'OK',
};

export const SECTION_HEADING: Record<JobClass, string> = {
  failed: 'Failed',
  missed: 'Missed: no backup ran',
  unknown: 'Unknown status',
  error: 'Could not be checked',
  warning: 'Completed with warnings',
  running: 'Still running',
  ok: 'OK',
};
