import { buildDigest } from '../../lambda/core/build-digest';
import type { DigestRow } from '../../lambda/core/digest';
import {
  type DigestEvent,
  digestEvents,
  type EventPublisher,
  type PublishReport,
  publishRunEvents,
} from '../../lambda/core/digest-events';
import { OWNERS_ON_ROWS, ownerDirectory } from '../../lambda/core/owner-directory';
import type { RunSummary } from '../../lambda/core/run-summary';
import { RecordingLog } from '../support/recording-log';
import { HEADER_OF_28TH as header } from '../support/report-night';

// What digest-events.test.ts leaves out: the emails' fates, rows without history or set, and how a
// publish that half works is reported.
const summary: RunSummary = {
  reportDate: '2026-11-28',
  window: { start: 's', end: 'e', timeZone: 'Europe/Berlin' },
  subject: 'Backups 2026-11-28',
  counts: { failed: 0, missed: 0, unknown: 1, error: 0, warning: 0, running: 0, ok: 0 },
  rows: 1,
  dryRun: false,
  sent: false,
  recipients: 1,
};
const stuck: DigestRow = {
  jobClass: 'unknown',
  reason: 'unknown status BS_WHATEVER',
  user: { loginName: 'frank' },
  backupSetId: 'f1',
  destinationId: 'dest-7',
  stuck: true,
  stale: true,
  notes: [],
};

describe('digestEvents', () => {
  test("the admins' email failed, an audience's went, another's failed: each says so", () => {
    const events = digestEvents(
      buildDigest(header, [stuck]),
      {
        ...summary,
        failure: 'Error: throttled',
        audiences: [
          { audience: 'east', counts: summary.counts, rows: 1, recipients: 1, sent: true, quiet: false },
          {
            audience: 'west',
            counts: summary.counts,
            rows: 1,
            recipients: 1,
            sent: false,
            quiet: false,
            failure: 'Error: render',
          },
        ],
      },
      'run-1',
      OWNERS_ON_ROWS,
    );

    expect(events[0]?.kind === 'run' && events[0].detail.emails).toEqual([
      { audience: 'admins', sent: false, quiet: false, failed: true },
      { audience: 'east', sent: true, quiet: false, failed: false },
      { audience: 'west', sent: false, quiet: false, failed: true },
    ]);
  });

  test("a quiet admins' digest is quiet; without audiences there is only the admins' email", () => {
    const [run] = digestEvents(
      buildDigest(header, []),
      { ...summary, quiet: true },
      undefined,
      OWNERS_ON_ROWS,
    );

    expect(run?.detail).toMatchObject({
      runKey: null,
      verdict: 'all-clear',
      attention: 0,
      knownIssues: 0,
      rows: 0,
      emails: [{ audience: 'admins', sent: false, quiet: true, failed: false }],
    });
  });

  test('a row without history, set name or destination name: nulls, the destination id, and its flags', () => {
    const [, event] = digestEvents(buildDigest(header, [stuck]), summary, 'run-1', OWNERS_ON_ROWS);

    expect(event).toEqual<DigestEvent>({
      kind: 'attention',
      detail: {
        runKey: 'run-1',
        reportDate: '2026-11-28',
        state: 'unknown',
        class: 'unknown',
        reason: 'unknown status BS_WHATEVER',
        user: 'frank',
        subAdmin: null,
        backupSetId: 'f1',
        backupSetName: null,
        destination: 'dest-7',
        jobId: null,
        status: null,
        start: null,
        lastSuccess: null,
        daysSinceSuccess: null,
        stuck: true,
        stale: true,
      },
    });
  });

  test('a row about a user, with no set at all, and a user known to have no sub-admin', () => {
    const bare: DigestRow = {
      jobClass: 'error',
      reason: 'could not list',
      user: { loginName: 'gina' },
      notes: [],
    };

    const [, event] = digestEvents(
      buildDigest(header, [bare]),
      summary,
      undefined,
      ownerDirectory([{ loginName: 'gina' }], true),
    );

    expect(event?.detail).toMatchObject({
      user: 'gina',
      subAdmin: null,
      backupSetId: null,
      destination: null,
      stuck: false,
      stale: false,
    });
  });

  test('warnings, running jobs and OK rows raise no event', () => {
    const rows: DigestRow[] = (['warning', 'running', 'ok'] as const).map((jobClass, i) => ({
      jobClass,
      reason: jobClass,
      user: { loginName: `u${i}` },
      backupSetId: `s${i}`,
      notes: [],
    }));

    const events = digestEvents(buildDigest(header, rows), summary, undefined, OWNERS_ON_ROWS);

    expect(events.map((e) => e.kind)).toEqual(['run']);
    expect(events[0]?.detail).toMatchObject({ verdict: 'all-clear', attention: 0, rows: 3 });
  });
});

describe('publishRunEvents', () => {
  const events = () => digestEvents(buildDigest(header, [stuck]), summary, undefined, OWNERS_ON_ROWS);
  const answering = (report: PublishReport) => {
    const published: (readonly DigestEvent[])[] = [];
    const publisher: EventPublisher = {
      publish: async (batch) => {
        published.push(batch);
        return report;
      },
    };
    return { publisher, published };
  };

  test('every event accepted: its report, and one info line', async () => {
    const { publisher, published } = answering({ published: 2, failed: 0 });
    const log = new RecordingLog();

    const report = await publishRunEvents(publisher, events(), log);

    expect(report).toEqual({ published: 2, failed: 0 });
    expect(published).toEqual([events()]);
    expect(log.lines).toEqual([['info', 'events published', { published: 2 }]]);
  });

  test('some events refused: the report as the publisher gave it, logged as an error with the count', async () => {
    const { publisher } = answering({ published: 1, failed: 1, error: 'ThrottlingException' });
    const log = new RecordingLog();

    const report = await publishRunEvents(publisher, events(), log);

    expect(report).toEqual({ published: 1, failed: 1, error: 'ThrottlingException' });
    expect(log.lines).toEqual([
      ['error', 'events not published', { published: 1, failed: 1, error: 'ThrottlingException', events: 2 }],
    ]);
  });

  test('a publisher throwing something not an Error: every event failed, the reason kept', async () => {
    const publisher: EventPublisher = {
      publish: async () => {
        throw 'socket closed';
      },
    };
    const log = new RecordingLog();

    const report = await publishRunEvents(publisher, events(), log);

    expect(report).toEqual({ published: 0, failed: 2, error: 'Error: socket closed' });
    expect(log.lines).toEqual([
      [
        'error',
        'events not published',
        { published: 0, failed: 2, error: 'Error: socket closed', events: 2 },
      ],
    ]);
  });
});
