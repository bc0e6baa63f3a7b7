import { cpus, loadavg, totalmem, type } from 'node:os';
import type { ColdStart } from './cold-start';
import { wallPerFloor } from './rounds';
import type { BenchSettings } from './run-size';
import type { SizeResult } from './size-result';
import { stolenSeconds } from './steal';
import { type HistoryResults, SES_V1_RAW_LIMIT_BYTES, type Verdict } from './targets';

const KB = 1024;
const MB = 1024 * 1024;

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  date: string;
  /** The 1-, 5- and 15-minute load averages when the bench started: the machine is shared. */
  load: string;
}

export function describeMachine(now = new Date()): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${process.arch}`,
    node: process.version,
    date: now.toISOString().slice(0, 10),
    load: loadAverages(),
  };
}

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
export function loadAverages(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;
const size = (bytes: number) =>
  bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / KB)} KB`;
const count = (n: number) => n.toLocaleString('en-US');
const answer = (r: SizeResult) => `${r.answerMs.toFixed(1)} ms`;
/** "9.4 s / 6.1 s": stolen from the run's core, then the stand-ins'; one figure when the cores were not split. */
const stolen = (r: SizeResult) => {
  if (r.stolen === undefined) return '–';
  const run = stolenSeconds(r.stolen.runMs);
  return r.stolen.standInsMs === undefined
    ? `${run} (all cores)`
    : `${run} / ${stolenSeconds(r.stolen.standInsMs)}`;
};

/** The results table, in Markdown (the console shows the same text). */
export function resultsTable(results: readonly SizeResult[]): string {
  const head = [
    '| jobs | users | CBS calls | wall | floor | wall / floor | CBS answer | stolen | render CPU | render wall | HTML | message | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = results.map((r) => {
    const f = r.figures;
    return `| ${count(f.jobsInWindow)} | ${count(r.users)} | ${count(r.totalCalls)} | ${seconds(f.wallMs)} | ${seconds(r.floorMs)} | ${wallPerFloor(r).toFixed(3)} | ${answer(r)} | ${stolen(r)} | ${millis(f.renderCpuMs)} | ${millis(f.renderMs)} | ${size(f.htmlBytes)} | ${size(f.messageBytes)} | ${size(f.maxRssKb * KB)} |`;
  });
  return [...head, ...rows].join('\n');
}

/** Where the time and the memory went, per size. */
export function breakdownTable(results: readonly SizeResult[]): string {
  const head = [
    '| jobs | collect | render | send | peak RSS after collect | after render | after send | calls by endpoint |',
    '|---:|---:|---:|---:|---:|---:|---:|:---|',
  ];
  const rows = results.map((r) => {
    const f = r.figures;
    const calls = Object.entries(r.calls)
      .map(([endpoint, n]) => `${endpoint} ${count(n)}`)
      .join(', ');
    return `| ${count(f.jobsInWindow)} | ${seconds(f.collectMs)} | ${millis(f.renderMs)} | ${millis(f.sendMs)} | ${size(f.maxRssCollectedKb * KB)} | ${size(f.maxRssRenderedKb * KB)} | ${size(f.maxRssKb * KB)} | ${calls} |`;
  });
  return [...head, ...rows].join('\n');
}

export function verdictLines(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => `${v.skipped ? 'SKIP' : v.pass ? 'PASS' : 'FAIL'}  ${v.target}: ${v.detail}`);
}

/**
 * What history adds at one size: the run without it beside the first run with it (empty store,
 * backfill) and a later night (store filled), with CBS calls, DynamoDB calls and time.
 */
export function historyTable(plain: SizeResult | undefined, history: HistoryResults): string {
  const head = [
    '| run | CBS calls | DynamoDB calls | wall | floor | wall / floor | CBS answer | stolen | collect | run CPU | render CPU | send | peak RSS | wall added |',
    '|:---|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const row = (name: string, r: SizeResult) => {
    const f = r.figures;
    const dynamo = Object.entries(r.dynamoCalls ?? {})
      .map(([operation, n]) => `${operation} ${count(n)}`)
      .join(', ');
    const added = plain ? seconds(f.wallMs - plain.figures.wallMs) : '–';
    return `| ${name} | ${count(r.totalCalls)} | ${dynamo || '–'} | ${seconds(f.wallMs)} | ${seconds(r.floorMs)} | ${wallPerFloor(r).toFixed(3)} | ${answer(r)} | ${stolen(r)} | ${seconds(f.collectMs)} | ${seconds(f.cpuMs)} | ${millis(f.renderCpuMs)} | ${millis(f.sendMs)} | ${size(f.maxRssKb * KB)} | ${plain === r ? '–' : added} |`;
  };
  const calls = (name: string, r: SizeResult) =>
    `- ${name}: ${Object.entries(r.calls)
      .map(([endpoint, n]) => `${endpoint} ${count(n)}`)
      .join(', ')}`;
  return [
    ...head,
    ...(plain ? [row('without history', plain)] : []),
    row('first run (empty store, backfill)', history.first),
    row('later run (a night later)', history.later),
    '',
    "**run CPU**: user + system CPU time of the run's process from start to sent; what history adds to",
    "it is what judging, the store's reads and writes and the backfill's listings cost the function.",
    '',
    'CBS calls by endpoint:',
    '',
    ...(plain ? [calls('without history', plain)] : []),
    calls('first run', history.first),
    calls('later run', history.later),
  ].join('\n');
}

