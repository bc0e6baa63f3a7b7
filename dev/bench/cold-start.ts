import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bundleLikeTheStack } from './bundle';

/** The bundle as it was before issue 12 (dev/bench/fixtures/README.md): the load-time baseline. */
export const BASELINE_BUNDLE = join(__dirname, 'fixtures', 'handler-a597d52.js.gz');

export interface ColdStart {
  bundleBytes: number;
  sourceMapBytes: number;
  baselineBytes: number;
  /** Median time to require the bundled handler in a fresh Node process. */
  loadMs: number;
  /** The same for the baseline bundle, timed in the same run, turn about with today's. */
  baselineLoadMs: number;
  /** loadMs / baselineLoadMs: the figure the target is set on, as both share the machine's load. */
  loadRatio: number;
  /** Today's bundle with --enable-source-maps, as `deploy.sourceMaps: true` runs it. */
  loadWithSourceMapsMs: number;
  runs: number;
}

/**
 * Bundles lambda/entry/handler.ts as the stack does (minified, Node 24 target, AWS SDK inside) and times
 * `require` of it in fresh processes, turn about with the baseline bundle: the module-level work
 * every cold start pays before the first invocation builds its runtime.
 */
export async function measureColdStart(root: string, workDir: string, runs = 15): Promise<ColdStart> {
  const bundle = join(workDir, 'handler', 'index.js');
  await bundleLikeTheStack(join(root, 'lambda', 'entry', 'handler.ts'), bundle, 'node24');
  const baseline = join(workDir, 'baseline', 'index.js');
  mkdirSync(join(workDir, 'baseline'), { recursive: true });
  writeFileSync(baseline, gunzipSync(readFileSync(BASELINE_BUNDLE)));

  const load = (file: string, flags: string[] = []) => {
    const script = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
    return Number(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }));
  };
  const today: number[] = [];
  const before: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    // Turn about, each starting every other time, so a burst of load on the machine hits both.
    if (i % 2 === 0) {
      today.push(load(bundle));
      before.push(load(baseline));
    } else {
      before.push(load(baseline));
      today.push(load(bundle));
    }
  }
  const withMaps = Array.from({ length: runs }, () => load(bundle, ['--enable-source-maps']));
  const loadMs = median(today);
  const baselineLoadMs = median(before);
  return {
    bundleBytes: statSync(bundle).size,
    sourceMapBytes: statSync(`${bundle}.map`).size,
    baselineBytes: statSync(baseline).size,
    loadMs,
    baselineLoadMs,
    loadRatio: loadMs / baselineLoadMs,
    loadWithSourceMapsMs: median(withMaps),
    runs,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
