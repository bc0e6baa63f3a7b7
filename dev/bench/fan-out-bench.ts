/**
 * `npm run bench:fan-out`: fan-out mode at 100,000 jobs through the harness (the synthesized
 * definition run by dev/local/state-machine-runner.ts), each step bundled like the stack bundles it
 * and run in a process of its own with Lambda's heap limits. Reports CBS calls and time per batch,
 * peak RSS per step, and projects the wall time on AWS for MaxConcurrency and CBS latency from
 * the calls each batch made and the overhead per call measured here. Writes its section of
 * BENCHMARKS.md (the main bench keeps it).
 *
 *   npm run bench:fan-out -- [--jobs 100000] [--users-per-batch 1000] [--max-concurrency 4]
 *                            [--concurrency 16] [--latency-ms 5] [--no-write]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writePreparedTemplates } from '../../lambda/adapters/render/prepared-templates';
import { S3RunData } from '../../lambda/adapters/run-data/s3-run-data';
import { createFanOutHarness } from '../local/fan-out-harness';
import { applyEnv, simulatorCbs, startLocalEnvironment, writeJson } from '../local/local-environment';
import { startS3Local } from '../local/s3-local';
import { bundleLikeTheStack } from './bundle';
import {
  type FanOutFigures,
  fanOutSection,
  projectWallMs,
  type StepFigure,
  spliceFanOutSection,
} from './fan-out-report';
import { forkForFigures } from './fork-for-figures';
import { describeMachine } from './report';
import type { StepOutcome, StepRequest } from './step-once';

const ROOT = resolve(__dirname, '..', '..');
const SCHEDULED = new Date('2026-11-29T06:00:00Z');

function options() {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '100000' },
      'users-per-batch': { type: 'string', default: '1000' },
      'max-concurrency': { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '16' },
      'latency-ms': { type: 'string', default: '5' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const numbers = {
    jobs: Number(values.jobs),
    usersPerBatch: Number(values['users-per-batch']),
    maxConcurrency: Number(values['max-concurrency']),
    concurrency: Number(values.concurrency),
    latencyMs: Number(values['latency-ms']),
  };
  for (const [name, value] of Object.entries(numbers))
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`--${name} must be a number above 0`);
  return { ...numbers, write: !values['no-write'] };
}

async function main(): Promise<void> {
  const settings = options();
  const machine = describeMachine();
  const users = Math.ceil(settings.jobs / 3);
  const work = await mkdtemp(join(tmpdir(), 'backup-digest-fan-out-bench-'));
  const local = await startLocalEnvironment({
    scenario: 'scale',
    users,
    setsPerUser: 3,
    jobsPerDay: 1,
    latencyMs: settings.latencyMs,
    now: () => SCHEDULED,
  });
  const s3 = await startS3Local({ accessKeyId: 'local', secretAccessKey: 'local' });
  try {
    console.log(
      `backup-digest fan-out benchmark: ${settings.jobs.toLocaleString('en-US')} jobs, ${users.toLocaleString('en-US')} users, ${settings.usersPerBatch} users a batch, cbs.concurrency ${settings.concurrency}, simulator latency ${settings.latencyMs} ms`,
    );
    const configPath = join(work, 'config.json');
    await writeJson(configPath, {
      cbs: simulatorCbs(local.simulator, { concurrency: settings.concurrency }),
      report: { timeZone: 'Europe/Berlin', windowEndsAt: '07:00' },
      mail: { from: 'digest@example.com', to: ['ops@example.com'] },
      watch: { allUsers: {} },
      deploy: {
        mode: 'fan-out',
        timeoutSeconds: 900,
        fanOut: { usersPerBatch: settings.usersPerBatch, maxConcurrency: settings.maxConcurrency },
      },
    });
    const stepJs = join(work, 'step', 'step-once.js');
    await bundleLikeTheStack(join(__dirname, 'step-once.ts'), stepJs);
    // As the stack ships them: CSS inlined, so the bundled steps need no juice.
    const templatesDir = join(work, 'templates');
    writePreparedTemplates(join(ROOT, 'templates'), templatesDir);
    const env = {
      ...local.env,
      AWS_ENDPOINT_URL_S3: s3.url,
      RUN_DATA_BUCKET: s3.bucket,
      CONFIG_PATH: configPath,
      TEMPLATES_DIR: templatesDir,
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };

    // The runner reads the plan from the S3 stand-in in this process too.
    const restoreEnv = applyEnv({ ...local.env, AWS_ENDPOINT_URL_S3: s3.url });
    const steps: StepFigure[] = [];
    const totalCalls = () => Object.values(local.simulator.calls()).reduce((sum, n) => sum + n, 0);
    const harness = createFanOutHarness({
      configPath,
      runData: new S3RunData(s3.bucket),
      // One batch at a time here, so each batch's calls and memory are its own.
      localConcurrency: 1,
      invokeStep: async (step, payload) => {
        const callsBefore = totalCalls();
        const memoryMb = step === 'merge' ? 1024 : 256;
        const outcome = await forkForFigures<StepOutcome>(stepJs, env, memoryMb, {
          step,
          payload,
        } satisfies StepRequest);
        steps.push({ step, ms: outcome.ms, maxRssKb: outcome.maxRssKb, calls: totalCalls() - callsBefore });
        process.stdout.write(step === 'collect' ? '.' : ` ${step} `);
        if (outcome.error)
          throw Object.assign(new Error(outcome.error.message), { name: outcome.error.name });
        return outcome.result;
      },
    });
    const started = performance.now();
    const { output } = await harness.start({ scheduledTime: SCHEDULED.toISOString() });
    const wallMs = performance.now() - started;
    restoreEnv();
    console.log();
    if (!output?.sent) throw new Error('the run sent no digest');
    // Every user was collected by a batch: a caught batch or a failed map would make these rows.
    if (output.counts.error > 0)
      throw new Error(`${output.counts.error} rows are "not checked": a step failed`);

    if ((await local.ses.emails()).length !== 1) throw new Error('the run did not send exactly one email');
    const figures: FanOutFigures = {
      jobs: settings.jobs,
      users,
      usersPerBatch: settings.usersPerBatch,
      concurrency: settings.concurrency,
      simulatorLatencyMs: settings.latencyMs,
      localWallMs: wallMs,
      rows: output.rows,
      steps,
      repeatedCalls: Object.values(local.simulator.repeatedCalls()).reduce((sum, n) => sum + n, 0),
    };
    const section = fanOutSection(
      figures,
      machine,
      ['npm run bench:fan-out', ...process.argv.slice(2)].join(' '),
    );
    console.log(`\n${section}`);
    for (const latency of [50, 100, 250])
      console.log(
        `projected at ${latency} ms, MaxConcurrency ${settings.maxConcurrency}: ${(projectWallMs(figures, latency, settings.maxConcurrency) / 60_000).toFixed(1)} min`,
      );
    if (settings.write) {
      const path = join(ROOT, 'BENCHMARKS.md');
      const current = await readFile(path, 'utf8').catch(() => '');
      await writeFile(path, spliceFanOutSection(current, section));
      console.log('\nwrote the fan-out section of BENCHMARKS.md');
    }
  } finally {
    await Promise.all([local.stop(), s3.stop()]);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
