import { DateTime } from 'luxon';
import type { DigestRow } from '../../lambda/core/digest';
import type { Expectation } from '../../lambda/core/expectation';
import { type JudgeInput, judgeSets, runningKey } from '../../lambda/core/judge-sets';
import { computeWindow } from '../../lambda/core/report-window';
import { mergeNight, type NightMark, type SetHistory, setKeyOf } from '../../lambda/core/set-history';
import type { SetObservation } from '../../lambda/core/set-observation';

// Window: Saturday 2026-11-28 07:00 → Sunday 07:00, Berlin; CBS in the same zone.
const ZONE = 'Europe/Berlin';
const window = computeWindow(
  { timeZone: ZONE, windowHours: 24, windowEndsAt: '07:00' },
  new Date('2026-11-29T06:30:00Z'),
);
const alice = { loginName: 'alice' };
const DAILY_22: Expectation = {
  rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 22, minute: 0 } }],
  graceMinutes: 60,
  source: 'cbs',
};

function seen(backupSetId: string, overrides: Partial<SetObservation> = {}): SetObservation {
  return {
    user: alice,
    backupSetId,
    name: `Set ${backupSetId}`,
    destination: { id: 'd1', name: 'Wasabi' },
    expectation: DAILY_22,
    jobCount: 0,
    complete: true,
    removed: false,
    ...overrides,
  };
}

function job(
  backupSetId: string,
  start: string,
  jobClass: DigestRow['jobClass'],
  reason: string = jobClass,
): DigestRow {
  return {
    jobClass,
    reason,
    user: alice,
    backupSetId,
    jobId: start.replace(/[T:]/g, '-').slice(0, 19),
    start: `${start}+01:00`,
    notes: [],
  };
}

/** A history of the nights before the window, oldest first, ending the night before. */
function pastOf(backupSetId: string, marks: NightMark[]): SetHistory {
  let history: SetHistory | undefined;
  const last = DateTime.fromISO('2026-11-27', { zone: 'UTC' });
  marks.forEach((mark, i) => {
    const label = last.minus({ days: marks.length - 1 - i }).toISODate() ?? '';
    history = mergeNight(history, {
      set: { ...alice, backupSetId },
      night: label,
      mark,
      windowStart: `${label}T06:00:00Z`,
      lastSuccess: mark === 'ok' ? `${label}T21:00:00Z` : undefined,
      lastStart: `${label}T21:00:00Z`,
      running: [],
    });
  });
  if (!history) throw new Error('no marks');
  return history;
}

function judge(input: Partial<JudgeInput>) {
  return judgeSets({
    rows: [],
    observations: [],
    histories: new Map(),
    fates: new Map(),
    window,
    cbsTimeZone: ZONE,
    staleAfterDays: 3,
    ...input,
  });
}

const key = (backupSetId: string) => setKeyOf({ ...alice, backupSetId });

