import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobClass } from '../../lambda/core/classify-job';
import type { Digest, DigestRow } from '../../lambda/core/digest';

/**
 * The fixed model of the golden tests: every class of row, sub-admins, a set that ran three times,
 * and CBS values that try markup, formulas, CR/LF and a name too long for a phone. Read afresh on
 * every call, so no test sees another's changes.
 */
export function everyKindOfRow(): Digest {
  const path = join(__dirname, '..', 'fixtures', 'digest', 'every-kind-of-row.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Digest;
}

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
