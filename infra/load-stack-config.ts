import { loadConfigFile } from '../lambda/config/load-config';
import type { Config } from '../lambda/config/schema';
import { type DeploySettings, resolveDeploySettings } from './deploy-settings';

/** A config file validated for deployment: the file to ship, what it says, and the stack settings. */
export interface StackConfig {
  /** Absolute path of the validated file; the bundle ships these exact bytes as config.json. */
  file: string;
  config: Config;
  settings: DeploySettings;
}

/** Loads with the function's own schema, then the deploy checks; throws ConfigError naming the field. */
export function loadStackConfig(file: string): StackConfig {
  const config = loadConfigFile(file);
  return { file, config, settings: resolveDeploySettings(config, file) };
}
