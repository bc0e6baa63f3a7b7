import type { DigestRow } from '../../lambda/core/digest';
import { errorRow } from '../../lambda/core/digest-rows';
import type { Expectation, ScheduleRule } from '../../lambda/core/expectation';
import { type JudgeInput, judgeSets, type RunningFate, runningKey } from '../../lambda/core/judge-sets';
import { computeWindow } from '../../lambda/core/report-window';
import { type RunningJob, type SetHistory, setKeyOf } from '../../lambda/core/set-history';
import { ALICE, observedSet } from '../support/observed-set';
import { BERLIN, DAILY_AT_22, NIGHT_OF_28TH } from '../support/report-night';

// Tonight: Saturday 2026-11-28 07:00 → Sunday 07:00, Berlin (UTC+1); CBS in the same zone.

/** A row of one of alice's jobs as jobRow makes it (one job, until judging finds more). */
function jobOf(
  backupSetId: string,
  start: string | undefined,
  jobClass: DigestRow['jobClass'],
  more: Partial<DigestRow> = {},
): DigestRow {
  return {
    jobClass,
    reason: `${jobClass} reason`,
    user: ALICE,
    backupSetId,
    jobId: start ? `job ${start}` : 'job without a start',
    start: start && `${start}+01:00`,
    notes: [],
    jobs: 1,
    ...more,
  };
}

/** A set's past as the store keeps it; known since a week before tonight unless said. */
function pastOf(history: Partial<SetHistory> = {}): SetHistory {
  return {
    knownSince: '2026-11-21T06:00:00Z',
    firstNight: '2026-11-21',
    nights: { '2026-11-27': 'ok' },
    running: [],
    ...history,
  };
}

const keyOf = (backupSetId: string) => setKeyOf({ ...ALICE, backupSetId });
const rulesOf = (...rules: ScheduleRule[]): Expectation => ({ rules, graceMinutes: 60, source: 'cbs' });

function judge(input: Partial<JudgeInput>) {
  return judgeSets({
    rows: [],
    observations: [observedSet('1')],
    histories: new Map(),
    fates: new Map(),
    window: NIGHT_OF_28TH,
    cbsTimeZone: BERLIN,
    staleAfterDays: 3,
    ...input,
  });
}

/** Set 1 judged with this past (and tonight's rows), its rows' classes and reasons. */
function withPast(past: Partial<SetHistory>, input: Partial<JudgeInput> = {}) {
  return judge({ histories: new Map([[keyOf('1'), pastOf(past)]]), ...input });
}

const reasons = (judged: { rows: DigestRow[] }) => judged.rows.map((r) => r.reason);

describe('runningKey', () => {
  test('tells apart every user, owner, set and job', () => {
    const keys = [
      runningKey(ALICE, '1', 'j'),
      runningKey(ALICE, '1', 'k'),
      runningKey(ALICE, '2', 'j'),
      runningKey({ loginName: 'bob' }, '1', 'j'),
      runningKey({ loginName: 'alice', owner: 'reseller' }, '1', 'j'),
      runningKey(ALICE, '1j', ''),
    ];

    expect(new Set(keys).size).toBe(keys.length);
    expect(runningKey({ loginName: 'alice' }, '1', 'j')).toBe(keys[0]);
  });
});

describe('judgeSets: which rows are judged as a set', () => {
  test('a pinned job, a row of a set without a job id and a row of no set pass through as they were, first', () => {
    const pinned = { ...jobOf('1', '2026-11-28T22:00:00', 'failed'), pinned: true };
    const setError = errorRow(ALICE, 'could not list the jobs', new Error('timeout'), '1');
    const userError = errorRow(ALICE, 'could not list the sets', new Error('timeout'));

    const judged = judge({ rows: [pinned, setError, userError], histories: undefined });

    expect(judged.rows).toHaveLength(4);
    expect(judged.rows[0]).toBe(pinned);
    expect(judged.rows[1]).toBe(setError);
    expect(judged.rows[2]).toBe(userError);
    // Set 1 had no job of its own tonight: the pinned one does not count for it.
    expect(judged.rows[3]).toMatchObject({ jobClass: 'missed', backupSetId: '1' });
  });

  test('jobs of a set nobody watches pass through as they were; a removed set is only listed as removed', () => {
    const unwatched = [jobOf('9', '2026-11-28T22:00:00', 'ok'), jobOf('9', '2026-11-28T23:00:00', 'failed')];
    const ofRemoved = jobOf('2', '2026-11-28T22:00:00', 'ok');

    const judged = judge({
      rows: [...unwatched, ofRemoved],
      observations: [observedSet('2', { removed: true })],
    });

    expect(judged.rows).toHaveLength(2);
    expect(judged.rows[0]).toBe(unwatched[0]);
    expect(judged.rows[1]).toBe(unwatched[1]);
    expect(judged.removed).toEqual([{ user: ALICE, backupSetId: '2', name: 'Set 2' }]);
    expect(judged.entries).toEqual([]);
  });

  test('sets whose schedule was guessed are counted', () => {
    const guessed: Expectation = { ...DAILY_AT_22, source: 'fallback' };

    const judged = judge({
      observations: [
        observedSet('1', { expectation: guessed }),
        observedSet('2'),
        observedSet('3', { expectation: guessed }),
      ],
    });

    expect(judged.guessedSchedules).toBe(2);
  });
});

