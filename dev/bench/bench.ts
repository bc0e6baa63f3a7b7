/**
 * `npm run bench`: how fast the digest is at 100, 1,000, 2,000, 10,000 and 50,000 jobs, against
 * the latency floor, with peak memory, bundle size and load time; then at 10,000 jobs with history
 * on (a first run that backfills, and a later night). Prints tables and PASS/FAIL per target, and
 * writes BENCHMARKS.md. Not part of `npm test`: timings on a shared machine are too noisy to gate on.
 *
 *   npm run bench -- [--sizes 100,1000,2000,10000,50000] [--history-at 10000] [--latency-ms 50]
 *                    [--concurrency 16] [--rounds 3] [--templates DIR] [--no-write]
 *
 * --rounds runs the sizes up to 10,000 jobs and the history runs that many times, round after
 * round so each sees the machine's load of the moment; 50,000 jobs runs once (8 minutes, over
 * which the load evens out). Each size is judged on its best round for time and its worst for
 * memory (see rounds.ts), every round's figure printed beside it.
 *
 * --templates measures a template change: the run renders with DIR instead of templates/, prepared
 * as the stack prepares it. --history-at 0 leaves history out.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writePreparedTemplates } from '../../lambda/adapters/render/prepared-templates';
import { createHistoryTable } from '../local/dynamodb-local';
import { bundleLikeTheStack } from './bundle';
import { measureColdStart } from './cold-start';
import { coresLine, splitCores } from './cores';
import { startDynamoDbProcess } from './dynamodb-process';
import { existingFanOutSection, spliceFanOutSection } from './fan-out-report';
import { lambdaHeapFlags } from './lambda-heap-flags';
import {
  benchmarksMarkdown,
  breakdownTable,
  coldStartLines,
  describeMachine,
  historyTable,
  loadAverages,
  resultsTable,
  sesWarnings,
  settingsLine,
  verdictLines,
} from './report';
import { bestRound } from './rounds';
import { type BenchHistory, type BenchSettings, runSize } from './run-size';
import type { SizeResult } from './size-result';
import { type HistoryResults, judge } from './targets';

const ROOT = resolve(__dirname, '..', '..');
/** The history runs' `history.backfillDays`: the config's default. */
const BACKFILL_DAYS = 7;
/** Sizes above this run once whatever `--rounds` says: 50,000 jobs take 8 minutes a round. */
const REPEATED_UP_TO = 10_000;

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,2000,10000,50000' },
      'history-at': { type: 'string', default: '10000' },
      'latency-ms': { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '3' },
      templates: { type: 'string', default: join(ROOT, 'templates') },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000))
    throw new Error(`--sizes must list job counts from 1 to 100000, got ${values.sizes}`);
  const settings: BenchSettings = {
    latencyMs: Number(values['latency-ms']),
    concurrency: Number(values.concurrency),
    setsPerUser: 3,
    memoryMb: 256,
    scheduledTime: new Date('2026-11-29T06:00:00Z'),
    reportTimeZone: 'Europe/Berlin',
    windowEndsAt: '07:00',
  };
  if (!(settings.latencyMs > 0) || !Number.isInteger(settings.concurrency) || settings.concurrency < 1)
    throw new Error('--latency-ms must be above 0 and --concurrency a whole number above 0');
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10)
    throw new Error(`--rounds must be a whole number from 1 to 10, got ${values.rounds}`);
  const historyAt = Number(values['history-at']);
  if (!Number.isInteger(historyAt) || historyAt < 0 || historyAt > 100_000)
    throw new Error(
      `--history-at must be a job count from 0 (no history run) to 100000, got ${values['history-at']}`,
    );
  return {
    sizes,
    rounds,
    historyAt,
    settings,
    templatesDir: resolve(values.templates),
    write: !values['no-write'],
  };
}

