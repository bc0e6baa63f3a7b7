import { parseConfig } from '../../lambda/config/load-config';
import type { DigestSettings } from '../../lambda/core/digest-settings';
import type { ReportWindow } from '../../lambda/core/report-window';
import { computeWindow } from '../../lambda/core/report-window';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { FakeBackupServer, listedJob, summaryFor } from './fake-backup-server';

/**
 * Alice's night for judgeNight's tests: Berlin, no backfill, her set 1 ("Documents") with one
 * successful job at 22:00 on 2026-11-28. Built when called, not while jest collects.
 */
export function aliceNight(): { settings: DigestSettings; window: ReportWindow; server: FakeBackupServer } {
  const settings = digestSettings(
    parseConfig({
      cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/p', timeZone: 'Europe/Berlin' },
      report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
      mail: { from: 'a@example.com', to: ['b@example.com'] },
      history: { backfillDays: 0 },
      watch: { users: [{ loginName: 'alice' }] },
    }),
  );
  const window = computeWindow(settings.report, new Date('2026-11-29T06:00:00Z'));
  const job = listedJob('alice', '1', '2026-11-28 22:00:00');
  const server = new FakeBackupServer()
    .setsOf('alice', [{ id: '1', name: 'Documents' }])
    .listingOf('alice', '2026-11-28', { jobs: [job], unreadable: [] })
    .summaryOf('alice', '1', job.jobId, summaryFor(job));
  return { settings, window, server };
}
