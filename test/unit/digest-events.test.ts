import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  batchEntries,
  EVENT_SOURCE,
  entrySize,
  fitEntry,
  MAX_BYTES,
} from '../../lambda/adapters/events/eventbridge-publisher';
import { buildDigest, NO_EXTRAS } from '../../lambda/core/build-digest';
import type { DigestRow } from '../../lambda/core/digest';
import { digestEvents, type EventPublisher, publishRunEvents } from '../../lambda/core/digest-events';
import { silentLog } from '../../lambda/core/log';
import { OWNERS_ON_ROWS, ownerDirectory } from '../../lambda/core/owner-directory';
import type { RunSummary } from '../../lambda/core/run-summary';
import { HEADER_OF_28TH } from '../support/report-night';

const header = HEADER_OF_28TH;
const history = (isNew: boolean) => ({
  strip: '··············',
  streak: 1,
  isNew,
  lastSuccess: '2026-11-20T22:00:00.000Z',
  daysSinceSuccess: 8,
});
const ROWS: DigestRow[] = [
  { jobClass: 'ok', reason: 'ok', user: { loginName: 'alice' }, backupSetId: 'a1', notes: [] },
  {
    jobClass: 'failed',
    reason: 'stopped by a system error',
    user: { loginName: 'bob', owner: 'reseller-east' },
    backupSetId: 'b1',
    backupSetName: 'File Server',
    destinationName: 'Wasabi',
    jobId: '2026-11-28-22-00-00',
    status: 'BS_STOP_BY_SYSTEM_ERROR',
    start: '2026-11-28T22:00:00+01:00',
    history: history(false),
    notes: [],
  },
  {
    jobClass: 'missed',
    reason: 'no backup ran',
    user: { loginName: 'carol' },
    backupSetId: 'c1',
    history: history(true),
    notes: [],
  },
  { jobClass: 'error', reason: 'could not list', user: { loginName: 'dave' }, notes: [] },
  { jobClass: 'warning', reason: '2 warnings', user: { loginName: 'erin' }, backupSetId: 'e1', notes: [] },
];
const summary: RunSummary = {
  reportDate: '2026-11-28',
  window: { start: 's', end: 'e', timeZone: 'Europe/Berlin' },
  subject: 'Backups 2026-11-28',
  counts: { failed: 1, missed: 1, unknown: 0, error: 1, warning: 1, running: 0, ok: 1 },
  rows: 5,
  dryRun: false,
  sent: true,
  recipients: 1,
  audiences: [
    {
      audience: 'east',
      counts: {} as RunSummary['counts'],
      rows: 1,
      recipients: 1,
      sent: false,
      quiet: true,
    },
  ],
};

