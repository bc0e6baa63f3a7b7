import { buildDigest } from '../../lambda/core/build-digest';
import { classifyJob } from '../../lambda/core/classify-job';
import type { Digest, DigestRow, TallyTotal } from '../../lambda/core/digest';
import { missedSetRow } from '../../lambda/core/digest-rows';
import { computeWindow } from '../../lambda/core/report-window';
import { intBetween, logBetween, randomFor } from '../../simulator';

const ZONE = 'Europe/Berlin';
/** Names of the length real ones have; one with a backslash and parentheses. */
const SET_NAMES = [
  'File Server (D:\\Shares)',
  'Exchange Online Mailboxes',
  'SQL Server Production',
  'VMware Cluster A',
  'Documents and Desktop',
  'Accounting NAS',
];

export interface Mix {
  /** Share of rows, out of 1, per outcome; the rest are successful jobs. */
  neverRan: number;
  failed: number;
  missed: number;
  warning: number;
}

/** The simulator's mixed outcomes (simulator/job-generator.ts), plus sets that never ran. */
export const REALISTIC_MIX: Mix = { neverRan: 0.02, failed: 0.045, missed: 0.015, warning: 0.04 };
export const ALL_FAILED: Mix = { neverRan: 0, failed: 1, missed: 0, warning: 0 };

/**
 * A digest of `jobs` rows, three sets per user and every tenth user a sub-admin's, with figures
 * as wide as real ones: the input of the size tests. Rows are built directly (the core's row
 * builder parses CBS times, too slow for 50,000 in a unit test) and classified by the core.
 * Deterministic for a given seed.
 */
export function syntheticDigest(jobs: number, mix: Mix = REALISTIC_MIX, seed = 7): Digest {
  const window = computeWindow(
    { timeZone: ZONE, windowHours: 24, windowEndsAt: '07:00' },
    new Date('2026-11-29T06:00:00Z'),
  );
  const rows: DigestRow[] = [];
  for (let i = 0; i < jobs; i += 1) {
    const random = randomFor(seed, i);
    const userIndex = Math.floor(i / 3) + 1;
    const user = {
      loginName: `user-${String(userIndex).padStart(5, '0')}`,
      owner: userIndex % 10 === 0 ? `reseller-${userIndex % 7}` : undefined,
    };
    const backupSetId = String(1_650_000_000_000 + i * 4000);
    const backupSetName = SET_NAMES[i % SET_NAMES.length];
    const destinationId = String(1_650_000_001_000 + i * 4000);
    const draw = random();
    if (draw < mix.neverRan) {
      rows.push(missedSetRow(user, backupSetId, backupSetName, destinationId));
      continue;
    }
    const status = pick(draw - mix.neverRan, mix);
    // Berlin is at +01:00 all through this November window.
    const startMs = Date.parse('2026-11-28T18:00:00Z') + intBetween(random, 0, 6 * 3600) * 1000;
    const durationSeconds = intBetween(random, 60, 3 * 3600);
    const errorEntries = status === 'BS_STOP_SUCCESS_WITH_ERROR' ? intBetween(random, 1, 250) : 0;
    const warnEntries = status === 'BS_STOP_SUCCESS_WITH_WARNING' ? intBetween(random, 1, 250) : 0;
    const tally = (): TallyTotal => ({
      count: intBetween(random, 0, 40_000),
      bytes: Math.round(logBetween(random, 1024, 40 * 1024 ** 3)),
    });
    const { jobClass, reason } = classifyJob({ status, ended: true, errorEntries, warnEntries });
    rows.push({
      jobClass,
      reason,
      user,
      backupSetId,
      backupSetName,
      destinationId,
      jobId: berlin(startMs).slice(0, 19).replace(/[T:]/g, '-'),
      status,
      start: berlin(startMs),
      end: berlin(startMs + durationSeconds * 1000),
      durationSeconds,
      files: { new: tally(), updated: tally(), deleted: tally(), moved: tally() },
      errorEntries,
      warnEntries,
      dedupeSaving: Math.round(logBetween(random, 1024, 10 * 1024 ** 3)),
      uploadSize: Math.round(logBetween(random, 1024, 10 * 1024 ** 3)),
      notes: [],
    });
  }
  return buildDigest(
    { title: 'Backups', window, cbsTimeZone: ZONE, generatedAt: new Date('2026-11-29T06:00:05Z') },
    rows,
  );
}

function pick(draw: number, mix: Mix): string {
  if (draw < mix.failed) return 'BS_STOP_SUCCESS_WITH_ERROR';
  if (draw < mix.failed + mix.missed) return 'BS_STOP_MISSED_BACKUP';
  if (draw < mix.failed + mix.missed + mix.warning) return 'BS_STOP_SUCCESS_WITH_WARNING';
  return 'BS_STOP_SUCCESS';
}

/** `2026-11-28T22:00:00+01:00` */
function berlin(utcMs: number): string {
  return `${new Date(utcMs + 3600_000).toISOString().slice(0, 19)}+01:00`;
}
