import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  digestFacts,
  METRICS_NAMESPACE,
  RunMetrics,
  rowsMetric,
} from '../../lambda/adapters/metrics/run-metrics';
import type { RunSummary } from '../../lambda/core/run-digest';

/** The EMF documents written while `act` runs, parsed. */
function emfOf(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    act();
  } finally {
    process.stdout.write = write;
  }
  return lines
    .join('')
    .split('\n')
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const metricsFor = (name: string) =>
  new RunMetrics(
    new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: 'backup-digest',
      defaultDimensions: { digest: name },
    }),
  );

const counts = { failed: 2, missed: 1, unknown: 0, error: 3, warning: 1, running: 0, ok: 3 };

describe('RunMetrics', () => {
  beforeAll(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  });
  afterAll(() => {
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  });

  test('a sent digest: one EMF document with the digest sent, rows per class and the not-checked share', () => {
    const [doc] = emfOf(() =>
      metricsFor('BackupDigest-prod').publish({
        outcome: 'sent',
        counts,
        rows: 10,
        cbsCalls: 40,
        cbsFailures: 4,
        historyFaults: 2,
        durationMs: 1234,
      }),
    );

    expect(doc).toMatchObject({
      digest: 'BackupDigest-prod',
      DigestSent: 1,
      Rows: 10,
      RowsFailed: 2,
      RowsMissed: 1,
      RowsNotChecked: 3,
      RowsOk: 3,
      NotChecked: 3,
      NotCheckedPercent: 30,
      CbsCalls: 40,
      CbsFailures: 4,
      HistoryFaults: 2,
      RunDuration: 1234,
    });
    const aws = (doc as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } })
      ._aws;
    expect(aws.CloudWatchMetrics[0]?.Namespace).toBe('BackupDigest');
    expect(aws.CloudWatchMetrics[0]?.Dimensions[0]).toContain('digest');
  });

  test('a digest of no rows checked nothing: 100 % not checked', () => {
    const zero = { failed: 0, missed: 0, unknown: 0, error: 0, warning: 0, running: 0, ok: 0 };
    const [doc] = emfOf(() =>
      metricsFor('d').publish({
        outcome: 'sent',
        counts: zero,
        rows: 0,
        cbsCalls: 1,
        cbsFailures: 0,
        historyFaults: 0,
        durationMs: 1,
      }),
    );
    expect(doc).toMatchObject({ NotCheckedPercent: 100, DigestSent: 1, RunCompleted: 1, DigestsSent: 1 });
  });

  test('a dry run does not count as a digest sent', () => {
    const [doc] = emfOf(() =>
      metricsFor('d').publish({
        outcome: 'dry-run',
        counts,
        rows: 10,
        cbsCalls: 1,
        cbsFailures: 0,
        historyFaults: 0,
        durationMs: 1,
      }),
    );
    expect(doc).toMatchObject({ DigestSent: 0, RunCompleted: 0 });
  });

  test("a quiet night sends nothing yet completes its run: the dead man's switch reads RunCompleted", () => {
    const [doc] = emfOf(() =>
      metricsFor('d').publish({
        outcome: 'quiet',
        counts: { ...counts, failed: 0, missed: 0, error: 0 },
        rows: 4,
        cbsCalls: 1,
        cbsFailures: 0,
        historyFaults: 0,
        durationMs: 1,
      }),
    );
    expect(doc).toMatchObject({ DigestSent: 0, RunCompleted: 1, DigestsQuiet: 1, DigestsSent: 0 });
  });

  test('a run with an audience not delivered is not completed, and counts what was sent and failed', () => {
    const [doc] = emfOf(() =>
      metricsFor('d').publish({
        outcome: 'partly-sent',
        counts,
        rows: 10,
        cbsCalls: 1,
        cbsFailures: 0,
        historyFaults: 0,
        durationMs: 1,
        adminsSent: true,
        digests: { sent: 2, quiet: 1, failed: 1 },
      }),
    );
    expect(doc).toMatchObject({
      DigestSent: 1,
      RunCompleted: 0,
      DigestsSent: 2,
      DigestsQuiet: 1,
      DigestsFailed: 1,
    });
  });

  test.each([
    [
      { outcome: 'failed', noticeSent: true, durationMs: 5 } as const,
      { DigestSent: 0, RunCompleted: 0, DigestFailed: 1, NoticeSent: 1 },
    ],
    [{ outcome: 'replayed', durationMs: 5 } as const, { RunReplayed: 1 }],
    [{ outcome: 'in-progress', durationMs: 5 } as const, { RunInProgress: 1 }],
  ])('outcome %o', (facts, expected) => {
    const [doc] = emfOf(() => metricsFor('d').publish(facts));
    expect(doc).toMatchObject({ ...expected, RunDuration: 5 });
    expect(doc).not.toHaveProperty(facts.outcome === 'failed' ? 'RunReplayed' : 'DigestSent');
  });

  test('per-class names', () => {
    expect(['failed', 'error', 'ok', 'running'].map((c) => rowsMetric(c as never))).toEqual([
      'RowsFailed',
      'RowsNotChecked',
      'RowsOk',
      'RowsRunning',
    ]);
  });
});

describe('digestFacts', () => {
  const summary: RunSummary = {
    reportDate: '2026-11-28',
    window: { start: 's', end: 'e', timeZone: 'UTC' },
    subject: 'Backups',
    counts,
    rows: 10,
    dryRun: false,
    sent: true,
    recipients: 1,
  };
  const audience = { counts, rows: 1, recipients: 1, sent: false, quiet: false };

  test.each<[string, Partial<RunSummary>, string, { sent: number; quiet: number; failed: number }]>([
    ["the admins' digest sent", {}, 'sent', { sent: 1, quiet: 0, failed: 0 }],
    [
      "the admins' all clear and quiet",
      { sent: false, quiet: true },
      'quiet',
      { sent: 0, quiet: 1, failed: 0 },
    ],
    ['a dry run', { sent: false, dryRun: true, quiet: true }, 'dry-run', { sent: 0, quiet: 0, failed: 0 }],
    [
      'an audience sent, one quiet, one failed',
      {
        audiences: [
          { ...audience, audience: 'a', sent: true },
          { ...audience, audience: 'b', quiet: true },
          { ...audience, audience: 'c', failure: 'Error: no' },
        ],
      },
      'partly-sent',
      { sent: 2, quiet: 1, failed: 1 },
    ],
    [
      "the admins' digest failed",
      { sent: false, failure: 'MailError: no' },
      'partly-sent',
      { sent: 0, quiet: 0, failed: 1 },
    ],
  ])('%s', (_, change, outcome, digests) => {
    expect(digestFacts({ ...summary, ...change }, 7)).toMatchObject({ outcome, digests, durationMs: 7 });
  });
});
