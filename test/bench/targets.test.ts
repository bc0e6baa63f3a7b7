import { latencyFloorMs, runPhases } from '../../dev/bench/floor';
import { lambdaHeapFlags } from '../../dev/bench/lambda-heap-flags';
import type { RunFigures } from '../../dev/bench/run-figures';
import type { SizeResult } from '../../dev/bench/size-result';
import { judge } from '../../dev/bench/targets';

// The benchmark's arithmetic, not its timings: those are not tested here on purpose.

function result(
  overrides: Partial<RunFigures> = {},
  calls?: Record<string, number>,
  repeatedCalls: Record<string, number> = {},
): SizeResult {
  const figures: RunFigures = {
    initMs: 90,
    wallMs: 66_000,
    collectMs: 64_000,
    renderMs: 700,
    sendMs: 900,
    htmlBytes: 1,
    textBytes: 1,
    messageBytes: 1,
    maxRssKb: 200 * 1024,
    maxRssCollectedKb: 1,
    maxRssRenderedKb: 1,
    rows: 10_000,
    counts: { failed: 0, missed: 0, unknown: 0, error: 0, warning: 0, running: 0, ok: 10_000 },
    jobsInWindow: 9_814,
    sent: true,
    ...overrides,
  };
  const made = calls ?? {
    '2/ListUsers': 1,
    '2/GetBackupSet': 10_002,
    ListBackupJobStatus: 6_668,
    ListBackupSets: 3_334,
    GetBackupJobReportSummary: 9_814,
  };
  return {
    nominalJobs: 10_000,
    users: 3_334,
    sets: 10_002,
    dates: 2,
    calls: made,
    repeatedCalls,
    totalCalls: 19_817,
    floorMs: latencyFloorMs(runPhases(made), 16, 50),
    figures,
  };
}

describe('the latency floor', () => {
  test('is whole round trips per phase, summed', () => {
    expect(latencyFloorMs([1, 19_816], 16, 50)).toBe(50 + 1_239 * 50);
    expect(latencyFloorMs([16], 16, 50)).toBe(50);
    expect(latencyFloorMs([17], 16, 50)).toBe(100);
  });

  test('has the user list as its own phase, and everything after it as one', () => {
    expect(runPhases({ '2/ListUsers': 1, ListBackupJobStatus: 4, GetBackupJobReportSummary: 5 })).toEqual([
      1, 9,
    ]);
    expect(runPhases({ ListBackupJobStatus: 4 })).toEqual([4]);
  });
});

describe('the verdicts', () => {
  test('pass a run within every target', () => {
    expect(judge([result()]).map((v) => v.pass)).toEqual([true, true, true, true]);
  });

  test('fail each target its figure misses, saying by how much', () => {
    const verdicts = judge([
      // The floor with one 2/GetBackupSet per set is 50 ms + ceil(29,818 / 16) × 50 ms = 93.25 s.
      result({ wallMs: 120_000, renderMs: 1_000, maxRssKb: 256 * 1024 }, undefined, { ListBackupSets: 2 }),
    ]);

    expect(verdicts.map((v) => [v.pass, v.detail])).toEqual([
      [false, '1.287'],
      [false, '1000 ms'],
      [false, '256 MB'],
      [false, '10000 jobs: ListBackupSets asked the same 2 times more'],
    ]);
  });

  test('count a call more or less than the fewest as a miss', () => {
    const calls = {
      '2/ListUsers': 1,
      '2/GetBackupSet': 10_002,
      ListBackupJobStatus: 6_668,
      ListBackupSets: 6_668,
      GetBackupJobReportSummary: 9_814,
    };

    const [, , , verdict] = judge([result({}, calls)]);

    expect(verdict?.pass).toBe(false);
    expect(verdict?.detail).toBe('10000 jobs: ListBackupSets 6668, expected 3334');
  });
});

test("the run's heap limits are Lambda's for the function memory", () => {
  expect(lambdaHeapFlags(256)).toEqual(['--max-semi-space-size=12', '--max-old-space-size=231']);
  expect(lambdaHeapFlags(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
});