describe('judgeSets: the latest run decides', () => {
  test('a set with its one job keeps that very row (no copy per row); with history it gains the view', () => {
    const only = { ...job('1', '2026-11-28T22:00:00', 'ok'), jobs: 1 };
    const observations = [seen('1', { jobCount: 1 })];

    const forgetful = judge({ rows: [only], observations, histories: undefined });
    const remembering = judge({ rows: [only], observations });

    expect(forgetful.rows).toHaveLength(1);
    expect(forgetful.rows[0]).toBe(only);
    expect(remembering.rows[0]).not.toBe(only);
    expect(remembering.rows[0]).toEqual({
      ...only,
      history: expect.objectContaining({ strip: expect.any(String) }),
    });
  });

  test('a failure fixed by its retry is recovered (a warning naming both times), one row, two jobs', () => {
    const rows = [
      job('1', '2026-11-29T01:05:00', 'failed', 'stopped by a system error'),
      job('1', '2026-11-29T02:05:00', 'ok', 'finished successfully'),
    ];

    const judged = judge({ rows, observations: [seen('1')] });

    expect(judged.rows).toHaveLength(1);
    expect(judged.rows[0]).toMatchObject({
      jobClass: 'warning',
      reason: 'recovered: finished successfully after a failed run',
      jobs: 2,
      start: '2026-11-29T02:05:00+01:00',
      recovered: [{ start: '2026-11-29T01:05:00+01:00', reason: 'stopped by a system error' }],
    });
    expect(judged.entries[0]?.mark).toBe('warning');
  });

  test('an hourly set with 24 jobs is one set; a later failure after a success stays a failure', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => {
      const start = DateTime.fromISO('2026-11-28T08:00:00', { zone: ZONE }).plus({ hours: h });
      return { ...job('2', '2026-11-28T08:00:00', 'ok'), jobId: `h${h}`, start: start.toISO() ?? '' };
    });
    const rows = [
      ...hourly,
      job('3', '2026-11-28T21:00:00', 'ok'),
      job('3', '2026-11-28T23:00:00', 'failed'),
    ];

    const judged = judge({ rows, observations: [seen('2'), seen('3')] });

    expect(judged.rows.map((r) => [r.backupSetId, r.jobClass, r.jobs])).toEqual([
      ['2', 'ok', 24],
      ['3', 'failed', 2],
    ]);
  });

  test('the jobs the latest run superseded stay with its row, oldest first, for the CSV and the totals', () => {
    const rows = [
      job('1', '2026-11-29T01:05:00', 'failed', 'stopped by a system error'),
      job('1', '2026-11-28T22:05:00', 'ok', 'finished successfully'),
      job('1', '2026-11-29T02:05:00', 'ok', 'finished successfully'),
      job('2', '2026-11-28T22:00:00', 'ok'),
    ];

    const judged = judge({ rows, observations: [seen('1'), seen('2')] });

    const [one, two] = judged.rows;
    expect(one?.start).toBe('2026-11-29T02:05:00+01:00');
    expect(one?.earlierJobs?.map((r) => [r.start, r.jobClass])).toEqual([
      ['2026-11-28T22:05:00+01:00', 'ok'],
      ['2026-11-29T01:05:00+01:00', 'failed'],
    ]);
    // A set with one job keeps none.
    expect(two?.earlierJobs).toBeUndefined();
  });
});

describe('judgeSets: missed only when due', () => {
  test('no job and a 22:00 run due: missed, saying when it was due', () => {
    const judged = judge({ observations: [seen('1')] });

    expect(judged.rows[0]).toMatchObject({
      jobClass: 'missed',
      reason: 'no backup started; one was due at 2026-11-28 22:00 (60 min grace)',
      destinationName: 'Wasabi',
    });
  });

  test('a weekday-only set on a Saturday night is not missed; a set with no schedule is listed, never a problem', () => {
    const weekdays: Expectation = {
      ...DAILY_22,
      rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5], at: { hour: 22, minute: 0 } }],
    };
    const none: Expectation = { rules: [], graceMinutes: 60, source: 'cbs' };

    const judged = judge({
      observations: [seen('1', { expectation: weekdays }), seen('2', { expectation: none })],
    });

    expect(judged.rows).toEqual([]);
    expect(judged.notScheduled.map((s) => s.backupSetId)).toEqual(['2']);
    expect(judged.entries.map((e) => e.mark)).toEqual(['idle', 'idle']);
  });

  test('a set CBS no longer lists is removed, not missed; incomplete listings are not evidence', () => {
    const judged = judge({ observations: [seen('1', { removed: true }), seen('2', { complete: false })] });

    expect(judged.rows).toEqual([]);
    expect(judged.removed.map((s) => s.backupSetId)).toEqual(['1']);
    expect(judged.entries.map((e) => e.mark)).toEqual(['unchecked']);
  });
});

