import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HandlebarsFailureRenderer } from '../lambda/adapters/render/failure-renderer';
import { HandlebarsRenderer } from '../lambda/adapters/render/handlebars-renderer';
import type { Config } from '../lambda/config/schema';
import { configuredTemplatesDir } from '../lambda/config/templates-dir';
import { createDeadLetterQueue } from './dead-letter-queue';
import { type DeploySettings, resolveDeploySettings } from './deploy-settings';
import { DigestAlarms } from './digest-alarms';
import { DigestFunction } from './digest-function';
import { DigestSchedule } from './digest-schedule';
import { createIdempotencyTable } from './idempotency-table';

/** The repository's Handlebars templates, shipped beside the handler unless the config names others. */
export const DEFAULT_TEMPLATES_DIR = join(__dirname, '..', 'templates');

export interface BackupDigestStackProps extends StackProps {
  /** The validated config, as loaded from `configFile`. */
  config: Config;
  /** The file `config` was loaded from, shipped unchanged as config.json. */
  configFile: string;
  /** Overrides the folder shipped as `templates/`: by default the config's `report.templatesDir`, else the repository's. */
  templatesDir?: string;
}

/**
 * One scheduled digest: function, schedule, dead-letter queue, alarms, and the table that keeps
 * a scheduled run from sending twice. Environment-agnostic
 * (no account or region, no lookups), so `cdk synth` runs offline without credentials.
 */
export class BackupDigestStack extends Stack {
  /** The `deploy` section with its defaults applied. */
  readonly settings: DeploySettings;
  readonly deadLetterQueue: Queue;
  readonly idempotencyTable: TableV2;
  readonly digest: DigestFunction;
  readonly schedule: DigestSchedule;
  readonly alarms: DigestAlarms;

  constructor(scope: Construct, id: string, props: BackupDigestStackProps) {
    super(scope, id, { description: 'backup-digest: daily AhsayCBS backup digest', ...props });
    const settings = resolveDeploySettings(props.config, props.configFile);
    this.settings = settings;

    const templatesDir =
      props.templatesDir ?? configuredTemplatesDir(props.config, props.configFile) ?? DEFAULT_TEMPLATES_DIR;
    // Compiled and tried on a sample now, so a broken template fails `cdk synth`, not the first run.
    HandlebarsRenderer.fromDirectory(templatesDir);
    HandlebarsFailureRenderer.fromDirectory(templatesDir);

    const deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue');
    this.deadLetterQueue = deadLetterQueue;
    this.idempotencyTable = createIdempotencyTable(this, 'Runs');
    this.digest = new DigestFunction(this, 'Digest', {
      settings,
      files: { configFile: props.configFile, templatesDir },
      deadLetterQueue,
      idempotencyTable: this.idempotencyTable,
    });
    this.schedule = new DigestSchedule(this, 'Daily', {
      settings,
      target: this.digest.function,
      deadLetterQueue,
    });
    this.alarms = new DigestAlarms(this, 'Alarms', {
      digestFunction: this.digest.function,
      deadLetterQueue,
      alarmEmails: settings.alarmEmails,
    });

    new CfnOutput(this, 'FunctionName', {
      value: this.digest.function.functionName,
      description: 'Run on demand from the Lambda console with a test event such as {"dryRun": true}',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: deadLetterQueue.queueUrl });
  }
}