describe('judgeSets: the run that decides', () => {
  test('a lone row that does not yet say it is one job is copied to say so', () => {
    const { jobs: _, ...lone } = jobOf('1', '2026-11-28T22:00:00', 'ok');

    const judged = judge({ rows: [lone], histories: undefined });

    expect(judged.rows[0]).not.toBe(lone);
    expect(judged.rows[0]).toMatchObject({ ...lone, jobs: 1 });
  });

  test('of two jobs the later decides, whatever order they were listed in; one without a start counts as earliest', () => {
    const unstarted = jobOf('1', undefined, 'failed');
    const early = jobOf('1', '2026-11-28T22:00:00', 'failed');
    const late = jobOf('1', '2026-11-28T23:00:00', 'failed');

    const judged = judge({ rows: [late, unstarted, early], histories: undefined });

    expect(judged.rows).toHaveLength(1);
    expect(judged.rows[0]).toMatchObject({ jobId: late.jobId, jobs: 3, earlierJobs: [unstarted, early] });
  });

  test('earlier failed, missed, unknown and error runs are recovered by a later success, a warning too', () => {
    const earlier = (['failed', 'missed', 'unknown', 'error'] as const).map((jobClass, i) =>
      jobOf('1', `2026-11-28T2${i}:00:00`, jobClass, { status: `S${i}` }),
    );

    const byOk = judge({ rows: [...earlier, jobOf('1', '2026-11-29T01:00:00', 'ok')], histories: undefined });
    const byWarning = judge({
      rows: [
        earlier[0] as DigestRow,
        jobOf('1', '2026-11-29T01:00:00', 'warning', { reason: 'finished with 2 warnings' }),
      ],
      histories: undefined,
    });

    expect(byOk.rows[0]).toMatchObject({
      jobClass: 'warning',
      reason: 'recovered: ok reason after 4 failed runs',
      jobs: 5,
      recovered: earlier.map((r) => ({ start: r.start, reason: r.reason, status: r.status })),
    });
    expect(byWarning.rows[0]).toMatchObject({
      jobClass: 'warning',
      reason: 'recovered: finished with 2 warnings after a failed run',
      jobs: 2,
    });
  });

  test('an earlier warning is nothing to recover from', () => {
    const judged = judge({
      rows: [jobOf('1', '2026-11-28T22:00:00', 'warning'), jobOf('1', '2026-11-29T01:00:00', 'ok')],
      histories: undefined,
    });

    expect(judged.rows[0]).toMatchObject({ jobClass: 'ok', reason: 'ok reason', jobs: 2 });
    expect(judged.rows[0]?.recovered).toBeUndefined();
  });

  test('a later run still going does not decide: the finished one does, with a note beside its own', () => {
    const plain = judge({
      rows: [jobOf('1', '2026-11-28T22:00:00', 'ok'), jobOf('1', '2026-11-29T03:30:00', 'running')],
    });
    // The same with the decider recovering an earlier failure (the note was lost there).
    const rows = [
      jobOf('1', '2026-11-28T21:00:00', 'failed'),
      jobOf('1', '2026-11-28T22:00:00', 'ok', { notes: ['CBS sent an unreadable end time "x"'] }),
      jobOf('1', '2026-11-29T03:30:00', 'running'),
    ];

    const judged = judge({ rows });

    expect(plain.rows.map((r) => [r.jobClass, r.jobs, r.notes])).toEqual([
      ['ok', 2, ['a later run started 2026-11-29 03:30 and is still running']],
    ]);
    expect(judged.rows).toHaveLength(1);
    expect(judged.rows[0]).toMatchObject({
      jobClass: 'warning',
      start: '2026-11-28T22:00:00+01:00',
      jobs: 3,
      notes: [
        'CBS sent an unreadable end time "x"',
        'a later run started 2026-11-29 03:30 and is still running',
      ],
    });
    expect(judged.entries[0]?.mark).toBe('warning');
    expect(judged.entries[0]?.history.running).toEqual([
      { jobId: 'job 2026-11-29T03:30:00', start: '2026-11-29T03:30:00+01:00', firstSeen: '2026-11-28' },
    ]);
  });

  test('with every run still going, the latest speaks for the set and the night is marked running', () => {
    const rows = [
      jobOf('1', '2026-11-28T22:00:00', 'running'),
      jobOf('1', '2026-11-28T23:00:00', 'running'),
      jobOf('1', '2026-11-29T00:00:00', 'running'),
    ];

    const judged = judge({ rows });

    expect(judged.rows.map((r) => [r.jobId, r.jobs, r.notes])).toEqual([['job 2026-11-29T00:00:00', 3, []]]);
    expect(judged.entries[0]?.mark).toBe('running');
    expect(judged.entries[0]?.history.running.map((j) => j.jobId)).toEqual(rows.map((r) => r.jobId));
  });

  test.each([
    ['ok', 'ok'],
    ['warning', 'warning'],
    ['failed', 'failed'],
    ['unknown', 'failed'],
    ['missed', 'missed'],
    ['error', 'unchecked'],
  ] as const)('a lone %s job marks the night %s', (jobClass, mark) => {
    const judged = judge({ rows: [jobOf('1', '2026-11-28T22:00:00', jobClass)] });

    expect(judged.entries[0]?.mark).toBe(mark);
  });
});

