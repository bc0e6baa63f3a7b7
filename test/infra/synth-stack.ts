import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import type { BackupDigest } from '../../infra/backup-digest';
import { BackupDigestStack } from '../../infra/backup-digest-stack';
import { loadStackConfig, type StackConfig } from '../../infra/load-stack-config';

export const REPO_ROOT = resolve(__dirname, '../..');
export const EXAMPLE_CONFIG = join(REPO_ROOT, 'config/example.config.json');

/** A loosely typed config object, so a test can set any field, valid or not. */
export type RawConfig = Record<string, Record<string, unknown>>;

/** A fresh copy of the example config: no test sees another's edits. */
export function exampleConfig(): RawConfig {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as RawConfig;
}

export interface SynthOptions {
  /** Changes the example config before it is written and loaded. */
  edit?: (raw: RawConfig) => void;
  /** Writes files beside the config (say, an operator's templates) before it is loaded. */
  prepare?: (dir: string) => void;
  /**
   * Run esbuild and the command hooks. Off by default: the template does not depend on the
   * bundle, so most tests skip it and stay fast and independent of the handler's state.
   */
  bundle?: boolean;
}

export interface Synthesized {
  app: App;
  stack: BackupDigestStack;
  /** The stack's one construct, which holds every resource the tests look at. */
  backupDigest: BackupDigest;
  template: Template;
  loaded: StackConfig;
  /** Holds the config file and the cloud assembly; `cleanup` removes it. */
  dir: string;
  outdir: string;
  cleanup: () => void;
}

/** Writes the (edited) example config to a temp dir, loads it as the app does, and synthesizes. */
export function synthStack(options: SynthOptions = {}): Synthesized {
  const dir = mkdtempSync(join(tmpdir(), 'backup-digest-infra-'));
  const raw = exampleConfig();
  options.edit?.(raw);
  options.prepare?.(dir);
  const file = join(dir, 'config.json');
  writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
  const loaded = loadStackConfig(file);

  const outdir = join(dir, 'cdk.out');
  const app = new App({
    outdir,
    // An empty list of stacks to bundle makes CDK skip esbuild for every asset.
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new BackupDigestStack(app, loaded.settings.stackName, {
    config: loaded.config,
    configFile: loaded.file,
  });
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    backupDigest: stack.backupDigest,
    template,
    loaded,
    dir,
    outdir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `arn:${Partition}:<service>:${Region}:${AccountId}:<rest>` as CloudFormation renders it. */
export function regionalArn(service: string, rest: string): unknown {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:${service}:`,
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:${rest}`,
      ],
    ],
  };
}

/** The one resource of a type; fails the test if there are none or several. */
export function onlyResource(
  template: Template,
  type: string,
): { logicalId: string; properties: Record<string, unknown> } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { logicalId, properties: resource.Properties };
}

/** The CloudFormation logical ID of an L2 construct's main resource. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** Every statement of the inline policies attached to one role, in template order. */
export function statementsOfRole(template: Template, roleLogicalId: string): unknown[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as unknown[]);
}

/** An `edit` that merges settings into the deploy section. */
export function withDeploy(deploy: Record<string, unknown>): (raw: RawConfig) => void {
  return (raw) => {
    raw.deploy = { ...raw.deploy, ...deploy };
  };
}

/** An `edit` that merges settings into the report section. */
export function withReport(report: Record<string, unknown>): (raw: RawConfig) => void {
  return (raw) => {
    raw.report = { ...raw.report, ...report };
  };
}
