import type { BackupServer } from '../../lambda/core/backup-server';
import { collectRows } from '../../lambda/core/collect-rows';
import type { DigestRow } from '../../lambda/core/digest';
import type { DigestSettings } from '../../lambda/core/digest-settings';
import { judgeSets } from '../../lambda/core/judge-sets';
import { silentLog } from '../../lambda/core/log';
import type { ReportWindow } from '../../lambda/core/report-window';

/** Collection, then the judge with no history: the rows a digest without memory shows. */
export async function collectAndJudge(
  server: BackupServer,
  settings: DigestSettings,
  window: ReportWindow,
): Promise<DigestRow[]> {
  const collected = await collectRows(server, settings, window, silentLog);
  return judgeSets({
    rows: collected.rows,
    observations: collected.observations,
    histories: undefined,
    fates: new Map(),
    window,
    cbsTimeZone: settings.cbs.timeZone,
    staleAfterDays: settings.report.staleAfterDays,
  }).rows;
}
