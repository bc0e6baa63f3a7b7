import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Names, Stack, Stage } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { z } from 'zod';
import { HandlebarsFailureRenderer } from '../lambda/adapters/render/failure-renderer';
import { HandlebarsRenderer } from '../lambda/adapters/render/handlebars-renderer';
import { INLINE_STYLES_FILE } from '../lambda/adapters/render/inline-styles';
import { writePreparedTemplates } from '../lambda/adapters/render/prepared-templates';
import { parseConfig } from '../lambda/config/load-config';
import type { Config, configSchema } from '../lambda/config/schema';
import { templatesDirOf } from '../lambda/config/templates-dir';
import { createDeadLetterQueue } from './dead-letter-queue';
import { type DeploySettings, resolveDeploySettings } from './deploy-settings';
import { DigestAlarms } from './digest-alarms';
import { DigestFunction } from './digest-function';
import { DigestSchedule } from './digest-schedule';
import { FanOutRun } from './fan-out/fan-out-run';
import { createHistoryTable } from './history-table';
import { createIdempotencyTable } from './idempotency-table';
import { SnoozePage } from './snooze-page';

/** A config as written (defaults may be left out) or as already parsed: both pass the schema. */
export type BackupDigestConfig = z.input<typeof configSchema>;

export interface BackupDigestProps {
  /**
   * The digest's config. Validated here with the function's own schema (lambda/config) and the
   * deploy checks, so a bad field fails synth naming its path. `deploy.stackName` is ignored:
   * the stack it is placed in is the app's own.
   */
  config: BackupDigestConfig;
  /**
   * The file `config` was read from: shipped byte for byte as config.json, and the folder a
   * relative `report.templatesDir` is read against. Without it the validated config is shipped as
   * JSON and a relative `report.templatesDir` is read against the working directory.
   */
  configFile?: string;
  /** Overrides the folder shipped as `templates/`: by default the config's `report.templatesDir`, else the repository's. */
  templatesDir?: string;
}

/**
 * One scheduled digest: function, schedule, dead-letter queue, alarms, and the table that keeps a
 * scheduled run from sending twice; with `deploy.mode: "fan-out"`, a Step Functions run over
 * batches of users in place of the function and the table (docs/scaling.md). Environment-agnostic (no account or region, no lookups), so
 * it synthesizes offline in any stack. Alarm names start with the stack's name, so a stack holds
 * at most one.
 */
export class BackupDigest extends Construct {
  /** The config as the function will read it, defaults applied. */
  readonly config: Config;
  /** The `deploy` section with its defaults applied. */
  readonly settings: DeploySettings;
  readonly deadLetterQueue: Queue;
  /** Fan-out mode (`deploy.mode`): the Step Functions run and its functions. */
  readonly fanOut: FanOutRun | undefined;
  /** The function the schedule invokes: the digest function, or in fan-out mode the one starting the run. */
  readonly scheduled: IFunction;
  readonly schedule: DigestSchedule;
  readonly alarms: DigestAlarms;

