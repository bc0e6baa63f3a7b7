import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { demoConfig } from '../../dev/demo/demo-config';
import {
  applyEnv,
  type LocalEnvironment,
  startLocalEnvironment,
  writeJson,
} from '../../dev/local/local-environment';
import { EventBridgePublisher } from '../../lambda/adapters/events/eventbridge-publisher';
import type { RunMetrics } from '../../lambda/adapters/metrics/run-metrics';
import type { DigestEvent } from '../../lambda/core/digest-events';
import { createHandler } from '../../lambda/entry/handler';
import { createRuntime } from '../../lambda/entry/runtime';
import { RecordingMetrics } from '../support/recording-metrics';

// The run's events over loopback: the real SDK and publisher against the EventBridge stand-in
// (dev/local/eventbridge-stand-in.ts) through AWS_ENDPOINT_URL_EVENTBRIDGE.
const NOW = new Date('2026-11-29T06:00:00Z');

let local: LocalEnvironment;
let restoreEnv: () => void;
let dir: string;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-events-'));
  restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT', EVENT_BUS_NAME: 'backup-events' });
});

afterAll(async () => {
  restoreEnv();
  await local.stop();
});

beforeEach(async () => {
  local.events.clear();
  await local.ses.clear();
});

const attention = (n: number): DigestEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'attention',
    detail: {
      runKey: null,
      reportDate: '2026-11-28',
      state: 'new',
      class: 'failed',
      reason: `reason ${i}`,
      user: `user-${i}`,
      subAdmin: null,
      backupSetId: String(i),
      backupSetName: null,
      destination: null,
      jobId: null,
      status: null,
      start: null,
      lastSuccess: null,
      daysSinceSuccess: null,
      stuck: false,
      stale: false,
    },
  }));

const publisher = () =>
  new EventBridgePublisher('backup-events', new EventBridgeClient({}), { baseDelayMs: 1 });

describe('EventBridgePublisher against the stand-in', () => {
  test('23 events go as 10, 10 and 3, on the named bus, in order', async () => {
    const report = await publisher().publish(attention(23));

    expect(report).toEqual({ published: 23, failed: 0 });
    expect(local.events.calls).toEqual([10, 10, 3]);
    expect(local.events.events.map((e) => e.detail.user)).toEqual(
      Array.from({ length: 23 }, (_, i) => `user-${i}`),
    );
    expect(local.events.events[0]).toMatchObject({
      source: 'backup-digest',
      detailType: 'Backup needs attention',
      busName: 'backup-events',
    });
  });

  test('entries EventBridge refuses are tried again, only they', async () => {
    local.events.refuseEntries(3);

    const report = await publisher().publish(attention(12));

    expect(report).toEqual({ published: 12, failed: 0 });
    // 10 (3 refused), those 3 again, then the last 2.
    expect(local.events.calls).toEqual([10, 3, 2]);
    expect(new Set(local.events.events.map((e) => e.detail.user)).size).toBe(12);
  });

  test('retries are bounded: entries refused on every try are given up on and counted', async () => {
    local.events.refuseEntries(1000);

    const report = await publisher().publish(attention(4));

    expect(local.events.calls).toEqual([4, 4, 4]);
    expect(report).toMatchObject({ published: 0, failed: 4, error: 'InternalFailure: try again' });
  });

  test('a call refused on every try stops the publishing: the next batches would fail alike', async () => {
    local.events.denyCalls(1000);

    const report = await publisher().publish(attention(25));

    expect(local.events.calls).toEqual([10, 10, 10]);
    expect(report).toMatchObject({ published: 0, failed: 25 });
    expect(report.error).toMatch(/^AccessDeniedException: /);
  });
});

describe('a run publishes its events', () => {
  async function handlerWith(metrics: RunMetrics) {
    const configPath = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    await writeJson(configPath, demoConfig(local.simulator));
    return createHandler(() => createRuntime({ configPath, metrics }));
  }

  test('one summary and one event per attention row, beside the email', async () => {
    const metrics = new RecordingMetrics();
    const handler = await handlerWith(metrics);

    const result = await handler({ date: '2026-11-28' });

    const { events } = local.events;
    const runs = events.filter((e) => e.detailType === 'Backup digest run');
    const rows = events.filter((e) => e.detailType === 'Backup needs attention');
    const needAttention =
      result.counts.failed + result.counts.missed + result.counts.unknown + result.counts.error;
    expect(runs).toHaveLength(1);
    expect(runs[0]?.detail).toMatchObject({
      reportDate: '2026-11-28',
      verdict: 'attention',
      attention: needAttention,
      emails: [{ audience: 'admins', sent: true, quiet: false, failed: false }],
    });
    expect(rows).toHaveLength(needAttention);
    expect(rows.map((e) => e.detail)).toContainEqual(
      expect.objectContaining({
        user: 'bob',
        subAdmin: 'reseller-east',
        backupSetName: 'Old Laptop',
        class: 'missed',
      }),
    );
    expect(events.every((e) => e.busName === 'backup-events' && e.source === 'backup-digest')).toBe(true);
    expect(await local.ses.emails()).toHaveLength(1);
    expect(result.events).toEqual({ published: 1 + needAttention, failed: 0 });
    expect(metrics.facts[0]).toMatchObject({
      outcome: 'sent',
      events: { published: 1 + needAttention, failed: 0 },
    });
  });

  test('events that cannot be published never cost the email: logged, counted, the run succeeds', async () => {
    local.events.denyCalls(1000);
    const metrics = new RecordingMetrics();
    const handler = await handlerWith(metrics);

    const result = await handler({ date: '2026-11-28' });

    expect(await local.ses.emails()).toHaveLength(1);
    expect(result.sent).toBe(true);
    expect(result.events?.published).toBe(0);
    expect(result.events?.failed).toBeGreaterThan(1);
    expect(metrics.facts[0]).toMatchObject({ outcome: 'sent', events: { published: 0 } });
  });

  test('a dry run publishes nothing', async () => {
    const handler = await handlerWith(new RecordingMetrics());

    await handler({ date: '2026-11-28', dryRun: true });

    expect(local.events.calls).toEqual([]);
  });
});
