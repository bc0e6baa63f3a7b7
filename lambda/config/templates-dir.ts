import { dirname, resolve } from 'node:path';
import type { Config } from './schema';

/**
 * The template folder a config names, as an absolute path. A relative `report.templatesDir` is
 * read against the config file's folder, not the working directory, so a config and its templates
 * can live side by side and be used from anywhere (the CLI, `cdk synth`, the tests).
 */
export function configuredTemplatesDir(config: Config, configFile: string): string | undefined {
  const dir = config.report.templatesDir;
  return dir === undefined ? undefined : resolve(dirname(configFile), dir);
}
