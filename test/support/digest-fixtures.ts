import type { JobClass } from '../../lambda/core/classify-job';
import type { DigestRow } from '../../lambda/core/digest';

/** `count` bare rows of one class, each with its own user and set id: enough for layout tests. */
export function rowsOf(jobClass: JobClass, count: number): DigestRow[] {
  return Array.from({ length: count }, (_, i) => ({
    jobClass,
    reason: `${jobClass} ${i}`,
    user: { loginName: `${jobClass}-user-${i}` },
    backupSetId: String(1687755057000 + i),
    notes: [],
  }));
}
