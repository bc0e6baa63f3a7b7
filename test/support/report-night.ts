import type { Expectation } from '../../lambda/core/expectation';
import { computeWindow } from '../../lambda/core/report-window';

/** The report and CBS zone of the unit tests' night. */
export const BERLIN = 'Europe/Berlin';

/** The night most unit tests report on: Saturday 2026-11-28 07:00 → Sunday 07:00, Berlin (UTC+1). */
export const NIGHT_OF_28TH = computeWindow(
  { timeZone: BERLIN, windowHours: 24, windowEndsAt: '07:00' },
  new Date('2026-11-29T06:00:00Z'),
);

/** A digest header for that night, titled "Backups", generated as it ended. */
export const HEADER_OF_28TH = {
  title: 'Backups',
  window: NIGHT_OF_28TH,
  cbsTimeZone: BERLIN,
  generatedAt: new Date('2026-11-29T06:00:00Z'),
};

/** Every day at 22:00, an hour's grace, as CBS stated it. */
export const DAILY_AT_22: Expectation = {
  rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 22, minute: 0 } }],
  graceMinutes: 60,
  source: 'cbs',
};
