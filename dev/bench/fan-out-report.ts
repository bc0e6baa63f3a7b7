import type { Machine } from './report';

/** One step's invocation, measured in its own process. */
export interface StepFigure {
  step: 'plan' | 'collect' | 'merge';
  ms: number;
  maxRssKb: number;
  /** CBS calls the simulator answered during it (batches run one at a time, so they are its own). */
  calls: number;
}

export interface FanOutFigures {
  jobs: number;
  users: number;
  usersPerBatch: number;
  concurrency: number;
  simulatorLatencyMs: number;
  localWallMs: number;
  rows: number;
  steps: StepFigure[];
  repeatedCalls: number;
}

const START = '<!-- fan-out:start -->';
const END = '<!-- fan-out:end -->';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

const ofStep = (figures: FanOutFigures, step: StepFigure['step']) =>
  figures.steps.filter((s) => s.step === step);

/**
 * What one CBS call costs here beyond the simulator's latency, over all batches: each batch's
 * time × calls in flight ÷ its calls. It includes each batch's start and its S3 write, so it
 * errs on the slow side.
 */
export function overheadPerCallMs(figures: FanOutFigures): number {
  const batches = ofStep(figures, 'collect');
  const ms = batches.reduce((sum, b) => sum + b.ms, 0);
  const calls = batches.reduce((sum, b) => sum + b.calls, 0);
  if (calls === 0) return 0;
  return Math.max(0, (ms * figures.concurrency) / calls - figures.simulatorLatencyMs);
}

/**
 * The run's wall time on AWS at a CBS latency, with `maxConcurrency` batches at once: Plan, then
 * each batch's calls at that latency plus the overhead measured here, `cbs.concurrency` in
 * flight, batches handed to the first free slot in order, then Merge as measured. Step
 * Functions' own state transitions (well under a second each) are left out.
 */
export function projectWallMs(figures: FanOutFigures, latencyMs: number, maxConcurrency: number): number {
  const perCall = latencyMs + overheadPerCallMs(figures);
  const planMs = ofStep(figures, 'plan').reduce(
    (sum, p) => sum + p.ms + p.calls * Math.max(0, latencyMs - figures.simulatorLatencyMs),
    0,
  );
  const slots = new Array<number>(maxConcurrency).fill(0);
  for (const batch of ofStep(figures, 'collect')) {
    const earliest = slots.indexOf(Math.min(...slots));
    slots[earliest] = (slots[earliest] ?? 0) + (batch.calls * perCall) / figures.concurrency;
  }
  const mergeMs = ofStep(figures, 'merge').reduce((sum, m) => sum + m.ms, 0);
  return planMs + Math.max(...slots) + mergeMs;
}

/** The BENCHMARKS.md section, between markers so either bench can rewrite its own part. */
export function fanOutSection(figures: FanOutFigures, machine: Machine, command: string): string {
  const batches = ofStep(figures, 'collect');
  const row = (name: string, steps: StepFigure[]) => {
    if (steps.length === 0) return `| ${name} | 0 | | | |`;
    const calls = steps.map((s) => s.calls);
    const ms = steps.map((s) => s.ms);
    const rss = steps.map((s) => s.maxRssKb);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const range = (values: number[], format: (n: number) => string) =>
      values.length === 1
        ? format(values[0] ?? 0)
        : `${format(mean(values))} mean, ${format(Math.max(...values))} max`;
    return `| ${name} | ${steps.length} | ${range(calls, count)} | ${range(ms, seconds)} | ${range(rss, mb)} |`;
  };
  const latencies = [50, 100, 250];
  const concurrencies = [1, 2, 4, 8];
  return [
    START,
    `## Fan-out mode at ${count(figures.jobs)} jobs`,
    '',
    `\`${command}\`, ${machine.date}, ${machine.cpu} (${machine.cores} cores), Node.js ${machine.node}. The synthesized`,
    'state machine run by `dev/local/state-machine-runner.ts` against the simulator, s3rver and',
    'aws-ses-v2-local; every step bundled as the stack bundles it and run in a process of its own with',
    `Lambda's heap limits (256 MB; Merge 1,024 MB). ${count(figures.users)} users in ${batches.length} batches of`,
    `${count(figures.usersPerBatch)}, cbs.concurrency ${figures.concurrency}, simulator latency ${figures.simulatorLatencyMs} ms, batches one at a time here.`,
    '',
    '| step | runs | CBS calls | time | peak RSS |',
    '|---|---:|---:|---:|---:|',
    row('Plan', ofStep(figures, 'plan')),
    row('Collect (one batch)', batches),
    row('Merge', ofStep(figures, 'merge')),
    '',
    `${count(figures.rows)} rows in one email; calls asked twice: ${count(figures.repeatedCalls)}; the whole run here took ${seconds(figures.localWallMs)}.`,
    `Each call cost ${overheadPerCallMs(figures).toFixed(1)} ms here on top of the simulator's latency (each batch's start and S3 write included).`,
    '',
    'Projected wall time on AWS (Plan, the batches `MaxConcurrency` at a time, Merge; Step Functions',
    'transitions left out). The CBS carries `MaxConcurrency × cbs.concurrency` calls in flight:',
    '',
    `| CBS latency | ${concurrencies.map((m) => `MaxConcurrency ${m} (${m * figures.concurrency} calls)`).join(' | ')} |`,
    `|---:|${concurrencies.map(() => '---:').join('|')}|`,
    ...latencies.map(
      (latency) =>
        `| ${latency} ms | ${concurrencies.map((m) => minutes(projectWallMs(figures, latency, m))).join(' | ')} |`,
    ),
    END,
  ].join('\n');
}

/** `markdown` with its fan-out section replaced by `section`, or with `section` appended. */
export function spliceFanOutSection(markdown: string, section: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start)
    return `${markdown.slice(0, start)}${section}${markdown.slice(end + END.length)}`;
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

/** The fan-out section of an existing BENCHMARKS.md, for the main bench to keep when it rewrites the file. */
export function existingFanOutSection(markdown: string): string | undefined {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  return start >= 0 && end > start ? markdown.slice(start, end + END.length) : undefined;
}
