import { CLASS_ORDER, type JobClass, plural } from '../../core/classify-job';
import type { Digest } from '../../core/digest';
import { COUNT_LABEL } from './class-words';

/**
 * A count as the subject says it, in the class words of the body: "3 failed", "1 not checked";
 * a subject is read in passing, so warnings are counted as such ("2 warnings") and ok in lower case.
 */
function subjectCount(jobClass: JobClass, count: number): string {
  if (jobClass === 'warning') return plural(count, 'warning');
  if (jobClass === 'ok') return `${count} ok`;
  return `${count} ${COUNT_LABEL[jobClass]}`;
}

/** `Backups 2026-11-28: 3 failed, 1 missed, 2 warnings, 41 ok`; zero counts are left out, ok never. */
export function subjectLine(digest: Digest): string {
  const counts = digest.totals.byClass;
  const parts = CLASS_ORDER.filter((c) => c === 'ok' || counts[c] > 0).map((c) => subjectCount(c, counts[c]));
  // A header line must never carry CR/LF, whatever the title holds.
  return `${digest.title} ${digest.label}: ${parts.join(', ')}`.replace(/[\r\n\t\p{Cc}]+/gu, ' ');
}
