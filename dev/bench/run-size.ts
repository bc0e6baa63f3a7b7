import { join } from 'node:path';
import { cbsDatesTouched, computeWindow } from '../../lambda/core/report-window';
import { simulatorCbs, startLocalEnvironment, writeJson } from '../local/local-environment';
import { latencyFloorMs, runPhases } from './floor';
import { forkForFigures } from './fork-for-figures';
import type { RunFigures } from './run-figures';
import type { SizeResult } from './size-result';

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
): Promise<SizeResult> {
  const users = Math.ceil(jobs / settings.setsPerUser);
  const local = await startLocalEnvironment({
    scenario: 'scale',
    users,
    setsPerUser: settings.setsPerUser,
    jobsPerDay: 1,
    latencyMs: settings.latencyMs,
    now: () => settings.scheduledTime,
  });
  try {
    const report = { timeZone: settings.reportTimeZone, windowEndsAt: settings.windowEndsAt };
    const configPath = join(workDir, `bench-${jobs}.config.json`);
    await writeJson(configPath, {
      cbs: simulatorCbs(local.simulator, { concurrency: settings.concurrency }),
      report,
      mail: { from: 'digest@example.com', to: ['ops@example.com'] },
      watch: { allUsers: {} },
    });
    const figures = await forkForFigures<RunFigures>(
      runJs,
      {
        ...local.env,
        CONFIG_PATH: configPath,
        TEMPLATES_DIR: templatesDir,
        BENCH_SCHEDULED_TIME: settings.scheduledTime.toISOString(),
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      settings.memoryMb,
    );
    const calls = local.simulator.calls();
    const window = computeWindow({ ...report, windowHours: 24 }, settings.scheduledTime);
    return {
      nominalJobs: jobs,
      users,
      sets: users * settings.setsPerUser,
      dates: cbsDatesTouched(window, local.simulator.timeZone).length,
      calls,
      repeatedCalls: local.simulator.repeatedCalls(),
      totalCalls: Object.values(calls).reduce((sum, n) => sum + n, 0),
      floorMs: latencyFloorMs(runPhases(calls), settings.concurrency, settings.latencyMs),
      figures,
    };
  } finally {
    await local.stop();
  }
}