describe('digestEvents', () => {
  const digest = buildDigest(header, ROWS);

  test('one summary of the run, then one event per row that needs attention, worst first', () => {
    const events = digestEvents(digest, summary, 'schedule:2026-11-29T06:00:00.000Z', OWNERS_ON_ROWS);

    expect(events.map((e) => e.kind)).toEqual(['run', 'attention', 'attention', 'attention']);
    expect(events[0]?.detail).toEqual({
      runKey: 'schedule:2026-11-29T06:00:00.000Z',
      title: 'Backups',
      reportDate: '2026-11-28',
      window: digest.window,
      verdict: 'attention',
      attention: 3,
      newProblems: 1,
      knownIssues: 0,
      rows: 5,
      counts: digest.totals.byClass,
      emails: [
        { audience: 'admins', sent: true, quiet: false, failed: false },
        { audience: 'east', sent: false, quiet: true, failed: false },
      ],
    });
    expect(events.slice(1).map((e) => e.detail)).toEqual([
      expect.objectContaining({ class: 'failed', user: 'bob', state: 'ongoing' }),
      expect.objectContaining({ class: 'missed', user: 'carol', state: 'new' }),
      expect.objectContaining({ class: 'error', user: 'dave', state: 'unknown' }),
    ]);
  });

  test('an attention event says what a ticket needs: user, sub-admin, set, reason, last success', () => {
    const [, failed] = digestEvents(digest, summary, undefined, OWNERS_ON_ROWS);

    expect(failed?.detail).toEqual({
      runKey: null,
      reportDate: '2026-11-28',
      state: 'ongoing',
      class: 'failed',
      reason: 'stopped by a system error',
      user: 'bob',
      subAdmin: 'reseller-east',
      backupSetId: 'b1',
      backupSetName: 'File Server',
      destination: 'Wasabi',
      jobId: '2026-11-28-22-00-00',
      status: 'BS_STOP_BY_SYSTEM_ERROR',
      start: '2026-11-28T22:00:00+01:00',
      lastSuccess: '2026-11-20T22:00:00.000Z',
      daysSinceSuccess: 8,
      stuck: false,
      stale: false,
    });
  });

  test('the sub-admin the run learned from CBS is on the event of a user the config named without one', () => {
    const owners = ownerDirectory([{ loginName: 'carol', owner: 'reseller-west' }], true);

    const events = digestEvents(digest, summary, undefined, owners);

    expect(events.find((e) => e.kind === 'attention' && e.detail.user === 'carol')?.detail).toMatchObject({
      subAdmin: 'reseller-west',
    });
  });

  test('an acknowledged row raises no event of its own; the summary counts it as a known issue', () => {
    const acknowledged = buildDigest(header, ROWS, {
      ...NO_EXTRAS,
      acknowledgements: [
        {
          target: { loginName: 'carol', backupSetId: 'c1' },
          note: 'moved office',
          by: 'ops',
          createdAt: '2026-11-28T10:00:00Z',
          expiresAt: '2026-12-05T10:00:00Z',
        },
      ],
    });

    const events = digestEvents(acknowledged, summary, undefined, OWNERS_ON_ROWS);

    expect(events.filter((e) => e.kind === 'attention').map((e) => e.detail.user)).toEqual(['bob', 'dave']);
    expect(events[0]?.detail).toMatchObject({ attention: 2, knownIssues: 1 });
  });

  test('an all-clear night is one summary event, verdict all-clear', () => {
    const events = digestEvents(
      buildDigest(header, [ROWS[0] as DigestRow]),
      summary,
      undefined,
      OWNERS_ON_ROWS,
    );

    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({ verdict: 'all-clear', attention: 0 });
  });
});

describe('publishRunEvents', () => {
  test('a publisher that throws costs the run nothing: the report counts every event as failed', async () => {
    const broken: EventPublisher = {
      publish: async () => {
        throw new Error('socket hang up');
      },
    };

    const report = await publishRunEvents(
      broken,
      digestEvents(buildDigest(header, ROWS), summary, undefined, OWNERS_ON_ROWS),
      silentLog,
    );

    expect(report).toEqual({ published: 0, failed: 4, error: 'Error: socket hang up' });
  });
});

describe('PutEvents entries', () => {
  const entry = (detail: unknown): PutEventsRequestEntry => ({
    Source: EVENT_SOURCE,
    DetailType: 'Backup needs attention',
    Detail: JSON.stringify(detail),
    EventBusName: 'default',
  });

  test("an entry's size is counted as EventBridge counts it: source, detail type, detail, in UTF-8 bytes", () => {
    expect(entrySize(entry({ user: 'ü' }))).toBe(
      'backup-digest'.length + 'Backup needs attention'.length + '{"user":"ü"}'.length + 1,
    );
    expect(entrySize({ ...entry({}), Time: new Date(), Resources: ['arn:x'] })).toBe(
      entrySize(entry({})) + 14 + 5,
    );
  });

  test('batches hold at most 10 entries', () => {
    const batches = batchEntries(Array.from({ length: 23 }, (_, i) => entry({ i })));

    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
  });

  test('batches hold at most 256 KB in all', () => {
    const large = entry({ reason: 'x'.repeat(100 * 1024) });

    const batches = batchEntries([large, large, large, entry({ i: 1 })]);

    expect(batches.map((b) => b.length)).toEqual([2, 2]);
    for (const batch of batches)
      expect(batch.reduce((total, e) => total + entrySize(e), 0)).toBeLessThanOrEqual(MAX_BYTES);
  });

  test('an entry over 256 KB has its texts cut short and says so; a small one is left alone', () => {
    const small = entry({ reason: 'short' });
    const huge = entry({ user: 'bob', reason: 'y'.repeat(300 * 1024) });

    const fitted = fitEntry(huge);

    expect(fitEntry(small)).toBe(small);
    expect(entrySize(fitted as PutEventsRequestEntry)).toBeLessThanOrEqual(MAX_BYTES);
    const detail = JSON.parse(fitted?.Detail ?? '{}') as Record<string, unknown>;
    expect(detail).toMatchObject({ user: 'bob', truncated: true });
    expect(detail.reason).toBe(`${'y'.repeat(1024)}…`);
  });
});
