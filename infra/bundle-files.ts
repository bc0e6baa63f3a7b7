import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Packages the function never loads, left out of its bundle (and not installed beside it). juice,
 * with cheerio, parse5 and their encodings, was half of the bundle: it inlines the templates' CSS,
 * which the stack does once at synth (`writePreparedTemplates`), so the shipped templates need none.
 */
export const LEFT_OUT_OF_THE_BUNDLE = ['juice'] as const;

/**
 * Where esbuild looks for a package's code: its ES module build first. The AWS SDK's CommonJS
 * build is one file per client holding every command (SSM's has all 150), which esbuild cannot
 * trim; from the ES modules it keeps only what the function imports. The bundle went from 1.5 to
 * 1.1 MB and its `require` from 542 to 292 ms (medians of 15, turn about, on a loaded machine).
 * NodejsFunction's bundling option documents it: "Try ['module', 'main'] to default to ES module
 * versions" (aws-cdk-lib/aws-lambda-nodejs BundlingOptions.mainFields, from
 * https://github.com/aws/aws-cdk/issues/18569).
 */
export const MAIN_FIELDS = ['module', 'main'];

/** What the function reads from beside its handler at run time. */
export interface ShippedFiles {
  /** The validated config file, shipped as `config.json` (the handler's default CONFIG_PATH). */
  configFile: string;
  /** The Handlebars templates folder, shipped as `templates/` (the handler's default TEMPLATES_DIR). */
  templatesDir: string;
}

/**
 * Copies the config and templates into the bundle after esbuild has run. The config travels as a
 * file, not an environment variable: Lambda's 4 KB of variables cannot hold 2,000 watched sets.
 * The asset hash covers the bundle output, so editing either one changes the code and redeploys.
 */
export function shipFilesHooks(files: ShippedFiles): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      `cp ${shellQuote(files.configFile)} ${shellQuote(`${outputDir}/config.json`)}`,
      `cp -R ${shellQuote(files.templatesDir)} ${shellQuote(`${outputDir}/templates`)}`,
    ],
  };
}

/** Bundling runs these through bash; single quotes keep spaces and `$` in paths literal. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