describe('judgeSets: what the night remembers', () => {
  test('the latest successful start and the latest start, of any order of jobs', () => {
    const rows = [
      jobOf('1', '2026-11-28T20:00:00', 'ok'),
      jobOf('1', '2026-11-28T21:00:00', 'warning'),
      jobOf('1', '2026-11-28T22:00:00', 'ok'),
      jobOf('1', '2026-11-28T23:00:00', 'failed'),
      jobOf('1', '2026-11-29T00:00:00', 'failed'),
    ];

    const judged = judge({ rows: [...rows].reverse() });

    expect(judged.entries[0]?.history).toMatchObject({
      lastSuccess: '2026-11-28T22:00:00+01:00',
      lastStart: '2026-11-29T00:00:00+01:00',
    });
  });

  test('jobs are ordered by instant: on the night clocks go back, the second 02:10 is after the first 02:30', () => {
    const first = jobOf('1', '2026-10-25T02:30:00', 'failed', { start: '2026-10-25T02:30:00+02:00' });
    const second = jobOf('1', '2026-10-25T02:10:00', 'ok', { start: '2026-10-25T02:10:00+01:00' });

    const judged = judge({ rows: [second, first] });

    expect(judged.rows.map((r) => [r.jobId, r.jobClass])).toEqual([[second.jobId, 'warning']]);
    expect(judged.rows[0]?.recovered?.map((r) => r.start)).toEqual([first.start]);
    expect(judged.entries[0]?.history).toMatchObject({ lastSuccess: second.start, lastStart: second.start });
  });

  test('a job without a start is no start on record; a missed set is marked missed', () => {
    const unstarted = judge({ rows: [jobOf('1', undefined, 'ok')] });
    const missed = judge({});

    expect(unstarted.entries[0]?.history.lastStart).toBeUndefined();
    expect(unstarted.entries[0]?.history.lastSuccess).toBeUndefined();
    expect(missed.entries[0]?.mark).toBe('missed');
    expect(missed.entries[0]?.history).toMatchObject({ nights: { '2026-11-28': 'missed' }, running: [] });
  });

  test('without a history store nothing is remembered and rows carry no history', () => {
    const judged = judge({ rows: [jobOf('1', '2026-11-28T22:00:00', 'failed')], histories: undefined });

    expect(judged.entries).toEqual([]);
    expect(judged.rows[0]?.history).toBeUndefined();
  });

  test('a running job without a start is remembered with an empty one', () => {
    const judged = judge({ rows: [jobOf('1', undefined, 'running')] });

    expect(judged.entries[0]?.history.running).toEqual([
      { jobId: 'job without a start', start: '', firstSeen: '2026-11-28' },
    ]);
  });
});

