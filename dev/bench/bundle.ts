import { build } from 'esbuild';

/**
 * Bundles an entry point the way the stack bundles the handler (infra/digest-function.ts): one
 * minified CommonJS file with every dependency inside, the AWS SDK included.
 */
export async function bundleLikeTheStack(entry: string, outfile: string, target = 'node20'): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
  });
}