describe('judgeSets with history', () => {
  test('new problems (fine last night) and ongoing ones (failing before), with streak and last success', () => {
    const histories = new Map([
      [key('1'), pastOf('1', ['ok', 'ok', 'ok'])],
      [key('2'), pastOf('2', ['ok', 'failed', 'failed', 'failed'])],
    ]);
    const rows = [job('1', '2026-11-28T22:00:00', 'failed'), job('2', '2026-11-28T22:00:00', 'failed')];

    const judged = judge({ rows, observations: [seen('1'), seen('2')], histories });

    const [fresh, ongoing] = judged.rows;
    expect(fresh?.history).toMatchObject({ isNew: true, streak: 1, daysSinceSuccess: 1 });
    expect(ongoing?.history).toMatchObject({ isNew: false, streak: 4, daysSinceSuccess: 4 });
    expect(ongoing?.history?.strip.endsWith('✓✗✗✗✗')).toBe(true);
  });

  test('a job seen running on an earlier run, still without an end or gone: stuck, with how long', () => {
    const previous: SetHistory = {
      ...pastOf('1', ['ok', 'running']),
      running: [
        { jobId: '2026-11-26-22-00-00', start: '2026-11-26T22:00:00+01:00', firstSeen: '2026-11-27' },
      ],
    };
    const histories = new Map([[key('1'), previous]]);
    const fates = new Map([[runningKey(alice, '1', '2026-11-26-22-00-00'), 'still running' as const]]);
    const expectation: Expectation = { rules: [], graceMinutes: 60, source: 'cbs' };

    const stuck = judge({ observations: [seen('1', { expectation })], histories, fates });
    const gone = judge({ observations: [seen('1', { expectation })], histories });

    expect(stuck.rows[0]).toMatchObject({
      jobClass: 'failed',
      stuck: true,
      reason: 'stuck: running for 2 days without an end (the client may have died)',
    });
    expect(gone.rows[0]?.reason).toBe(
      'stuck: seen running on 2026-11-27, and CBS no longer lists it with an end',
    );
    expect(stuck.entries[0]?.mark).toBe('stuck');
    expect(stuck.entries[0]?.history.running).toHaveLength(1);
  });

  test('a job that ended since it was seen running is forgotten, not stuck', () => {
    const previous: SetHistory = {
      ...pastOf('1', ['ok']),
      running: [{ jobId: 'j', start: '2026-11-27T22:00:00+01:00', firstSeen: '2026-11-27' }],
    };
    const fates = new Map([[runningKey(alice, '1', 'j'), 'ended' as const]]);

    const judged = judge({
      rows: [job('1', '2026-11-28T22:00:00', 'ok')],
      observations: [seen('1')],
      histories: new Map([[key('1'), previous]]),
      fates,
    });

    expect(judged.rows.map((r) => r.jobClass)).toEqual(['ok']);
    expect(judged.entries[0]?.history.running).toEqual([]);
  });

  test('stale: no success for more than staleAfterDays needs attention even when nothing was due tonight', () => {
    const histories = new Map([[key('1'), pastOf('1', ['ok', 'idle', 'idle', 'idle', 'idle', 'idle'])]]);
    // Weekdays only, on a Saturday night: nothing due tonight, yet six days without a success.
    const weekdays: Expectation = {
      ...DAILY_22,
      rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5], at: { hour: 22, minute: 0 } }],
    };
    const weekly: Expectation = {
      ...DAILY_22,
      rules: [{ kind: 'calendar', weekdays: [3], at: { hour: 22, minute: 0 } }],
    };

    const judged = judge({ observations: [seen('1', { expectation: weekdays })], histories });
    const weeklyJudged = judge({ observations: [seen('1', { expectation: weekly })], histories });

    expect(judged.rows[0]).toMatchObject({
      jobClass: 'missed',
      stale: true,
      reason: 'no successful backup for 6 days',
    });
    // A weekly set may go 7 days between runs: not stale at 6.
    expect(weeklyJudged.rows).toEqual([]);
  });

  test('a weekday set whose untimed run history proves missing is missed; a repeated judge gives the same nights', () => {
    const untimed: Expectation = { ...DAILY_22, rules: [{ kind: 'calendar', weekdays: [6] }] };
    const histories = new Map([[key('1'), pastOf('1', ['ok', 'idle'])]]);

    const first = judge({ observations: [seen('1', { expectation: untimed })], histories });
    const again = judge({
      observations: [seen('1', { expectation: untimed })],
      histories: new Map([[key('1'), first.entries[0]?.history as SetHistory]]),
    });

    expect(first.rows[0]?.jobClass).toBe('missed');
    expect(again.entries[0]?.history.nights).toEqual(first.entries[0]?.history.nights);
  });
});