describe('judgeSets: missed, and why', () => {
  test('the reason names the due time, with grace only when there is some, and the expectation note', () => {
    const noGrace = rulesOf({ kind: 'calendar', weekdays: [6], at: { hour: 22, minute: 0 } });
    const guessed: Expectation = { ...DAILY_AT_22, source: 'fallback', note: 'schedule guessed: daily' };

    const judged = judge({
      observations: [
        observedSet('1', { expectation: { ...noGrace, graceMinutes: 0 } }),
        observedSet('2', { expectation: guessed }),
      ],
    });

    expect(judged.rows.map((r) => [r.reason, r.notes])).toEqual([
      ['no backup started; one was due at 2026-11-28 22:00', []],
      ['no backup started; one was due at 2026-11-28 22:00 (60 min grace)', ['schedule guessed: daily']],
    ]);
    expect(judged.rows[1]).toMatchObject({
      backupSetName: 'Set 2',
      destinationId: 'd1',
      destinationName: 'Wasabi',
    });
  });

  test('a day without a time, and an interval, say so', () => {
    const judged = judge({
      observations: [
        observedSet('1', { expectation: rulesOf({ kind: 'calendar', weekdays: [6] }) }),
        observedSet('2', { expectation: rulesOf({ kind: 'interval', hours: 12 }) }),
      ],
      histories: new Map([
        [keyOf('1'), pastOf()],
        [keyOf('2'), pastOf()],
      ]),
    });

    expect(reasons(judged)).toEqual([
      'no backup started on 2026-11-28, a day one was due',
      'no backup started in 12 hours (one is expected every 12 hours)',
    ]);
  });

  test('a run due before the window started counts only when history vouches for the time before it', () => {
    const early = rulesOf({ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 6, minute: 30 } });
    const observations = [observedSet('1', { expectation: early })];

    const fresh = judge({ observations });
    const known = withPast({}, { observations });

    expect(fresh.rows).toEqual([]);
    expect(reasons(known)).toEqual(['no backup started; one was due at 2026-11-28 06:30 (60 min grace)']);
  });

  test('a history known only from after the due time (written by a later window) does not hide it', () => {
    const judged = withPast({ knownSince: '2026-11-28T23:00:00Z' });

    expect(reasons(judged)).toEqual(['no backup started; one was due at 2026-11-28 22:00 (60 min grace)']);
  });

  test.each([
    ['2026-11-28T05:30:00Z', 'idle'],
    ['2026-11-28T06:00:00Z', 'missed'],
    ['2026-11-28T11:00:00Z', 'missed'],
  ])('a daily interval set last started %s (before the window only counts) is %s', (lastStart, mark) => {
    const observations = [observedSet('1', { expectation: rulesOf({ kind: 'interval', hours: 24 }) })];

    const judged = withPast({ lastStart }, { observations });

    expect(judged.entries[0]?.mark).toBe(mark);
  });
});

