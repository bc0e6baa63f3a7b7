/**
 * What collection keeps alive per job: runs collectRows and judgeNight against a CBS simulator in
 * another process, forces a garbage collection and prints the live heap, then drops parts of the
 * collection to see what each one holds. A developer's tool for issue 12, not part of any test.
 *
 *   npx tsx dev/bench/heap-probe.ts <simulator url> [sys password]   (run with node --expose-gc)
 */
import { CbsHttpClient } from '../../lambda/adapters/cbs/cbs-http-client';
import { parseConfig } from '../../lambda/config/load-config';
import { collectRows } from '../../lambda/core/collect-rows';
import { judgeNight } from '../../lambda/core/judge-night';
import { computeWindow } from '../../lambda/core/report-window';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { MemoryHistoryStore } from '../../test/support/memory-history-store';

const gc = (globalThis as { gc?: () => void }).gc;
const live = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};

async function main(): Promise<void> {
  const [url = 'http://127.0.0.1:8123', password = 'sim-password'] = process.argv.slice(2);
  const config = parseConfig({
    cbs: {
      baseUrl: url,
      allowPlainHttp: true,
      credentialsParameter: '/x',
      timeZone: 'Europe/Berlin',
      concurrency: 16,
    },
    mail: { from: 'a@example.com', to: ['b@example.com'] },
    watch: { allUsers: {} },
  });
  const settings = digestSettings(config);
  const server = new CbsHttpClient({
    baseUrl: url,
    timeZone: 'Europe/Berlin',
    credentials: { sysUser: 'system', sysPwd: password },
    requestTimeoutMs: 30000,
    concurrency: 16,
    retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
    maxResponseBytes: 50_000_000,
  });
  const log = { debug() {}, info() {}, warn() {}, error() {} };
  const window = computeWindow(settings.report, new Date());
  const before = live();
  const collected = await collectRows(server, settings, window, log);
  const collectedHeap = live();
  if (process.env.SNAPSHOT) require('node:v8').writeHeapSnapshot(process.env.SNAPSHOT);
  const jobs = collected.rows.filter((r) => r.jobId !== undefined).length;
  const perJob = (mb: number) => `${((mb * 1048576) / jobs).toFixed(0)} B/job`;
  console.log(`jobs ${jobs}, rows ${collected.rows.length}, sets ${collected.observations.length}`);
  console.log(
    `collection: ${(collectedHeap - before).toFixed(1)} MB live (${perJob(collectedHeap - before)})`,
  );
  const history = process.env.HISTORY ? new MemoryHistoryStore() : undefined;
  if (history) {
    // A first night fills the store (backfill included); the night measured is the next run of it.
    await judgeNight(server, collected, { log, history }, settings, window, false);
    const stored = live();
    console.log(`store after the first run: ${(stored - collectedHeap).toFixed(1)} MB`);
  }
  const beforeJudge = live();
  const night = await judgeNight(server, collected, { log, history }, settings, window, true);
  if (history)
    console.log(
      `judged with history: ${(live() - beforeJudge).toFixed(1)} MB more (${perJob(live() - beforeJudge)})`,
    );
  const judgedHeap = live();
  console.log(`+ judged rows: ${(judgedHeap - beforeJudge).toFixed(1)} MB`);
  (collected as { observations: unknown[] }).observations = [];
  const noObs = live();
  console.log(`observations held ${(judgedHeap - noObs).toFixed(1)} MB (${perJob(judgedHeap - noObs)})`);
  (collected as { rows: unknown[] }).rows = [];
  (collected as { listedUsers: unknown[] }).listedUsers = [];
  const noRows = live();
  console.log(`collected rows + lists held ${(noObs - noRows).toFixed(1)} MB`);
  console.log(
    `judged rows alone: ${(noRows - before).toFixed(1)} MB (${perJob(noRows - before)}), ${night.rows.length} rows`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
