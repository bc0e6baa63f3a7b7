import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Config } from '../lambda/config/schema';
import { BackupDigest } from './backup-digest';

export interface BackupDigestStackProps extends StackProps {
  /** The validated config, as loaded from `configFile`. */
  config: Config;
  /** The file `config` was loaded from, shipped unchanged as config.json. */
  configFile: string;
  /** Overrides the folder shipped as `templates/`: by default the config's `report.templatesDir`, else the repository's. */
  templatesDir?: string;
}

/**
 * The stand-alone deployment: one BackupDigest in a stack of its own, plus outputs for the
 * console. Everything deployed lives in the construct (infra/backup-digest.ts); another CDK app
 * embeds that instead (docs/embedding.md).
 */
export class BackupDigestStack extends Stack {
  readonly backupDigest: BackupDigest;

  constructor(scope: Construct, id: string, props: BackupDigestStackProps) {
    super(scope, id, { description: 'backup-digest: daily AhsayCBS backup digest', ...props });
    // `Default` leaves the construct out of logical IDs, so a stack deployed before the construct
    // existed updates in place: its table and queue are not replaced.
    this.backupDigest = new BackupDigest(this, 'Default', {
      config: props.config,
      configFile: props.configFile,
      ...(props.templatesDir === undefined ? {} : { templatesDir: props.templatesDir }),
    });

    new CfnOutput(this, 'FunctionName', {
      value: this.backupDigest.scheduled.functionName,
      description: 'Run on demand from the Lambda console with a test event such as {"dryRun": true}',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.backupDigest.deadLetterQueue.queueUrl });
  }
}
