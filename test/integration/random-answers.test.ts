import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { CbsHttpClient } from '../../lambda/adapters/cbs/cbs-http-client';
import { MAX_TEXT_LENGTH } from '../../lambda/adapters/cbs/redactor';
import { DigestError } from '../../lambda/core/errors';
import { startScriptedServer } from '../support/scripted-http-server';

// Random CBS answers up to 10 MB, served over loopback to the real client: odd JSON shapes, huge
// arrays of odd entries, deep nesting, wrong types, huge strings, broken JSON. Whatever comes, each
// call ends in a value or a typed error (never another exception), no string longer than the
// redactor's cap reaches the caller, and the heap returns to where it was.

const MAX_ANSWER_BYTES = 10 * 1024 * 1024;
const SYS_PWD = 'random-answers-password';

/** Repeats `entries` (JSON texts) round-robin into a JSON array of `count` entries, at most 10 MB. */
function arrayText(entries: readonly string[], count: number): string {
  const parts: string[] = [];
  let bytes = 64;
  for (let i = 0; i < count; i++) {
    const entry = entries[i % entries.length] as string;
    bytes += entry.length + 1;
    if (bytes > MAX_ANSWER_BYTES) break;
    parts.push(entry);
  }
  return `[${parts.join(',')}]`;
}

const smallJson = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));

/** A field CBS sends, with a value of any type: a right one, a wrong one, or huge. */
const oddFieldValue = fc.oneof(
  smallJson,
  fc.constantFrom('""', 'null', '-1', '"-1024"', '1e309', '"2026-11-28 22:00:00"', '"2026-02-30 25:61:00"'),
  fc.constantFrom('"OK"', '"Error"', '"BS_STD_SUCCESS"', '"BS_STOP_SUCCESS"', '""'),
  fc.integer({ min: 0, max: 300_000 }).map((n) => JSON.stringify(`\u202E${'é'.repeat(n)}`)),
);
const JOB_FIELDS = [
  'ID',
  'LoginName',
  'Owner',
  'BackupSetID',
  'BackupSetName',
  'DestinationID',
  'BackupJobStatus',
  'StartTime',
  'EndTime',
  'UploadSize',
  'NumOfErrorEntries',
  'MissedDatabase',
  'TotalNewFilesSize',
  'Name',
  'Status',
  'Suspended',
] as const;
/** An entry shaped a bit like a job, set or user, with any subset of its fields, each of any type. */
const oddEntry = fc
  .dictionary(fc.constantFrom(...JOB_FIELDS), oddFieldValue, { maxKeys: JOB_FIELDS.length })
  .map((fields) => `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${v}`)}}`);

/** What `Data` (or `User`) holds. */
const data = fc.oneof(
  { weight: 3, arbitrary: smallJson },
  { weight: 3, arbitrary: oddEntry },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(fc.oneof(oddEntry, smallJson), { minLength: 1, maxLength: 4 }), fc.nat(2_000_000))
      .map(([entries, count]) => arrayText(entries, count)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 200_000 }), fc.boolean())
      .map(([depth, arrays]) =>
        arrays
          ? `${'['.repeat(depth)}${']'.repeat(depth)}`
          : `${'{"ID":'.repeat(depth)}1${'}'.repeat(depth)}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: MAX_ANSWER_BYTES - 64 }),
        fc.constantFrom('x', '\u0000', '\u202E', '"'),
      )
      .map(([length, char]) => JSON.stringify(char.repeat(Math.floor(length / (char === 'x' ? 1 : 6))))),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 300_000 })
      .map((keys) => `{${Array.from({ length: keys }, (_, i) => `"k${i}":${i}`).join(',')}}`),
  },
);

/** A whole answer body, given where the endpoint keeps its answer (`Data`, `User`): an envelope around `data`, a broken one, or not JSON. */
const answerBody: fc.Arbitrary<(key: string) => string> = fc.oneof(
  { weight: 4, arbitrary: data.map((d) => (key: string) => `{"Status":"OK",${JSON.stringify(key)}:${d}}`) },
  { weight: 1, arbitrary: data.map((d) => () => `{"Status":"Error","Message":${d},"ExptType":"X"}`) },
  { weight: 1, arbitrary: data.map((d) => () => `{"Status":${d},"Data":[]}`) },
  { weight: 1, arbitrary: data.map((d) => () => d) },
  {
    weight: 1,
    arbitrary: fc.tuple(data, fc.double({ min: 0, max: 1, noNaN: true })).map(
      ([d, cut]) =>
        (key: string) =>
          `{"Status":"OK",${JSON.stringify(key)}:${d}}`.slice(0, Math.floor(cut * (d.length + 25))),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => () => text) },
);

