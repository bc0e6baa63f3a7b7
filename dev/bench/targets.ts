import type { SizeResult } from './size-result';

export interface Verdict {
  target: string;
  pass: boolean;
  detail: string;
}

const MB = 1024 * 1024;
const LARGE = 10_000;
/** SES v1 (SendRawEmail) takes at most 10 MB per message after base64: about 7.5 MB raw. */
export const SES_V1_RAW_LIMIT_BYTES = Math.floor((10 * MB * 3) / 4);

/** The calls a run should make, endpoint by endpoint: each question asked once, none needless. */
export function fewestCalls(result: SizeResult): Record<string, number> {
  const { users, sets, dates, figures } = result;
  return {
    '2/ListUsers': 1,
    '2/GetBackupSet': sets,
    ListBackupJobStatus: users * dates,
    ListBackupSets: users,
    GetBackupJobReportSummary: figures.jobsInWindow,
  };
}

/** The targets, judged on the largest size run (10,000 jobs unless sizes were changed). */
export function judge(results: readonly SizeResult[]): Verdict[] {
  const largest = results.reduce<SizeResult | undefined>(
    (big, r) => (big === undefined || r.nominalJobs > big.nominalJobs ? r : big),
    undefined,
  );
  if (largest === undefined) return [];
  const at = largest.nominalJobs === LARGE ? '10,000 jobs' : `${largest.nominalJobs} jobs (not 10,000)`;
  const ratio = largest.figures.wallMs / largest.floorMs;
  const rssMb = largest.figures.maxRssKb / 1024;
  return [
    {
      target: `wall / floor <= 1.2 at ${at}`,
      pass: ratio <= 1.2,
      detail: ratio.toFixed(3),
    },
    {
      target: `render < 1 s at ${at}`,
      pass: largest.figures.renderMs < 1000,
      detail: `${Math.round(largest.figures.renderMs)} ms`,
    },
    {
      target: `peak RSS < 256 MB at ${at}`,
      pass: rssMb < 256,
      detail: `${rssMb.toFixed(0)} MB`,
    },
    judgeCalls(results),
  ];
}

function judgeCalls(results: readonly SizeResult[]): Verdict {
  const problems: string[] = [];
  for (const result of results) {
    const expected = fewestCalls(result);
    const endpoints = new Set([...Object.keys(expected), ...Object.keys(result.calls)]);
    for (const endpoint of endpoints) {
      const made = result.calls[endpoint] ?? 0;
      const wanted = expected[endpoint] ?? 0;
      if (made !== wanted)
        problems.push(`${result.nominalJobs} jobs: ${endpoint} ${made}, expected ${wanted}`);
    }
    for (const [endpoint, n] of Object.entries(result.repeatedCalls)) {
      if (n > 0) problems.push(`${result.nominalJobs} jobs: ${endpoint} asked the same ${n} times more`);
    }
  }
  return {
    target:
      'fewest calls: 1 ListUsers, 1 ListBackupJobStatus per user and date, 1 ListBackupSets per user, 1 GetBackupSet per set, 1 summary per job, nothing twice',
    pass: problems.length === 0,
    detail: problems.length === 0 ? `all ${results.length} sizes` : problems.join('; '),
  };
}
