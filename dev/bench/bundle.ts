import { build } from 'esbuild';
import { LEFT_OUT_OF_THE_BUNDLE, MAIN_FIELDS } from '../../infra/bundle-files';

/**
 * Bundles an entry point the way the stack bundles the handler (infra/digest-lambda.ts): one
 * minified CommonJS file with every dependency inside, ES module builds first, the AWS SDK included, juice left out (the
 * shipped templates are prepared at synth), and its source map beside it.
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
    external: [...LEFT_OUT_OF_THE_BUNDLE],
    mainFields: MAIN_FIELDS,
    logLevel: 'error',
  });
}