describe('judgeSets: stuck jobs', () => {
  const running = (job: Partial<RunningJob> = {}): RunningJob => ({
    jobId: 'old',
    start: '2026-11-27T22:00:00+01:00',
    firstSeen: '2026-11-27',
    ...job,
  });
  const stillRunning = (jobId = 'old') =>
    new Map<string, RunningFate>([[runningKey(ALICE, '1', jobId), 'still running']]);

  test('a stuck job replaces the missed row it explains, and a new job running tonight stays beside it', () => {
    const alone = withPast({ running: [running()] }, { fates: stillRunning() });
    const beside = withPast(
      { running: [running()] },
      { fates: stillRunning(), rows: [jobOf('1', '2026-11-28T22:00:00', 'running')] },
    );

    expect(alone.rows.map((r) => [r.jobClass, r.stuck])).toEqual([['failed', true]]);
    expect(alone.entries[0]?.mark).toBe('stuck');
    expect(beside.rows.map((r) => [r.jobClass, r.jobId])).toEqual([
      ['failed', 'old'],
      ['running', 'job 2026-11-28T22:00:00'],
    ]);
    expect(beside.entries[0]?.history.running.map((j) => j.jobId)).toEqual([
      'old',
      'job 2026-11-28T22:00:00',
    ]);
  });

  test('a job still running but with a later one finished tonight is kept, not called stuck', () => {
    const judged = withPast(
      { running: [running()] },
      { fates: stillRunning(), rows: [jobOf('1', '2026-11-28T22:00:00', 'ok')] },
    );

    expect(judged.rows.map((r) => r.jobClass)).toEqual(['ok']);
    expect(judged.entries[0]?.mark).toBe('ok');
    expect(judged.entries[0]?.history.running).toEqual([running()]);
  });

  test('a job first seen running tonight (a repeated run) is not stuck yet', () => {
    const judged = withPast(
      { running: [running({ firstSeen: '2026-11-28', start: '2026-11-28T22:00:00+01:00' })] },
      { fates: stillRunning(), observations: [observedSet('1', { expectation: rulesOf() })] },
    );

    expect(judged.rows).toEqual([]);
    expect(judged.entries[0]?.mark).toBe('idle');
  });

  test('a job CBS lists tonight as finished ended, whatever its fate said; still listed running it is the same job', () => {
    const ended = withPast(
      { running: [running({ jobId: 'job 2026-11-27T22:00:00' })] },
      { rows: [jobOf('1', '2026-11-27T22:00:00', 'ok')] },
    );
    const still = withPast(
      { running: [running({ jobId: 'job 2026-11-27T22:00:00' })] },
      { rows: [jobOf('1', '2026-11-27T22:00:00', 'running')] },
    );

    expect(ended.rows.map((r) => r.jobClass)).toEqual(['ok']);
    expect(ended.entries[0]?.history.running).toEqual([]);
    expect(still.entries[0]?.history.running).toEqual([running({ jobId: 'job 2026-11-27T22:00:00' })]);
  });

  test.each([
    ['2026-11-27T07:00:00+01:00', 'stuck: running for 2 days without an end (the client may have died)'],
    ['2026-11-27T07:00:01+01:00', 'stuck: running for 47 hours without an end (the client may have died)'],
    ['2026-11-28T01:00:00+01:00', 'stuck: running for 30 hours without an end (the client may have died)'],
    ['not a time', 'stuck: running without an end (the client may have died)'],
  ])('started %s: %s', (start, reason) => {
    const judged = withPast({ running: [running({ start })] }, { fates: stillRunning() });

    expect(reasons(judged)).toEqual([reason]);
  });

  test('a stuck job with no start on record has none on its row', () => {
    const judged = withPast({ running: [running({ start: '' })] }, { fates: stillRunning() });

    expect(judged.rows[0]).toMatchObject({ jobId: 'old', start: undefined, stuck: true });
  });
});