async function main(): Promise<void> {
  const { sizes, rounds, historyAt, settings, templatesDir: sourceTemplates, write } = options();
  const command = ['npm run bench', ...process.argv.slice(2)].join(' ');
  const machine = describeMachine();
  const heapFlags = lambdaHeapFlags(settings.memoryMb);
  const workDir = await mkdtemp(join(tmpdir(), 'backup-digest-bench-'));
  try {
    console.log(`backup-digest benchmark: ${settingsLine(settings, heapFlags)}`);
    console.log(`${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node}, load ${machine.load}\n`);
    const coldStart = await measureColdStart(ROOT, workDir);
    const runJs = join(workDir, 'run', 'run-once.js');
    await bundleLikeTheStack(join(__dirname, 'run-once.ts'), runJs);
    // As the stack ships them: CSS inlined, so the bundled run needs no juice.
    const templatesDir = join(workDir, 'templates');
    writePreparedTemplates(sourceTemplates, templatesDir);
    // After the cold start, whose processes are timed alone: from here on the runs share the machine.
    splitCores();
    console.log(`cores: ${coresLine()}\n`);

    const runs = new Map<number, SizeResult[]>(sizes.map((jobs) => [jobs, []]));
    const historyRuns: HistoryResults[] = [];
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) console.log(`round ${round} of ${rounds}`);
      for (const jobs of sizes) {
        if (round > 1 && jobs > REPEATED_UP_TO) continue;
        process.stdout.write(`running ${jobs.toLocaleString('en-US')} jobs... `);
        const result = await runSize(jobs, settings, runJs, workDir, templatesDir);
        runs.get(jobs)?.push(result);
        console.log(`${(result.figures.wallMs / 1000).toFixed(1)} s`);
      }
      if (historyAt > 0)
        historyRuns.push(await runWithHistory(historyAt, settings, runJs, workDir, templatesDir));
    }
    const results = sizes.map((jobs) => bestRound(runs.get(jobs) ?? []));
    const history =
      historyRuns.length > 0
        ? {
            first: bestRound(historyRuns.map((pair) => pair.first)),
            later: bestRound(historyRuns.map((pair) => pair.later)),
          }
        : undefined;

    const verdicts = judge(results, coldStart, history);
    const notes = sesWarnings(results);
    const cold = coldStartLines(coldStart, results[0]?.figures.initMs ?? 0);
    const historySection = history
      ? historyTable(
          results.find((r) => r.nominalJobs === historyAt),
          history,
        )
      : undefined;
    console.log(`\n${resultsTable(results)}\n\n${breakdownTable(results)}\n`);
    if (historySection) console.log(`${historySection}\n`);
    console.log([...verdictLines(verdicts), ...notes].join('\n'));
    console.log(`\n${cold.join('\n')}`);
    if (write) {
      const markdown = benchmarksMarkdown({
        command,
        machine,
        settings: `${settingsLine(settings, heapFlags)}; ${coresLine()}`,
        results,
        verdicts,
        notes,
        coldStart: cold,
        loadAtEnd: loadAverages(),
        rounds,
        ...(historySection ? { history: historySection } : {}),
      });
      // The fan-out run (npm run bench:fan-out) writes its own section; keep it.
      const path = join(ROOT, 'BENCHMARKS.md');
      const fanOut = existingFanOutSection(await readFile(path, 'utf8').catch(() => ''));
      await writeFile(path, fanOut ? spliceFanOutSection(markdown, fanOut) : markdown);
      console.log('\nwrote BENCHMARKS.md');
    }
    if (verdicts.some((v) => !v.pass)) process.exitCode = 1;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * History on, at one size: dynalite, in a process of its own as DynamoDB is a service of its own,
 * holds the table as the stack lays it out; the first run finds it empty and backfills, the second
 * is the next night's and finds the first one's nights. Each round starts a new, empty store.
 */
async function runWithHistory(
  jobs: number,
  settings: BenchSettings,
  runJs: string,
  workDir: string,
  templatesDir: string,
): Promise<HistoryResults> {
  const dynamo = await startDynamoDbProcess();
  try {
    const table = await createHistoryTable(dynamo.url);
    const run = async (name: string, scheduledTime: Date, backfills: boolean) => {
      process.stdout.write(`running ${jobs.toLocaleString('en-US')} jobs with history, ${name}... `);
      const before = await dynamo.calls();
      const history: BenchHistory = {
        dynamoUrl: dynamo.url,
        table,
        scheduledTime,
        backfillDays: BACKFILL_DAYS,
        backfills,
      };
      const result = await runSize(jobs, settings, runJs, workDir, templatesDir, history);
      const after = await dynamo.calls();
      const dynamoCalls = Object.fromEntries(
        Object.entries(after)
          .map(([operation, n]) => [operation, n - (before[operation] ?? 0)] as const)
          .filter(([, n]) => n > 0),
      );
      console.log(`${(result.figures.wallMs / 1000).toFixed(1)} s`);
      return { ...result, dynamoCalls };
    };
    const first = await run('first run', settings.scheduledTime, true);
    const later = await run(
      'a night later',
      new Date(settings.scheduledTime.getTime() + 24 * 60 * 60 * 1000),
      false,
    );
    return { first, later };
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