type Call = (client: CbsHttpClient) => Promise<unknown>;
const user = { loginName: 'alice' };
/** Each client method, with the key its endpoint's answer is kept under. */
const CALLS: [string, Call][] = [
  ['Data', (c) => c.listJobs(user, '2026-11-28')],
  [
    'Data',
    (c) => c.getJobSummary({ user, backupSetId: '1', destinationId: '2', jobId: '2026-11-28-22-00-00' }),
  ],
  ['Data', (c) => c.listBackupSets(user)],
  ['User', (c) => c.listUsers()],
  ['Data', (c) => c.getBackupSet(user, '1')],
];

/** Every string in a value, walked without recursion (a value may nest deeply). */
function longestString(value: unknown): number {
  let longest = 0;
  const pending: unknown[] = [value];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') longest = Math.max(longest, next.length);
    else if (next !== null && typeof next === 'object' && !seen.has(next)) {
      seen.add(next);
      // One at a time: spreading a million values into push overflows the stack.
      for (const inner of Object.values(next as Record<string, unknown>)) pending.push(inner);
    }
  }
  return longest;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

let body = '';
let server: Awaited<ReturnType<typeof startScriptedServer>>;
let client: CbsHttpClient;

beforeAll(async () => {
  server = await startScriptedServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  client = new CbsHttpClient({
    baseUrl: server.url,
    timeZone: 'Europe/Berlin',
    credentials: { sysUser: 'system', sysPwd: SYS_PWD },
    requestTimeoutMs: 20_000,
    concurrency: 1,
    // One try: every answer is as the test made it, retrying it would only say it again.
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    maxResponseBytes: 32 * 1024 * 1024,
  });
});

afterAll(async () => {
  await server.stop();
});

/** Serves `answer` to one call and says how it ended; anything but a value or a DigestError fails. */
async function callWith(answer: string, call: Call): Promise<void> {
  body = answer;
  server.requests.length = 0;
  let outcome: unknown;
  try {
    outcome = await call(client);
  } catch (error) {
    if (!(error instanceof DigestError)) throw error;
    // A typed error, short enough to log and mail, with no password in it.
    expect(error.message.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH * 2);
    expect(error.message).not.toContain(SYS_PWD);
    return;
  }
  expect(longestString(outcome)).toBeLessThanOrEqual(MAX_TEXT_LENGTH + 100);
}

const property = fc.asyncProperty(answerBody, fc.constantFrom(...CALLS), async (answer, [key, call]) => {
  await callWith(answer(key), call);
});

test('random answers up to 10 MB: each call ends in a value or a typed error, and the heap comes back', async () => {
  // Warm-up: the code paths, zod's schemas and the connection exist before the baseline is taken.
  await fc.assert(property, { numRuns: 5, seed: 1 });
  const baseline = heapAfterGc();

  // Shrinking a 10 MB case would take minutes: a failure prints its seed and path instead.
  await fc.assert(property, { numRuns: 40, endOnFailure: true });

  const after = heapAfterGc();
  // The 10 MB answers and what was read from them are garbage once a call ends; nothing accumulates.
  expect(mb(after - baseline)).toBeLessThan(32);
  expect(server.requests.length).toBeLessThanOrEqual(1);
}, 120_000);

test.each([
  ['an array of a million tiny entries (3 MB)', arrayText(['{}'], 1_000_000)],
  ['nesting 200,000 deep', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
  ['a 10 MB string', JSON.stringify('x'.repeat(MAX_ANSWER_BYTES - 64))],
])('%s, in every call, ends in a value or a typed error', async (_name, d) => {
  for (const [key, call] of CALLS) await callWith(`{"Status":"OK",${JSON.stringify(key)}:${d}}`, call);
});
