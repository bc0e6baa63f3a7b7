import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TemplateError } from '../lambda/adapters/render/template-error';
import { ConfigError } from '../lambda/config/config-error';
import { BackupDigestStack } from './backup-digest-stack';
import { loadStackConfig, type StackConfig } from './load-stack-config';

/**
 * The CDK app: `cdk synth -c config=path/to/config.json`. The config is validated with the
 * function's own schema before any construct exists, so a bad file fails synth naming the field.
 */
const app = new App();
const configPath = resolve(String(app.node.tryGetContext('config') ?? 'config/example.config.json'));

let loaded: StackConfig;
try {
  loaded = loadStackConfig(configPath);
} catch (error) {
  // The message already names every bad field; a stack trace would only bury it.
  if (!(error instanceof ConfigError)) throw error;
  console.error(`backup-digest: cannot synthesize.\n${error.message}`);
  process.exit(1);
}

try {
  new BackupDigestStack(app, loaded.settings.stackName, {
    config: loaded.config,
    configFile: loaded.file,
  });
} catch (error) {
  // A broken template names its file; say that, not where in CDK it surfaced.
  if (!(error instanceof TemplateError)) throw error;
  console.error(`backup-digest: cannot synthesize.\n${error.message}`);
  process.exit(1);
}

// Findings of error level fail synthesis; acknowledgements sit next to the resources they concern.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
