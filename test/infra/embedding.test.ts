import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BackupDigest, type BackupDigestConfig, BackupDigestPlacementError } from '../../infra/backup-digest';
import { METRICS_NAMESPACE } from '../../lambda/adapters/metrics/run-metrics';
import { ConfigError } from '../../lambda/config/config-error';
import { parseConfigText } from '../../lambda/config/load-config';
import { exampleConfig, onlyResource, type Synthesized, synthStack } from './synth-stack';

/** The example config as an object, the way another app would hand it over. */
function exampleObject(): BackupDigestConfig {
  // Read from JSON, so typed by assertion; the construct validates it with the schema either way.
  return exampleConfig() as BackupDigestConfig;
}

/** Another provider's CDK app: a plain Stack of its own name, the construct under an id of its own. */
function providerApp(options: { bundle?: boolean } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'backup-digest-embed-'));
  const app = new App({
    outdir,
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new Stack(app, 'ProviderOps');
  return { app, stack, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/**
 * A template's resources keyed by construct path, made comparable across stacks: the construct's
 * own id is dropped from paths, every logical ID is replaced by that path, the stack's name by
 * `<stack>`, and asset and target hashes by `<hash>`.
 */
function comparableResources(stack: Stack, digest: BackupDigest): Record<string, unknown> {
  const names = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof CfnResource)) continue;
    const path = construct.node.path
      .slice(stack.node.path.length + 1)
      .replace(new RegExp(`^${digest.node.id}/`), '')
      .replace(/-[0-9a-f]{6}\//, '-<hash>/');
    names.set(stack.resolve(construct.logicalId) as string, `<${path}>`);
  }
  let json = JSON.stringify(Template.fromStack(stack).toJSON().Resources);
  // Longest first, so an ID that starts with another's is replaced whole.
  for (const id of [...names.keys()].sort((a, b) => b.length - a.length)) {
    json = json.replaceAll(id, names.get(id) as string);
  }
  // The metrics' namespace is a constant that may equal a stack's name: keep it out of the swap.
  const namespace = `"Namespace":"${METRICS_NAMESPACE}"`;
  json = json
    .replaceAll(namespace, '<namespace>')
    .replaceAll(stack.stackName, '<stack>')
    .replaceAll('<namespace>', namespace)
    .replace(/[0-9a-f]{64}/g, '<hash>');
  const resources = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(resources)
      .sort()
      .map((key) => [key, resources[key]]),
  );
}

/** What `act` throws; a construct cannot be built twice under one id, so it runs once. */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** Unacknowledged AwsSolutions findings, as `rule at path`. */
function nagFindings(app: App): string[] {
  return new AwsSolutionsChecks()
    .validateScope(app)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );
}

describe('the BackupDigest construct in a plain stack of another app', () => {
  let standalone: Synthesized;
  let provider: ReturnType<typeof providerApp>;
  let embedded: BackupDigest;
  beforeAll(() => {
    standalone = synthStack();
    provider = providerApp();
    // As docs/embedding.md shows: a config object, no file.
    embedded = new BackupDigest(provider.stack, 'NightlyBackups', { config: exampleObject() });
  });
  afterAll(() => {
    standalone.cleanup();
    provider.cleanup();
  });

  test('synthesizes the same resources, property for property, as the stand-alone stack', () => {
    const ours = comparableResources(provider.stack, embedded);
    const theirs = comparableResources(standalone.stack, standalone.backupDigest);

    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(ours).toEqual(theirs);
  });

  test('has the resource types and counts the stand-alone stack has', () => {
    const countByType = (template: Template) => {
      const counts: Record<string, number> = {};
      for (const resource of Object.values(template.toJSON().Resources as Record<string, { Type: string }>)) {
        counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
      }
      return counts;
    };

    const counts = countByType(Template.fromStack(provider.stack));

    expect(counts).toEqual(countByType(standalone.template));
    expect(counts).toMatchObject({
      'AWS::Lambda::Function': 1,
      'AWS::Scheduler::Schedule': 1,
      'AWS::SQS::Queue': 1,
      // Run records and history.
      'AWS::DynamoDB::GlobalTable': 2,
      'AWS::CloudWatch::Alarm': 4,
    });
  });

  test("names its alarms after the provider's stack", () => {
    const template = Template.fromStack(provider.stack);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'ProviderOps-function-errors' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'ProviderOps-dead-letters' });
  });

  test('leaves cdk-nag AwsSolutions with nothing unacknowledged', () => {
    expect(nagFindings(provider.app)).toEqual([]);
  });
});

describe('cdk-nag as a validation plugin of the other app', () => {
  /** Synthesizes a fresh provider app, with the AwsSolutions plugin, holding the digest and `extra`. */
  function synthWithNag(extra: (stack: Stack) => void = () => {}): void {
    const provider = providerApp();
    try {
      new BackupDigest(provider.stack, 'NightlyBackups', { config: exampleObject() });
      extra(provider.stack);
      Validations.of(provider.app).addPlugins(new AwsSolutionsChecks(provider.app));
      provider.app.synth();
    } finally {
      provider.cleanup();
    }
  }

  test('lets synthesis pass', () => {
    expect(() => synthWithNag()).not.toThrow();
  });

  test('fails synthesis once the stack holds a finding, so passing above means something', () => {
    expect(() => synthWithNag((stack) => new Queue(stack, 'QueueWithoutDeadLetterQueue'))).toThrow(
      /AwsSolutions-SQS3/,
    );
  });
});

describe('a config object handed to the construct', () => {
  test('is shipped as a config.json the function reads back to the same config', () => {
    const provider = providerApp({ bundle: true });
    try {
      const digest = new BackupDigest(provider.stack, 'NightlyBackups', { config: exampleObject() });
      const { properties } = onlyResource(Template.fromStack(provider.stack), 'AWS::Lambda::Function');
      const assetHash = (properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const shipped = join(provider.outdir, `asset.${assetHash}`, 'config.json');

      expect(parseConfigText(readFileSync(shipped, 'utf8'), shipped)).toEqual(digest.config);
    } finally {
      provider.cleanup();
    }
  });

  test('fails synth naming the bad field and the construct, like a bad config file does', () => {
    const provider = providerApp();
    try {
      const config = exampleConfig();
      config.mail = { ...config.mail, to: [] };

      const error = thrownBy(
        () => new BackupDigest(provider.stack, 'NightlyBackups', { config: config as BackupDigestConfig }),
      );

      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(
        'config of ProviderOps/NightlyBackups is invalid:\n  mail.to: must list at least one recipient',
      );
    } finally {
      provider.cleanup();
    }
  });

  test('fails synth, naming both, when a second digest is placed in the same stack', () => {
    const provider = providerApp();
    try {
      new BackupDigest(provider.stack, 'First', { config: exampleObject() });

      const error = thrownBy(() => new BackupDigest(provider.stack, 'Second', { config: exampleObject() }));

      expect(error).toBeInstanceOf(BackupDigestPlacementError);
      expect((error as Error).message).toMatch(
        /ProviderOps\/Second: stack ProviderOps already holds a BackupDigest \(ProviderOps\/First\)/,
      );
    } finally {
      provider.cleanup();
    }
  });
});