  constructor(scope: Construct, id: string, props: BackupDigestProps) {
    super(scope, id);
    refuseSecondInStack(this);
    const source = props.configFile ?? `config of ${this.node.path}`;
    const config = parseConfig(props.config, source);
    this.config = config;
    const settings = resolveDeploySettings(config, source);
    this.settings = settings;

    const sourceTemplates = props.templatesDir ?? templatesDirOf(config, props.configFile);
    // Compiled and tried on a sample now, so a broken template fails `cdk synth`, not the first run.
    HandlebarsRenderer.fromDirectory(sourceTemplates);
    HandlebarsFailureRenderer.fromDirectory(sourceTemplates);
    // The function ships without juice: its templates go with their CSS inlined, tried again as
    // the function will read them (it tries them once more when it starts).
    const templatesDir = this.prepareTemplates(sourceTemplates);
    HandlebarsRenderer.fromDirectory(templatesDir);

    const deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue');
    this.deadLetterQueue = deadLetterQueue;
    const files = { configFile: props.configFile ?? this.writeConfigFile(config), templatesDir };
    // Both modes remember nights: a single run, or each fan-out batch for its own users' sets.
    const historyTable = config.history.enabled ? createHistoryTable(this, 'History') : undefined;
    this.historyTable = historyTable;
    // The schema lets snooze links on only with history, so the table is there.
    this.snoozePage =
      config.snooze.enabled && historyTable
        ? new SnoozePage(this, 'Snooze', { settings, files, historyTable })
        : undefined;
    if (settings.mode === 'fan-out') {
      // Step Functions refuses a second run of the same name, so no table of runs is needed.
      this.fanOut = new FanOutRun(this, 'FanOut', {
        settings,
        files,
        deadLetterQueue,
        historyTable,
        snoozePage: this.snoozePage,
      });
      this.scheduled = this.fanOut.start.function;
    } else {
      const idempotencyTable = createIdempotencyTable(this, 'Runs');
      const digest = new DigestFunction(this, 'Digest', {
        settings,
        files,
        deadLetterQueue,
        idempotencyTable,
        historyTable,
        snoozePage: this.snoozePage,
      });
      this.single = { idempotencyTable, digest };
      this.scheduled = digest.function;
    }
    this.schedule = new DigestSchedule(this, 'Daily', {
      settings,
      target: this.scheduled,
      deadLetterQueue,
    });
    this.alarms = new DigestAlarms(this, 'Alarms', {
      digestFunction: this.scheduled,
      deadLetterQueue,
      alarmEmails: settings.alarmEmails,
      stateMachine: this.fanOut?.stateMachine,
      digestName: Stack.of(this).stackName,
      noDigestAlarmHours: settings.noDigestAlarmHours,
      notCheckedPercent: settings.alarmNotCheckedPercent,
      // Written by the digest function, or in fan-out mode by Merge, which sends the digest.
      runMetrics: true,
    });
  }

  private readonly single: { idempotencyTable: TableV2; digest: DigestFunction } | undefined;

  /** The page Snooze links open (`snooze.enabled`). */
  readonly snoozePage: SnoozePage | undefined;

  /** Past nights per backup set, in either mode; undefined when the config turns history off. */
  readonly historyTable: TableV2 | undefined;

  /** Single mode: the function that makes the digest. Fan-out mode has none: see `fanOut`. */
  get digest(): DigestFunction {
    return this.singleMode().digest;
  }

  /** Single mode: the scheduled runs' records. Fan-out mode names each run instead. */
  get idempotencyTable(): TableV2 {
    return this.singleMode().idempotencyTable;
  }

  private singleMode(): { idempotencyTable: TableV2; digest: DigestFunction } {
    if (this.single === undefined) {
      throw new Error(
        `${this.node.path} runs in fan-out mode: it has no single digest function or table of runs`,
      );
    }
    return this.single;
  }

  /**
   * The template folder with its CSS inlined (prepare-css.ts), written into the cloud assembly
   * folder; a folder already prepared (it holds its table of styles) ships as it is.
   */
  private prepareTemplates(dir: string): string {
    if (existsSync(join(dir, INLINE_STYLES_FILE))) return dir;
    const out = join(this.assemblyDir(), `${Names.uniqueId(this)}.templates`);
    rmSync(out, { recursive: true, force: true });
    writePreparedTemplates(dir, out);
    return out;
  }

  private assemblyDir(): string {
    const dir = join(Stage.of(this)?.outdir ?? resolve('cdk.out'), 'backup-digest');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /**
   * The bundle copies the config from a file; a config given as an object is written into the
   * cloud assembly folder for that. Its bytes, not its path, reach the asset hash.
   */
  private writeConfigFile(config: Config): string {
    const file = join(this.assemblyDir(), `${Names.uniqueId(this)}.config.json`);
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    return file;
  }
}

/** A BackupDigest placed where it cannot deploy; thrown at synth. */
export class BackupDigestPlacementError extends Error {
  override readonly name = 'BackupDigestPlacementError';
}

/** Two in one stack would deploy two alarms of the same name; say so at synth, not half-way through a deploy. */
function refuseSecondInStack(digest: BackupDigest): void {
  const stack = Stack.of(digest);
  const other = stack.node.findAll().find((c) => c instanceof BackupDigest && c !== digest);
  if (other !== undefined) {
    throw new BackupDigestPlacementError(
      `${digest.node.path}: stack ${stack.stackName} already holds a BackupDigest (${other.node.path}); alarm names start with the stack name, so place each digest in a stack of its own`,
    );
  }
}
