import { plural } from './classify-job';
import type { Digest } from './digest';

/** `Backups 2026-11-28: 3 failed, 1 missed, 2 warnings, 41 ok`; zero counts are left out, ok never. */
export function subjectLine(digest: Digest): string {
  const c = digest.totals.byClass;
  const parts = [
    c.failed > 0 ? `${c.failed} failed` : '',
    c.missed > 0 ? `${c.missed} missed` : '',
    c.unknown > 0 ? `${c.unknown} unknown` : '',
    c.error > 0 ? `${c.error} not checked` : '',
    c.warning > 0 ? plural(c.warning, 'warning') : '',
    c.running > 0 ? `${c.running} running` : '',
    `${c.ok} ok`,
  ].filter((p) => p !== '');
  // A header line must never carry CR/LF, whatever the title holds.
  return `${digest.title} ${digest.label}: ${parts.join(', ')}`.replace(/[\r\n\t\p{Cc}]+/gu, ' ');
}
