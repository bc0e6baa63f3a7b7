import { parseConfig } from '../../lambda/config/load-config';
import type { DigestSettings } from '../../lambda/core/digest-settings';
import { digestSettings } from '../../lambda/entry/digest-settings';

/**
 * The core's settings for NIGHT_OF_28TH (report-night.ts): CBS and report in Berlin, the window
 * ending at 07:00, no backfill. `parts` are merged over each section; `watch` replaces it.
 */
export function nightSettings(
  parts: { cbs?: object; report?: object; mail?: object; watch?: unknown } = {},
): DigestSettings {
  return digestSettings(
    parseConfig({
      cbs: {
        baseUrl: 'https://cbs.example.com',
        credentialsParameter: '/p',
        timeZone: 'Europe/Berlin',
        ...parts.cbs,
      },
      report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00', ...parts.report },
      mail: { from: 'digest@example.com', to: ['ops@example.com'], ...parts.mail },
      history: { backfillDays: 0 },
      watch: parts.watch ?? { users: [{ loginName: 'alice' }] },
    }),
  );
}