/** Messages SES v1 would refuse: not a target of this benchmark, but a limit of the digest. */
export function sesWarnings(results: readonly SizeResult[]): string[] {
  return results
    .filter((r) => r.figures.messageBytes > SES_V1_RAW_LIMIT_BYTES)
    .map(
      (r) =>
        `NOTE  at ${count(r.figures.jobsInWindow)} jobs the message is ${size(r.figures.messageBytes)}: over SES SendRawEmail's 10 MB (after base64, about ${size(SES_V1_RAW_LIMIT_BYTES)} raw); real SES would refuse it`,
    );
}

export function coldStartLines(cold: ColdStart, initMs: number): string[] {
  return [
    `bundle (lambda/entry/handler.ts as the stack builds it: esbuild, minified, node24, AWS SDK inside, juice left out): ${size(cold.bundleBytes)} (source map ${size(cold.sourceMapBytes)}, shipped, loaded only with deploy.sourceMaps); before issue 12: ${size(cold.baselineBytes)}`,
    `require of the bundle in a fresh Node process, median of ${cold.runs}: ${millis(cold.loadMs)}; of the pre-issue-12 bundle (dev/bench/fixtures), turn about in the same run: ${millis(cold.baselineLoadMs)}; ratio ${cold.loadRatio.toFixed(2)}`,
    `require with --enable-source-maps (deploy.sourceMaps: true): ${millis(cold.loadWithSourceMapsMs)}`,
    `first invocation's runtime (config validated, prepared templates compiled and tried): ${millis(initMs)}`,
  ];
}

export function settingsLine(settings: BenchSettings, heapFlags: readonly string[]): string {
  return `${settings.latencyMs} ms per CBS call (simulator), ${settings.concurrency} calls in flight, whole-server mode (watch.allUsers), ${settings.setsPerUser} sets per user, one job a day each; run in its own process with ${heapFlags.join(' ')} (Lambda's heap limits for ${settings.memoryMb} MB)`;
}

export interface MarkdownReport {
  command: string;
  machine: Machine;
  settings: string;
  results: readonly SizeResult[];
  verdicts: readonly Verdict[];
  notes: readonly string[];
  coldStart: readonly string[];
  /** Load averages when the last run ended. */
  loadAtEnd: string;
  /** The history section, when history was run. */
  history?: string;
  /** `--rounds`: how many times the sizes up to 10,000 jobs and the history runs were run. */
  rounds: number;
}

/** BENCHMARKS.md, written whole by `npm run bench`. */
export function benchmarksMarkdown(report: MarkdownReport): string {
  const m = report.machine;
  return `# Benchmarks

Written by \`${report.command}\` on ${m.date}; run it again to replace this file. What the figures
mean and what they say about larger providers: [docs/scaling.md](docs/scaling.md).

Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}, Node.js ${m.node}. Load
average (1, 5, 15 minutes) at the start: ${m.load}; at the end: ${report.loadAtEnd}. The machine
is shared with other sessions' builds and tests, so wall times carry their load.

Setup: ${report.settings}. The production pipeline (\`runDigest\` with the real \`CbsHttpClient\`,
\`HandlebarsRenderer\` and \`SesMailer\`, built by \`createRuntime\`) runs against the CBS simulator over
HTTP on 127.0.0.1, with the SSM stand-in and aws-ses-v2-local.
${
  report.rounds > 1
    ? `
Rounds: the sizes up to 10,000 jobs and the history runs were run ${report.rounds} times, round after
round; 50,000 jobs once. The tables show each size's round with the lowest wall / floor; the
targets judge time on the best round and memory on the worst, and list every round's figure.
Load only ever adds time, so the best round is the nearest to what the code itself costs.
`
    : ''
}
## Results

${resultsTable(report.results)}

- **wall**: \`runDigest\` from start to the message accepted by SES (collect, build, render, send).
- **floor**: \`ceil(calls / concurrency) × latency\`, summed over the run's sequential phases: the
  user list (1 call), then everything else, which overlaps.
- **CBS answer**: the simulator's mean time to answer a call, from the request's arrival to the last
  byte of its answer: the latency, plus what the loaded machine added on the simulator's side.
- **stolen**: CPU time the hypervisor gave to other machines while this one's core had work
  (Linux's "steal" in /proc/stat), during the run: from the run's core / from the simulator's and
  stand-ins' core. The run's core's share is time the run waited on nothing of its own, and its
  wall time grows by about as much; on an unshared machine it is 0.
- **peak RSS**: \`process.resourceUsage().maxRSS\` of the run's own process, which holds nothing but
  the run (the simulator and stand-ins live in the parent).
- KB and MB are 1,024 and 1,048,576 bytes.

## Targets

\`\`\`
${[...verdictLines(report.verdicts), ...report.notes].join('\n')}
\`\`\`

- **render CPU**: user + system CPU time of the run's process while rendering; **render wall**
  the same span on the clock. The machine is shared, so wall time also counts moments other
  processes held the core: the render targets are judged on CPU time, the wall / floor targets
  (which measure waiting on CBS) on wall time.

## Where the time and memory go

${breakdownTable(report.results)}
${report.history ? `\n## With history\n\n${report.history}\n` : ''}
## Cold start

${report.coldStart.map((line) => `- ${line}`).join('\n')}
`;
}
