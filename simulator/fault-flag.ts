import type { Fault } from './fault';

/** Short names for the endpoints a digest calls; any endpoint's full name works too. */
const ENDPOINT_ALIASES: Readonly<Record<string, string>> = {
  jobs: 'ListBackupJobStatus',
  summary: 'GetBackupJobReportSummary',
  sets: 'ListBackupSets',
};

/** Modes by their flag name; a status code stands for the fault that answers it. */
const MODES: Readonly<Record<string, Pick<Fault, 'mode'> & { status?: 502 | 503 }>> = {
  '502': { mode: 'proxy-error', status: 502 },
  '503': { mode: 'proxy-error', status: 503 },
  '429': { mode: 'too-many-requests' },
  slow: { mode: 'slow' },
  reset: { mode: 'reset' },
  html: { mode: 'html-page' },
  malformed: { mode: 'malformed-json' },
  huge: { mode: 'huge-body' },
  'wrong-password': { mode: 'wrong-credentials' },
  'expired-password': { mode: 'password-expired' },
};

/** Flag options by name, and the Fault field each sets (all numbers but `user`). */
const OPTIONS: Readonly<Record<string, keyof Fault | 'delayMs' | 'bytes' | 'retryAfterSeconds'>> = {
  first: 'first',
  p: 'probability',
  user: 'loginName',
  ms: 'delayMs',
  bytes: 'bytes',
  'retry-after': 'retryAfterSeconds',
};

export const FAULT_FLAG_USAGE = `--fault <where>:<what>[:<option>=<value>...], repeatable:
    where   all | jobs | summary | sets | an endpoint name such as 2/ListUsers
    what    ${Object.keys(MODES).join(' | ')}
    option  first=N (only the first N calls), p=0.25 (chance per call), user=LoginName,
            ms=N (slow), bytes=N (huge), retry-after=N (429)
  e.g. --fault summary:503:first=2   --fault all:slow:ms=3000:p=0.1   --fault jobs:reset:user=alice`;

/**
 * Reads one `--fault` flag, e.g. `summary:503:first=2`. Only the shape is checked here; the
 * simulator validates the fault it makes like any other and names the field if one is out of range.
 */
export function parseFaultFlag(flag: string): Fault {
  const [where = '', what = '', ...options] = flag.split(':');
  const mode = MODES[what];
  if (mode === undefined) {
    throw new Error(
      `--fault ${flag}: unknown fault "${what}", expected one of ${Object.keys(MODES).join(', ')}`,
    );
  }
  const fault: Record<string, unknown> = { ...mode };
  if (where !== 'all') fault.endpoint = ENDPOINT_ALIASES[where] ?? where;
  for (const option of options) {
    const [key = '', value, ...rest] = option.split('=');
    const field = OPTIONS[key];
    if (field === undefined || value === undefined || rest.length > 0) {
      throw new Error(`--fault ${flag}: "${option}" is not one of ${Object.keys(OPTIONS).join('=, ')}=`);
    }
    fault[field] = field === 'loginName' ? value : Number(value);
  }
  if (fault.mode === 'slow' && fault.delayMs === undefined) {
    throw new Error(`--fault ${flag}: slow needs ms=<milliseconds>`);
  }
  return fault as unknown as Fault;
}
