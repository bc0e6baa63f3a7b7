import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { type Synthesized, synthStack } from './synth-stack';

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Unacknowledged AwsSolutions findings, errors and warnings alike, as `rule at path`. */
function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}

/** Every acknowledgement in the tree, as `rule at path: reason`. */
function acknowledgements(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(
            ([id, reason]) => `${id.replace(/^annotation::/i, '')} at ${construct.node.path}: ${reason}`,
          ),
        ),
    );
}

describe.each<[string, Parameters<typeof synthStack>[0]]>([
  ['the example config', {}],
  [
    'every optional deploy setting',
    {
      edit: (raw) => {
        raw.deploy = {
          ...raw.deploy,
          alarmEmails: [],
          reservedConcurrency: 2,
          credentialsKmsKeyArn: KEY_ARN,
          sesIdentity: 'example.com',
          sesConfigurationSet: 'digest-events',
          sesSandbox: true,
        };
      },
    },
  ],
])('cdk-nag AwsSolutions, with %s', (_name, options) => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack(options);
  });
  afterAll(() => synth.cleanup());

  test('finds nothing unacknowledged', () => {
    expect(findings(synth.app)).toEqual([]);
  });

  test('has one acknowledgement, on the dead-letter queue, which is a DLQ cdk-nag cannot recognise', () => {
    expect(acknowledgements(synth.app)).toEqual([
      expect.stringMatching(
        /^AwsSolutions-SQS3 at BackupDigest\/Default\/DeadLetterQueue: This queue is the dead-letter queue/,
      ),
    ]);
  });
});

describe('cdk-nag AwsSolutions, with Snooze links', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({
      edit: (raw) => {
        raw.snooze = { enabled: true };
      },
    });
  });
  afterAll(() => synth.cleanup());

  test('finds nothing unacknowledged', () => {
    expect(findings(synth.app)).toEqual([]);
  });

  test('acknowledges only the link key not rotating, with the reason', () => {
    expect(acknowledgements(synth.app)).toEqual([
      expect.stringMatching(/^AwsSolutions-SQS3 at BackupDigest\/Default\/DeadLetterQueue: /),
      expect.stringMatching(
        /^AwsSolutions-SMG4 at BackupDigest\/Default\/Snooze\/Key: The key signs Snooze links that expire after 14 days; rotating it would void/,
      ),
    ]);
  });
});

describe('the cdk-nag check itself', () => {
  test('reports a finding in this stack when there is one, so "nothing" above means something', () => {
    const synth = synthStack();
    try {
      new Queue(synth.stack, 'QueueWithoutDeadLetterQueue');

      expect(findings(synth.app)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^AwsSolutions-SQS3 at BackupDigest\/QueueWithoutDeadLetterQueue\//),
        ]),
      );
    } finally {
      synth.cleanup();
    }
  });
});
