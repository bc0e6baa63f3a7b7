import type { ColdStart } from '../../dev/bench/cold-start';
import { latencyFloorMs, runPhases } from '../../dev/bench/floor';
import { lambdaHeapFlags } from '../../dev/bench/lambda-heap-flags';
import { bestRound } from '../../dev/bench/rounds';
import type { RunFigures } from '../../dev/bench/run-figures';
import type { SizeResult } from '../../dev/bench/size-result';
import { judge, type Verdict } from '../../dev/bench/targets';

// The benchmark's arithmetic, not its timings: those are not tested here on purpose.

function result(
  overrides: Partial<RunFigures> = {},
  calls?: Record<string, number>,
  repeatedCalls: Record<string, number> = {},
  nominalJobs = 10_000,
): SizeResult {
  const figures: RunFigures = {
    initMs: 90,
    wallMs: 66_000,
    collectMs: 64_000,
    renderMs: 300,
    renderCpuMs: 200,
    cpuMs: 40_000,
    sendMs: 900,
    htmlBytes: 1,
    textBytes: 1,
    messageBytes: 1,
    maxRssKb: 170 * 1024,
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
    nominalJobs,
    users: 3_334,
    sets: 10_002,
    dates: 2,
    calls: made,
    repeatedCalls,
    totalCalls: 19_817,
    floorMs: latencyFloorMs(runPhases(made), 16, 50),
    answerMs: 51,
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

const COLD: ColdStart = {
  bundleBytes: 1.4 * 1024 * 1024,
  sourceMapBytes: 1,
  baselineBytes: 4.1 * 1024 * 1024,
  loadMs: 150,
  baselineLoadMs: 300,
  loadRatio: 0.5,
  loadWithSourceMapsMs: 170,
  runs: 15,
};

/** The verdicts as `STATUS target: detail` lines, the way the bench prints them. */
function lines(verdicts: Verdict[]): string[] {
  return verdicts.map((v) => `${v.skipped ? 'SKIP' : v.pass ? 'PASS' : 'FAIL'} ${v.target}: ${v.detail}`);
}

describe('the verdicts', () => {
  test('pass a run within every target, judging render on CPU time', () => {
    const verdicts = judge(
      [
        result({ htmlBytes: 99 * 1024 }, undefined, {}, 2_000),
        result(),
        result({ renderCpuMs: 900, renderMs: 1_500, maxRssKb: 250 * 1024 }, undefined, {}, 50_000),
      ],
      COLD,
    );

    expect(verdicts.filter((v) => !v.pass || v.skipped)).toEqual([]);
    expect(lines(verdicts)).toContain('PASS render < 1000 ms CPU at 50,000 jobs: 900 ms CPU (1500 ms wall)');
  });

  test('fail each target its figure misses, saying by how much', () => {
    const verdicts = judge(
      [
        // The floor with one 2/GetBackupSet per set is 50 ms + ceil(29,818 / 16) × 50 ms = 93.25 s.
        result({ wallMs: 120_000, renderCpuMs: 250, maxRssKb: 180 * 1024 }, undefined, { ListBackupSets: 2 }),
        result({ htmlBytes: 100 * 1024 }, undefined, {}, 2_000),
      ],
      { ...COLD, bundleBytes: 1.6 * 1024 * 1024, loadRatio: 0.61 },
    );

    expect(lines(verdicts)).toEqual([
      'FAIL render < 250 ms CPU at 10,000 jobs: 250 ms CPU (300 ms wall)',
      'FAIL peak RSS < 180 MB at 10,000 jobs: 180 MB',
      'FAIL wall / floor <= 1.1 at 10,000 jobs: 1.287',
      'SKIP render < 1000 ms CPU at 50,000 jobs: size not run',
      'SKIP peak RSS < 256 MB at 50,000 jobs: size not run',
      'SKIP wall / floor <= 1.1 at 50,000 jobs: size not run',
      'FAIL HTML < 100 KB at 2,000 jobs: 100.0 KB',
      'FAIL bundle <= 1.5 MB, AWS SDK inside: 1.60 MB',
      "FAIL require <= 0.6 × the pre-issue-12 bundle's, same run: 0.61 (150 ms / 300 ms, medians of 15)",
      'FAIL fewest calls without history: 1 ListUsers, 1 ListBackupJobStatus per user and date, 1 ListBackupSets per user, 1 GetBackupSet per set, 1 summary per job, nothing twice: 10000 jobs: ListBackupSets asked the same 2 times more',
    ]);
  });

  test('judge both history runs on the 10,000-job targets', () => {
    const first = result({ maxRssKb: 190 * 1024 });
    const later = result();

    const verdicts = judge([result()], undefined, { first, later });

    expect(lines(verdicts).filter((l) => l.includes('jobs with history'))).toEqual([
      'PASS render < 250 ms CPU at 10,000 jobs with history (first run, backfill): 200 ms CPU (300 ms wall)',
      'FAIL peak RSS < 180 MB at 10,000 jobs with history (first run, backfill): 190 MB',
      'PASS wall / floor <= 1.1 at 10,000 jobs with history (first run, backfill): 0.708',
      'PASS render < 250 ms CPU at 10,000 jobs with history (later run): 200 ms CPU (300 ms wall)',
      'PASS peak RSS < 180 MB at 10,000 jobs with history (later run): 170 MB',
      'PASS wall / floor <= 1.1 at 10,000 jobs with history (later run): 0.708',
    ]);
  });

  test("judge history's calls by the dates each run listed: a backfill's re-listing of tonight's date is a miss", () => {
    const later = result();
    // 7 nights back and tonight touch 9 CBS dates: 30,006 listings, 6,668 of them tonight's.
    const first = { ...result({}, { ...later.calls, ListBackupJobStatus: 30_006 }), dates: 9 };
    const relisted = {
      ...result({}, { ...later.calls, ListBackupJobStatus: 33_340 }, { ListBackupJobStatus: 3_334 }),
      dates: 9,
    };

    const pass = judge([result()], undefined, { first, later }).at(-1);
    const fail = judge([result()], undefined, { first: relisted, later }).at(-1);

    expect(pass?.pass).toBe(true);
    expect(pass?.detail).toBe('first run 30,006 listings (9 dates a user), later run 6,668');
    expect(fail?.pass).toBe(false);
    expect(fail?.detail).toBe(
      'first run: ListBackupJobStatus 33340, expected 30006; first run: ListBackupJobStatus asked the same 3334 times more',
    );
  });

  test('count a call more or less than the fewest as a miss', () => {
    const calls = {
      '2/ListUsers': 1,
      '2/GetBackupSet': 10_002,
      ListBackupJobStatus: 6_668,
      ListBackupSets: 6_668,
      GetBackupJobReportSummary: 9_814,
    };

    const verdict = judge([result({}, calls)]).at(-1);

    expect(verdict?.pass).toBe(false);
    expect(verdict?.detail).toBe('10000 jobs: ListBackupSets 6668, expected 3334');
  });
});

describe('a size run in rounds', () => {
  // The floor of `result()` is 93.25 s: walls of 99.4, 108 and 102 s are 1.066, 1.158 and 1.094.
  const rounds = [
    result({ wallMs: 108_000, renderCpuMs: 240, maxRssKb: 150 * 1024 }),
    result({ wallMs: 99_400, renderCpuMs: 280, maxRssKb: 147 * 1024 }),
    result({ wallMs: 102_000, renderCpuMs: 230, maxRssKb: 182 * 1024 }),
  ];

  test("stands in the tables as its best round's wall / floor, every round kept beside it", () => {
    const best = bestRound(rounds);

    expect(best.figures.wallMs).toBe(99_400);
    expect(best.rounds?.map((r) => r.wallPerFloor.toFixed(3))).toEqual(['1.158', '1.066', '1.094']);
    expect(bestRound([rounds[0] as SizeResult]).rounds).toBeUndefined();
  });

  test('is judged on its best time and its worst memory, each round shown in the order run', () => {
    const verdicts = judge([bestRound(rounds)]);

    expect(lines(verdicts).slice(0, 3)).toEqual([
      'PASS render < 250 ms CPU at 10,000 jobs: 230 ms CPU (best of 3: 240, 280, 230)',
      'FAIL peak RSS < 180 MB at 10,000 jobs: 182 MB (highest of 3: 150, 147, 182)',
      'PASS wall / floor <= 1.1 at 10,000 jobs: 1.066 (best of 3: 1.158, 1.066, 1.094)',
    ]);
  });

  test("lists what the host stole from the run's core in each round beside its wall / floor", () => {
    const stolen = [
      { ...result({ wallMs: 108_000 }), stolen: { runMs: 14_200, standInsMs: 9_000 } },
      { ...result({ wallMs: 99_400 }), stolen: { runMs: 2_060, standInsMs: 1_000 } },
    ];

    expect(bestRound(stolen).rounds?.map((r) => r.stolenRunMs)).toEqual([14_200, 2_060]);
    expect(lines(judge([bestRound(stolen)]))[2]).toBe(
      "PASS wall / floor <= 1.1 at 10,000 jobs: 1.066 (best of 2: 1.158, 1.066; stolen from the run's core: 14.2 s, 2.1 s)",
    );
    expect(lines(judge([stolen[0] as SizeResult]))[2]).toBe(
      "FAIL wall / floor <= 1.1 at 10,000 jobs: 1.158 (stolen from the run's core: 14.2 s)",
    );
    // Cores not split: the machine's steal, and said so.
    const unsplit = { ...result({ wallMs: 108_000 }), stolen: { runMs: 20_000 } };
    expect(lines(judge([unsplit]))[2]).toBe(
      'FAIL wall / floor <= 1.1 at 10,000 jobs: 1.158 (stolen from all cores: 20.0 s)',
    );
  });

  test('fails the wall target when no round meets it', () => {
    const slow = [result({ wallMs: 108_000 }), result({ wallMs: 104_000 })];

    expect(lines(judge([bestRound(slow)]))[2]).toBe(
      'FAIL wall / floor <= 1.1 at 10,000 jobs: 1.115 (best of 2: 1.158, 1.115)',
    );
  });
});

test("the run's heap limits are Lambda's for the function memory", () => {
  expect(lambdaHeapFlags(256)).toEqual(['--max-semi-space-size=12', '--max-old-space-size=231']);
  expect(lambdaHeapFlags(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
});