describe('judgeSets: stale sets', () => {
  // A job still running tonight: nothing failed and nothing was missed, so only staleness can speak.
  const runningTonight = () => [jobOf('1', '2026-11-28T22:00:00', 'running')];
  /** What set 1 shows tonight, its last success `days` and some hours before the window ended. */
  function staleness(
    days: number,
    rules: ScheduleRule[],
    rows = runningTonight(),
    past: Partial<SetHistory> = {},
  ) {
    const lastSuccess = `2026-11-${28 - days}T22:00:00+01:00`;
    const expectation = rulesOf(...rules);
    const judged = withPast(
      { lastSuccess, ...past },
      { rows, observations: [observedSet('1', { expectation })] },
    );
    return judged.rows.filter((r) => r.stale).map((r) => r.reason);
  }
  const daily: ScheduleRule = {
    kind: 'calendar',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    at: { hour: 22, minute: 0 },
  };
  const weekly: ScheduleRule = { kind: 'calendar', weekdays: [3], at: { hour: 22, minute: 0 } };

  test('more than staleAfterDays, not as many', () => {
    expect(staleness(3, [daily])).toEqual([]);
    expect(staleness(4, [daily])).toEqual(['no successful backup for 4 days']);
  });

  test('a running or stale-but-fine night speaks; a failed or warning one says enough itself', () => {
    expect(staleness(5, [daily], [jobOf('1', '2026-11-28T22:00:00', 'failed')])).toEqual([]);
    expect(staleness(5, [daily], [jobOf('1', undefined, 'warning')])).toEqual([]);
    expect(staleness(5, [daily], [jobOf('1', undefined, 'running')])).toEqual([
      'no successful backup for 5 days',
    ]);
  });

  test('the allowance grows to the longest gap the schedule has, plus a day', () => {
    // Weekly: 7 days between runs is on time, 8 are allowed, 9 are not.
    expect(staleness(8, [weekly])).toEqual([]);
    expect(staleness(9, [weekly])).toEqual(['no successful backup for 9 days']);
    // Weekdays: Friday to Monday is 3 days, so 4 are allowed.
    expect(staleness(4, [{ ...weekly, weekdays: [1, 2, 3, 4, 5] }])).toEqual([]);
    expect(staleness(5, [{ ...weekly, weekdays: [1, 2, 3, 4, 5] }])).toEqual([
      'no successful backup for 5 days',
    ]);
    // Weekdays in any order: Monday, Wednesday, Friday leave 3 days at most.
    expect(staleness(5, [{ ...weekly, weekdays: [1, 5, 3] }])).toEqual(['no successful backup for 5 days']);
    // Every 72 hours: 4 days allowed.
    expect(staleness(4, [{ kind: 'interval', hours: 72 }])).toEqual([]);
    expect(staleness(5, [{ kind: 'interval', hours: 72 }])).toEqual(['no successful backup for 5 days']);
    // Monthly: a month.
    expect(staleness(20, [{ kind: 'calendar', monthDays: [1], at: { hour: 22, minute: 0 } }])).toEqual([]);
  });

  test('the most frequent rule sets the allowance; a rule naming no day changes nothing', () => {
    const noDay: ScheduleRule = { kind: 'calendar' };
    const monthly: ScheduleRule = { kind: 'calendar', monthDays: [1] };

    expect(staleness(5, [weekly, daily])).toEqual(['no successful backup for 5 days']);
    expect(staleness(20, [noDay, monthly])).toEqual([]);
    expect(staleness(4, [noDay])).toEqual(['no successful backup for 4 days']);
    // No month days given: the weekdays count.
    expect(staleness(9, [{ ...weekly, monthDays: [] }])).toEqual(['no successful backup for 9 days']);
  });

  test('no success on record: counted from the first night on record', () => {
    const judged = withPast(
      { firstNight: '2026-11-20', nights: { '2026-11-27': 'failed' } },
      { rows: runningTonight() },
    );

    expect(judged.rows.filter((r) => r.stale).map((r) => r.reason)).toEqual([
      'no successful backup on record for 9 days',
    ]);
  });

  test('first nights are counted in the report zone (Auckland is 13 hours ahead of UTC)', () => {
    const auckland = computeWindow(
      { timeZone: 'Pacific/Auckland', windowHours: 24, windowEndsAt: '07:00' },
      new Date('2026-11-28T18:30:00Z'),
    );

    const judged = withPast(
      { firstNight: '2026-11-22', nights: { '2026-11-27': 'failed' } },
      { rows: runningTonight(), window: auckland, staleAfterDays: 6 },
    );

    // 22 November 00:00 to 29 November 07:00 in Auckland: 7 days (6 from midnight UTC).
    expect(auckland.label).toBe('2026-11-28');
    expect(judged.rows.filter((r) => r.stale).map((r) => r.reason)).toEqual([
      'no successful backup on record for 7 days',
    ]);
  });

  test('a set first seen tonight is not stale, however long the window', () => {
    const threeDays = computeWindow(
      { timeZone: BERLIN, windowHours: 72, windowEndsAt: '07:00' },
      new Date('2026-11-29T06:30:00Z'),
    );

    const judged = judge({ rows: runningTonight(), window: threeDays, staleAfterDays: 1 });

    expect(threeDays.label).toBe('2026-11-26');
    expect(judged.rows.map((r) => r.jobClass)).toEqual(['running']);
  });

  test('a set first seen tonight whose only success was at the start of a long window can be stale', () => {
    const fourDays = computeWindow(
      { timeZone: BERLIN, windowHours: 96, windowEndsAt: '07:00' },
      new Date('2026-11-29T06:30:00Z'),
    );
    const hourly = rulesOf({ kind: 'interval', hours: 1 });

    const judged = judge({
      rows: [jobOf('1', '2026-11-25T08:00:00', 'ok')],
      observations: [observedSet('1', { expectation: hourly })],
      window: fourDays,
      staleAfterDays: 1,
    });

    expect(reasons(judged)).toEqual(['ok reason', 'no successful backup for 3 days']);
  });

  test('an unchecked night (listings incomplete) is never called stale', () => {
    const judged = withPast(
      { lastSuccess: '2026-11-20T22:00:00+01:00' },
      { observations: [observedSet('1', { complete: false })] },
    );

    expect(judged.rows).toEqual([]);
    expect(judged.entries[0]?.mark).toBe('unchecked');
  });
});
