import {
  mergeNight,
  NIGHTS_KEPT,
  type NightFacts,
  type SetHistory,
  setKeyOf,
} from '../../lambda/core/set-history';

const set = { loginName: 'gina', backupSetId: '1' };

function facts(night: string, extra: Partial<NightFacts> = {}): NightFacts {
  return { set, night, mark: 'ok', windowStart: `${night}T06:00:00Z`, running: [], ...extra };
}

const recorded: SetHistory = {
  lastSuccess: '2026-11-20T21:00:00Z',
  lastStart: '2026-11-22T21:00:00Z',
  knownSince: '2026-11-01T06:00:00Z',
  firstNight: '2026-11-01',
  nights: { '2026-11-21': 'ok', '2026-11-22': 'failed' },
  running: [{ jobId: 'old', start: '2026-11-22T21:00:00Z', firstSeen: '2026-11-22' }],
};

describe('mergeNight', () => {
  test('the first night of a set starts its history', () => {
    const running = [{ jobId: 'j1', start: '2026-11-28T22:00:00Z', firstSeen: '2026-11-28' }];

    const history = mergeNight(
      undefined,
      facts('2026-11-28', {
        mark: 'running',
        lastStart: '2026-11-28T22:00:00Z',
        running,
      }),
    );

    expect(history).toEqual({
      lastSuccess: undefined,
      lastStart: '2026-11-28T22:00:00Z',
      knownSince: '2026-11-28T06:00:00Z',
      firstNight: '2026-11-28',
      nights: { '2026-11-28': 'running' },
      running,
    });
  });

  test('a later success and start replace the recorded ones; the record reaches back as far as before', () => {
    const history = mergeNight(
      recorded,
      facts('2026-11-23', { lastSuccess: '2026-11-23T21:00:00Z', lastStart: '2026-11-23T23:00:00Z' }),
    );

    expect(history.lastSuccess).toBe('2026-11-23T21:00:00Z');
    expect(history.lastStart).toBe('2026-11-23T23:00:00Z');
    expect(history.knownSince).toBe('2026-11-01T06:00:00Z');
    expect(history.firstNight).toBe('2026-11-01');
    expect(history.nights).toEqual({ '2026-11-21': 'ok', '2026-11-22': 'failed', '2026-11-23': 'ok' });
  });

  test('instants are compared as instants, whatever offset each was written with', () => {
    // Backfilled in UTC: 06:50 in New York, just before tonight's window opened at 07:00 there.
    const backfilled = {
      ...recorded,
      lastSuccess: '2026-11-27T11:50:00.000Z',
      lastStart: '2026-11-27T11:50:00.000Z',
    };
    // Tonight's rows, in the report zone: 08:00 New York is 13:00Z, the later instant.
    const tonight = '2026-11-27T08:00:00.000-05:00';

    const history = mergeNight(
      backfilled,
      facts('2026-11-27', {
        windowStart: '2026-11-27T12:00:00.000Z',
        lastSuccess: tonight,
        lastStart: tonight,
      }),
    );
    const movedBack = mergeNight(
      { ...recorded, knownSince: '2026-11-27T11:30:00.000Z' },
      facts('2026-11-27', { windowStart: '2026-11-27T12:00:00.000+01:00' }),
    );

    expect(history.lastSuccess).toBe(tonight);
    expect(history.lastStart).toBe(tonight);
    // 12:00+01:00 is 11:00Z, before 11:30Z, though its text sorts after.
    expect(movedBack.knownSince).toBe('2026-11-27T12:00:00.000+01:00');
  });

  test('a night without a success keeps the last one on record; an older night re-run never moves it back', () => {
    const quiet = mergeNight(recorded, facts('2026-11-23', { mark: 'missed' }));
    const rerun = mergeNight(
      recorded,
      facts('2026-11-10', { lastSuccess: '2026-11-10T21:00:00Z', lastStart: '2026-11-10T21:00:00Z' }),
    );

    expect(quiet.lastSuccess).toBe('2026-11-20T21:00:00Z');
    expect(quiet.lastStart).toBe('2026-11-22T21:00:00Z');
    expect(rerun.lastSuccess).toBe('2026-11-20T21:00:00Z');
    expect(rerun.lastStart).toBe('2026-11-22T21:00:00Z');
  });

  test('a backfilled night before the first one on record moves the first night and knownSince back', () => {
    const history = mergeNight(recorded, facts('2026-10-30'));

    expect(history.firstNight).toBe('2026-10-30');
    expect(history.knownSince).toBe('2026-10-30T06:00:00Z');
  });

  test('a history without knownSince takes the window start of the night merged', () => {
    const history = mergeNight({ ...recorded, knownSince: undefined }, facts('2026-11-23'));

    expect(history.knownSince).toBe('2026-11-23T06:00:00Z');
  });

  test('the jobs running are those of the latest facts: one seen ending drops out', () => {
    const history = mergeNight(recorded, facts('2026-11-23'));

    expect(history.running).toEqual([]);
  });

  test('rewriting a night replaces its mark instead of adding a night', () => {
    const history = mergeNight(recorded, facts('2026-11-22', { mark: 'ok' }));

    expect(history.nights).toEqual({ '2026-11-21': 'ok', '2026-11-22': 'ok' });
  });

  test(`at most ${NIGHTS_KEPT} nights are kept, the oldest dropped first`, () => {
    const nights: Record<string, 'ok'> = {};
    for (let day = 1; day <= NIGHTS_KEPT; day++) nights[`2026-11-${String(day).padStart(2, '0')}`] = 'ok';
    const full: SetHistory = { ...recorded, nights };

    const history = mergeNight(full, facts('2026-12-01', { mark: 'failed' }));

    const labels = Object.keys(history.nights).sort();
    expect(NIGHTS_KEPT).toBe(30);
    expect(labels).toHaveLength(30);
    expect(labels[0]).toBe('2026-11-02');
    expect(history.nights['2026-12-01']).toBe('failed');
    // The first night on record stays the first ever seen, even once its mark has been dropped.
    expect(history.firstNight).toBe('2026-11-01');
    expect(mergeNight(full, facts('2026-11-15')).nights).toEqual(nights);
  });
});

