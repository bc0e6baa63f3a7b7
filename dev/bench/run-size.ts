import { join } from 'node:path';
import { cbsDatesTouched, computeWindow } from '../../lambda/core/report-window';
import { simulatorCbs, startLocalEnvironment, writeJson } from '../local/local-environment';
import { latencyFloorMs, runPhases } from './floor';
import { forkForFigures } from './fork-for-figures';
import type { RunFigures } from './run-figures';
import type { SizeResult } from './size-result';
import { watchSteal } from './steal';

export interface BenchSettings {
  latencyMs: number;
  concurrency: number;
  setsPerUser: number;
  /** Function memory the run's heap limits are derived from, as Lambda derives them. */
  memoryMb: number;
  /** The scheduled run the digest is for; the simulator's clock stands still at it. */
  scheduledTime: Date;
  reportTimeZone: string;
  windowEndsAt: string;
}

/** History on: the run remembers nights in a DynamoDB stand-in (dynalite), as the stack's table. */
export interface BenchHistory {
  dynamoUrl: string;
  table: string;
  /** The run's scheduled time, when not the settings' one: a later night of the same store. */
  scheduledTime?: Date;
  /** `history.backfillDays` of the config. */
  backfillDays: number;
  /** The store is empty: the run reads `backfillDays` nights back from CBS. */
  backfills: boolean;
}

/**
 * Runs one size: a scale simulator with enough users for `jobs` jobs (one a day per set), a
 * whole-server config, and the bundled run in a fresh process. Traffic stays on 127.0.0.1.
 */
export async function runSize(
  jobs: number,
  settings: BenchSettings,
  runJs: string,
  workDir: string,
  templatesDir: string,
  history?: BenchHistory,
): Promise<SizeResult> {
  const users = Math.ceil(jobs / settings.setsPerUser);
  const scheduledTime = history?.scheduledTime ?? settings.scheduledTime;
  const local = await startLocalEnvironment({
    scenario: 'scale',
    users,
    setsPerUser: settings.setsPerUser,
    jobsPerDay: 1,
    latencyMs: settings.latencyMs,
    now: () => scheduledTime,
  });
  try {
    const report = { timeZone: settings.reportTimeZone, windowEndsAt: settings.windowEndsAt };
    const configPath = join(workDir, `bench-${jobs}${history ? '-history' : ''}.config.json`);
    await writeJson(configPath, {
      cbs: simulatorCbs(local.simulator, { concurrency: settings.concurrency }),
      report,
      mail: { from: 'digest@example.com', to: ['ops@example.com'] },
      watch: { allUsers: {} },
      history: history ? { enabled: true, backfillDays: history.backfillDays } : { enabled: false },
    });
    const stolen = watchSteal();
    const figures = await forkForFigures<RunFigures>(
      runJs,
      {
        ...local.env,
        CONFIG_PATH: configPath,
        TEMPLATES_DIR: templatesDir,
        BENCH_SCHEDULED_TIME: scheduledTime.toISOString(),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(history ? { HISTORY_TABLE: history.table, AWS_ENDPOINT_URL_DYNAMODB: history.dynamoUrl } : {}),
      },
      settings.memoryMb,
    );
    const calls = local.simulator.calls();
    const served = local.simulator.served();
    const window = computeWindow({ ...report, windowHours: 24 }, scheduledTime);
    // A backfill lists the dates of its nights too: with tonight's, the dates from its first night on.
    const listed = history?.backfills
      ? { ...window, start: window.start.minus({ days: history.backfillDays }) }
      : window;
    return {
      nominalJobs: jobs,
      users,
      sets: users * settings.setsPerUser,
      dates: cbsDatesTouched(listed, local.simulator.timeZone).length,
      calls,
      repeatedCalls: local.simulator.repeatedCalls(),
      totalCalls: Object.values(calls).reduce((sum, n) => sum + n, 0),
      floorMs: latencyFloorMs(runPhases(calls), settings.concurrency, settings.latencyMs),
      answerMs: served.calls > 0 ? served.ms / served.calls : 0,
      stolen: stolen(),
      figures,
    };
  } finally {
    await local.stop();
  }
}
