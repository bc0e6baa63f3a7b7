import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './schema';

/**
 * Where the Handlebars templates are: the one resolver of the function, the CLI and the CDK
 * construct. The repository's own templates are the default; a config may name others.
 */

/** The built-in templates: the repository's `templates/`. */
export const BUILT_IN_TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

/**
 * The template folder a config names, as an absolute path. A relative `report.templatesDir` is
 * read against the config file's folder, not the working directory, so a config and its templates
 * can live side by side and be used from anywhere (the CLI, `cdk synth`, the tests). A config
 * given as an object, with no file, reads it against the working directory.
 */
export function configuredTemplatesDir(config: Config, configFile?: string): string | undefined {
  const dir = config.report.templatesDir;
  if (dir === undefined) return undefined;
  return configFile === undefined ? resolve(dir) : resolve(dirname(configFile), dir);
}

/** The folder a deployment ships as `templates/`: the config's own, else the built-in ones. */
export function templatesDirOf(config: Config, configFile?: string): string {
  return configuredTemplatesDir(config, configFile) ?? BUILT_IN_TEMPLATES_DIR;
}

/**
 * Where a running function finds its templates, first match wins: TEMPLATES_DIR; the `templates/`
 * folder beside the bundled handler (`bundleDir`, where the stack ships the folder the config
 * names, so inside Lambda the config's own path, relative to a folder that does not exist there,
 * no longer applies); else as a deployment would choose them.
 */
export function runtimeTemplatesDir(
  config: Config,
  configFile: string,
  bundleDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (env.TEMPLATES_DIR) return env.TEMPLATES_DIR;
  const bundled = join(bundleDir, 'templates');
  if (existsSync(bundled)) return bundled;
  return templatesDirOf(config, configFile);
}
