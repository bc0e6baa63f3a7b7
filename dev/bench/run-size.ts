import { fork } from 'node:child_process';
import { join } from 'node:path';
import { cbsDatesTouched, computeWindow } from '../../lambda/core/report-window';
import { simulatorCbs, startLocalEnvironment, writeJson } from '../local/local-environment';
import { latencyFloorMs, runPhases } from './floor';
import { lambdaHeapFlags } from './lambda-heap-flags';
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
    const figures = await runInChild(runJs, settings, {
      ...local.env,
      CONFIG_PATH: configPath,
      TEMPLATES_DIR: templatesDir,
      BENCH_SCHEDULED_TIME: settings.scheduledTime.toISOString(),
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    const calls = local.simulator.calls();
    const window = computeWindow({ ...report, windowHours: 24 }, settings.scheduledTime);
    return {
      nominalJobs: jobs,
      users,
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

const RUN_TIMEOUT_MS = 15 * 60 * 1000;

/** Forks the bundled run with Lambda's heap limits; its logs go nowhere, its figures come over IPC. */
function runInChild(
  runJs: string,
  settings: BenchSettings,
  env: Record<string, string>,
): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(runJs, [], {
      env: { ...process.env, ...env },
      // Not this process's flags: they load tsx, which would count in the run's memory.
      execArgv: lambdaHeapFlags(settings.memoryMb),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let figures: RunFigures | undefined;
    const timer = setTimeout(() => child.kill(), RUN_TIMEOUT_MS);
    child.on('message', (message) => {
      figures = message as RunFigures;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (figures) resolve(figures);
      else reject(new Error(`the benchmark run ended with ${signal ?? `exit code ${code}`} and no figures`));
    });
  });
}