describe('setKeyOf', () => {
  test('owner, login name and set id together name one set', () => {
    const keys = new Set([
      setKeyOf({ loginName: 'alice', backupSetId: '1' }),
      setKeyOf({ loginName: 'alice', owner: 'east', backupSetId: '1' }),
      setKeyOf({ loginName: 'alice', owner: 'west', backupSetId: '1' }),
      setKeyOf({ loginName: 'alice', backupSetId: '2' }),
      setKeyOf({ loginName: 'bob', backupSetId: '1' }),
    ]);

    expect(keys.size).toBe(5);
    expect(setKeyOf({ loginName: 'alice', owner: undefined, backupSetId: '1' })).toBe(
      setKeyOf({ loginName: 'alice', backupSetId: '1' }),
    );
    expect(setKeyOf({ loginName: 'alice', owner: 'east', backupSetId: '1' })).toBe('east\u0000alice\u00001');
  });
});

describe('mergeNight: pruning nights written out of order', () => {
  test('the oldest nights go, whatever order they were written in', () => {
    // Newest first, as a backfill that walks back from tonight writes them.
    const nights: Record<string, 'ok'> = {};
    for (let day = NIGHTS_KEPT; day >= 1; day--) nights[`2026-11-${String(day).padStart(2, '0')}`] = 'ok';

    const history = mergeNight({ ...recorded, nights }, facts('2026-12-01', { mark: 'failed' }));

    expect(Object.keys(history.nights)).toHaveLength(NIGHTS_KEPT);
    expect(history.nights['2026-11-01']).toBeUndefined();
    expect(history.nights['2026-11-30']).toBe('ok');
    expect(history.nights['2026-12-01']).toBe('failed');
  });
});
