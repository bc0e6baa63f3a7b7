import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLikeTheStack } from './bundle';

export interface ColdStart {
  bundleBytes: number;
  sourceMapBytes: number;
  /** Median time to require the bundled handler in a fresh Node process. */
  loadMs: number;
  /** The same with --enable-source-maps, which the stack sets in NODE_OPTIONS. */
  loadWithSourceMapsMs: number;
  runs: number;
}

/**
 * Bundles lambda/entry/handler.ts as the stack does (minified, Node 24 target, AWS SDK inside) and times
 * `require` of it in fresh processes: the module-level work every cold start pays before the first
 * invocation builds its runtime.
 */
export async function measureColdStart(root: string, workDir: string, runs = 9): Promise<ColdStart> {
  const bundle = join(workDir, 'handler', 'index.js');
  await bundleLikeTheStack(join(root, 'lambda', 'entry', 'handler.ts'), bundle, 'node24');
  const load = (flags: string[]) =>
    median(
      Array.from({ length: runs }, () => {
        const script = `const t=performance.now();require(${JSON.stringify(bundle)});process.stdout.write(String(performance.now()-t))`;
        return Number(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }));
      }),
    );
  return {
    bundleBytes: statSync(bundle).size,
    sourceMapBytes: statSync(`${bundle}.map`).size,
    loadMs: load([]),
    loadWithSourceMapsMs: load(['--enable-source-maps']),
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
