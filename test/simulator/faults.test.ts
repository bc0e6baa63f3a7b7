import { type IncomingHttpHeaders, request } from 'node:http';
import {
  type Fault,
  parseFaultFlag,
  type RunningSimulator,
  SimulatorOptionsError,
  startSimulator,
} from '../../simulator';

type Json = Record<string, unknown>;

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

const FIXED_NOW = new Date('2026-03-10T09:15:00Z');
const WRONG_CREDENTIALS =
  '{"Status":"Error","Message":"Incorrect system username/password","ExptType":"com.ahsay.obs.core.dbs.c"}';

/** Sends a request over a fresh connection, so a reset or a half-read body never leaks into the next test. */
function send(sim: RunningSimulator, endpoint: string, body: Json, maxBytes = Number.POSITIVE_INFINITY) {
  const payload = JSON.stringify({ SysUser: sim.sysUser, SysPwd: sim.sysPwd, ...body });
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = request(
      `${sim.url}/obs/api/json/${endpoint}.do`,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Stop reading once enough is here, as a client guarding its memory would.
          if (size >= maxBytes) {
            res.destroy();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString(),
            });
          }
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const listSets = (sim: RunningSimulator, loginName = 'alice') =>
  send(sim, 'ListBackupSets', { LoginName: loginName });
const statusOf = async (answer: Promise<RawAnswer>) => (await answer).status;
const cbsStatusOf = async (answer: Promise<RawAnswer>) => (JSON.parse((await answer).text) as Json).Status;

describe('simulator faults, one mode at a time', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW });
  });
  afterAll(async () => {
    await sim.stop();
  });
  afterEach(() => {
    sim.clearFaults();
  });

  it('slow: answers normally, no sooner than delayMs', async () => {
    const normal = await listSets(sim);
    sim.setFaults([{ mode: 'slow', delayMs: 200 }]);

    const started = performance.now();
    const answer = await listSets(sim);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(normal.text);
  });

  it('reset: drops the connection without an answer, seen by the client as ECONNRESET', async () => {
    sim.setFaults([{ mode: 'reset' }]);
    const injected = sim.faultsInjected();

    const answer = listSets(sim);

    await expect(answer).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(
      fetch(`${sim.url}/obs/api/json/ListBackupSets.do`, { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    expect(sim.faultsInjected()).toBe(injected + 2);
  });

  it.each([502, 503] as const)(
    'proxy-error %i: the HTML page of a reverse proxy, not JSON',
    async (status) => {
      sim.setFaults([{ mode: 'proxy-error', status }]);

      const answer = await listSets(sim);

      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.text).toContain(`<title>${status} `);
      expect(answer.text).toContain('nginx');
      expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
    },
  );

  it('proxy-error: 503 unless told otherwise', async () => {
    sim.setFaults([{ mode: 'proxy-error' }]);

    expect(await statusOf(listSets(sim))).toBe(503);
  });

  it('html-page: status 200 with a sign-in page where JSON was expected', async () => {
    sim.setFaults([{ mode: 'html-page' }]);

    const answer = await listSets(sim);

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
    expect(answer.text).toContain('<form');
  });

  it('malformed-json: a complete HTTP answer, typed JSON, holding half of the normal JSON', async () => {
    const normal = await listSets(sim);
    sim.setFaults([{ mode: 'malformed-json' }]);

    const answer = await listSets(sim);

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
    expect(answer.text.length).toBeGreaterThan(0);
    expect(normal.text.startsWith(answer.text)).toBe(true);
    expect(answer.text.length).toBeLessThan(normal.text.length);
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
  });

  it('huge-body: valid JSON of exactly the bytes asked for, sent chunked without a length', async () => {
    const bytes = 3 * 1024 * 1024 + 17;
    sim.setFaults([{ mode: 'huge-body', bytes }]);

    const answer = await listSets(sim);

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['content-length']).toBeUndefined();
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(Buffer.byteLength(answer.text)).toBe(bytes);
    const json = JSON.parse(answer.text) as { Status: string; Data: Json[] };
    expect(json.Status).toBe('OK');
    expect(json.Data.length).toBeGreaterThan(1000);
    expect(json.Data[0]).toMatchObject({ ID: expect.any(String), BackupJobStatus: 'BS_STOP_SUCCESS' });
  });

  it('huge-body: streams a gigabyte it could never hold as one string, and survives the client hanging up', async () => {
    // 1 GiB is beyond V8's longest string: this answer can only exist as a stream.
    sim.setFaults([{ mode: 'huge-body', bytes: 1024 * 1024 * 1024, first: 1 }]);

    const head = await send(sim, 'ListBackupSets', { LoginName: 'alice' }, 1024 * 1024);
    const after = await listSets(sim);

    expect(head.status).toBe(200);
    expect(head.text.startsWith('{"Status":"OK","Data":[{')).toBe(true);
    expect(head.text.length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(after.status).toBe(200);
    expect(await cbsStatusOf(Promise.resolve(after))).toBe('OK');
  });

  it('wrong-credentials: the exact CBS answer, although the password is right', async () => {
    const before = await listSets(sim);
    sim.setFaults([{ mode: 'wrong-credentials' }]);

    const answer = await listSets(sim);

    expect(JSON.parse(before.text)).toMatchObject({ Status: 'OK' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(WRONG_CREDENTIALS);
  });

  it('password-expired: a CBS Error saying the password expired and must be changed', async () => {
    sim.setFaults([{ mode: 'password-expired' }]);

    const answer = await listSets(sim);
    const json = JSON.parse(answer.text) as Json;

    expect(answer.status).toBe(200);
    expect(json.Status).toBe('Error');
    expect(json.Message).toMatch(/expired/i);
    expect(json.Message).toMatch(/change/i);
    expect(json.ExptType).toMatch(/^com\.ahsay\./);
    expect(answer.text).not.toBe(WRONG_CREDENTIALS);
  });

  it('too-many-requests: 429 with Retry-After, 1 s unless told otherwise', async () => {
    sim.setFaults([
      { mode: 'too-many-requests', first: 1 },
      { mode: 'too-many-requests', retryAfterSeconds: 7 },
    ]);

    const first = await listSets(sim);
    const second = await listSets(sim);

    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.text).toContain('429 Too Many Requests');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('7');
  });

  it('leaves paths outside the API alone: a 404 is never a fault', async () => {
    sim.setFaults([{ mode: 'proxy-error', status: 502 }]);
    const injected = sim.faultsInjected();

    const answer = await send(sim, 'ListEverything', {});

    expect(answer.status).toBe(404);
    expect(answer.text).toContain('HTTP Status 404');
    expect(sim.faultsInjected()).toBe(injected);
  });
});

describe('simulator faults, scope and counting', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('hits only the endpoint named', async () => {
    sim.setFaults([{ mode: 'proxy-error', endpoint: 'GetBackupJobReportSummary' }]);

    const summary = send(sim, 'GetBackupJobReportSummary', {
      LoginName: 'alice',
      BackupSetID: '1',
      BackupJobID: 'x',
    });
    const jobs = send(sim, 'ListBackupJobStatus', { LoginName: 'alice', BackupDate: '2026-03-09' });

    expect(await statusOf(summary)).toBe(503);
    expect(await cbsStatusOf(jobs)).toBe('OK');
    expect(await cbsStatusOf(listSets(sim))).toBe('OK');
    expect(sim.faultsInjected()).toBe(1);
  });

  it('hits only the backup user named, on every endpoint that names one', async () => {
    sim.setFaults([{ mode: 'wrong-credentials', loginName: 'bob' }]);

    const bob = await listSets(sim, 'bob');
    const bobJobs = await send(sim, 'ListBackupJobStatus', { LoginName: 'bob', BackupDate: '2026-03-09' });
    const alice = await listSets(sim, 'alice');
    const users = await send(sim, '2/ListUsers', {});

    expect(bob.text).toBe(WRONG_CREDENTIALS);
    expect(bobJobs.text).toBe(WRONG_CREDENTIALS);
    expect(JSON.parse(alice.text)).toMatchObject({ Status: 'OK' });
    // 2/ListUsers names no LoginName, so a user-scoped fault never reaches it.
    expect(JSON.parse(users.text)).toMatchObject({ Status: 'OK' });
  });

  it('hits only calls that match both endpoint and user', async () => {
    sim.setFaults([{ mode: 'proxy-error', status: 502, endpoint: 'ListBackupSets', loginName: 'carol' }]);

    const statuses = [
      await statusOf(listSets(sim, 'carol')),
      await statusOf(listSets(sim, 'alice')),
      await statusOf(send(sim, 'ListBackupJobStatus', { LoginName: 'carol', BackupDate: '2026-03-09' })),
    ];

    expect(statuses).toEqual([502, 200, 200]);
  });

  it('fails the first N matching calls, then answers normally; every call counts', async () => {
    sim.setFaults([{ mode: 'proxy-error', endpoint: 'ListBackupSets', first: 2 }]);

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await statusOf(listSets(sim)));
    await send(sim, '2/ListUsers', {});

    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(sim.faultsInjected()).toBe(2);
    expect(sim.calls()).toEqual({ ListBackupSets: 4, '2/ListUsers': 1 });
  });

  it('tries faults in order: a call the first takes does not count towards the next one’s first N', async () => {
    sim.setFaults([
      { mode: 'too-many-requests', first: 1 },
      { mode: 'proxy-error', status: 502, first: 1 },
    ]);

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await statusOf(listSets(sim)));

    expect(statuses).toEqual([429, 502, 200]);
  });

  it('hits a seeded, repeatable share of calls with a probability', async () => {
    const pattern = async (seed: number) => {
      const seeded = await startSimulator({
        seed,
        now: () => FIXED_NOW,
        faults: [{ mode: 'proxy-error', probability: 0.5 }],
      });
      try {
        const statuses = [];
        for (let i = 0; i < 40; i++) statuses.push(await statusOf(listSets(seeded)));
        return { statuses, injected: seeded.faultsInjected() };
      } finally {
        await seeded.stop();
      }
    };

    const first = await pattern(7);
    const again = await pattern(7);
    const other = await pattern(8);

    expect(again.statuses).toEqual(first.statuses);
    expect(other.statuses).not.toEqual(first.statuses);
    expect(first.injected).toBe(first.statuses.filter((status) => status === 503).length);
    expect(first.injected).toBeGreaterThan(5);
    expect(first.injected).toBeLessThan(35);
  });

  it('arms faults from the start, and setFaults replaces them with their counts started again', async () => {
    await sim.stop();
    sim = await startSimulator({ now: () => FIXED_NOW, faults: [{ mode: 'html-page', first: 1 }] });

    const atStart = [await statusOf(listSets(sim)), await statusOf(listSets(sim))];
    sim.setFaults([{ mode: 'proxy-error', first: 1 }]);
    const replaced = [await statusOf(listSets(sim)), await statusOf(listSets(sim))];
    sim.setFaults([{ mode: 'proxy-error', first: 1 }]);
    const rearmed = await statusOf(listSets(sim));

    expect(atStart).toEqual([200, 200]);
    expect(replaced).toEqual([503, 200]);
    expect(rearmed).toBe(503);
    // Three faults (the sign-in page among them); the counter spans every setFaults.
    expect(sim.faultsInjected()).toBe(3);
    expect(sim.calls().ListBackupSets).toBe(5);
  });

  it('clearFaults disarms every fault', async () => {
    sim.setFaults([{ mode: 'proxy-error' }, { mode: 'reset', endpoint: 'ListBackupJobStatus' }]);
    const faulted = await statusOf(listSets(sim));

    sim.clearFaults();
    const cleared = await listSets(sim);
    const jobs = await send(sim, 'ListBackupJobStatus', { LoginName: 'alice', BackupDate: '2026-03-09' });

    expect(faulted).toBe(503);
    expect(JSON.parse(cleared.text)).toMatchObject({ Status: 'OK' });
    expect(JSON.parse(jobs.text)).toMatchObject({ Status: 'OK' });
    expect(sim.faultsInjected()).toBe(1);
  });

  it('refuses a bad setFaults naming the field, and keeps the faults it had', async () => {
    sim.setFaults([{ mode: 'proxy-error' }]);

    const refuse = () => sim.setFaults([{ mode: 'reset' }, { mode: 'slow', delayMs: -1 }]);

    expect(refuse).toThrow(SimulatorOptionsError);
    expect(refuse).toThrow('faults[1].delayMs');
    expect(await statusOf(listSets(sim))).toBe(503);
  });
});

describe('simulator faults, validation up front', () => {
  // Faults as a JavaScript caller or a config file could write them: the types cannot stop these.
  const bad: [string, unknown][] = [
    ['faults[0].mode', { mode: 'explode' }],
    ['faults[0].mode', {}],
    ['faults[0].delayMs', { mode: 'slow' }],
    ['faults[0].delayMs', { mode: 'slow', delayMs: 1.5 }],
    ['faults[0].delay', { mode: 'slow', delayMs: 10, delay: 10 }],
    ['faults[0].status', { mode: 'proxy-error', status: 500 }],
    ['faults[0].status', { mode: 'reset', status: 502 }],
    ['faults[0].endpoint', { mode: 'reset', endpoint: 'GetBackupJobReportSumary' }],
    ['faults[0].loginName', { mode: 'reset', loginName: '' }],
    ['faults[0].first', { mode: 'reset', first: 0 }],
    ['faults[0].probability', { mode: 'reset', probability: 0 }],
    ['faults[0].probability', { mode: 'reset', probability: 1.5 }],
    ['faults[0].bytes', { mode: 'huge-body', bytes: 10 }],
    ['faults[0].retryAfterSeconds', { mode: 'too-many-requests', retryAfterSeconds: -1 }],
    ['faults[0]', 'reset'],
  ];

  it.each(bad)('refuses at start, naming %s', async (field, fault) => {
    const start = startSimulator({ faults: [fault as Fault] });

    await expect(start).rejects.toThrow(SimulatorOptionsError);
    await expect(start).rejects.toMatchObject({ option: 'faults', field });
  });

  // Each mode with every option it takes: accepted at start, and the first matching call is faulted as that mode says.
  it.each<[Fault, (answer: RawAnswer | Error) => void]>([
    [
      { mode: 'slow', delayMs: 0, endpoint: '2/ListUsers', first: 1, probability: 1 },
      (a) => expect(a).toMatchObject({ status: 200, text: expect.stringContaining('"Status":"OK"') }),
    ],
    [
      { mode: 'reset', loginName: 'alice' },
      // node:http's error, from outside jest's realm: matched by what it says, not its class.
      (a) => expect(a).toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET/) }),
    ],
    [{ mode: 'proxy-error', status: 502 }, (a) => expect(a).toMatchObject({ status: 502 })],
    [
      { mode: 'html-page' },
      (a) =>
        expect(a).toMatchObject({
          status: 200,
          headers: { 'content-type': expect.stringContaining('html') },
        }),
    ],
    [
      { mode: 'malformed-json' },
      (a) => {
        expect(a).toMatchObject({ status: 200 });
        expect(() => JSON.parse((a as RawAnswer).text)).toThrow();
      },
    ],
    [
      { mode: 'huge-body', bytes: 4096 },
      (a) => expect((a as RawAnswer).text.length).toBeGreaterThanOrEqual(4096),
    ],
    [{ mode: 'wrong-credentials' }, (a) => expect(a).toMatchObject({ status: 200, text: WRONG_CREDENTIALS })],
    [
      { mode: 'password-expired' },
      (a) =>
        expect(a).toMatchObject({ status: 200, text: expect.stringMatching(/"Status":"Error".*expired/) }),
    ],
    [
      { mode: 'too-many-requests', retryAfterSeconds: 0 },
      (a) => expect(a).toMatchObject({ status: 429, headers: { 'retry-after': '0' } }),
    ],
  ])('accepts %j and faults the first call with it', async (fault, check) => {
    const sim = await startSimulator({ faults: [fault], now: () => FIXED_NOW });
    try {
      const endpoint = fault.mode === 'slow' ? '2/ListUsers' : 'ListBackupSets';
      const answer = await send(sim, endpoint, { LoginName: 'alice' }).catch((error: Error) => error);

      check(answer);
      expect(sim.faultsInjected()).toBe(1);
    } finally {
      await sim.stop();
    }
  });
});

describe('--fault flag of the simulator CLI', () => {
  it('reads where, what and options', () => {
    expect(parseFaultFlag('summary:503:first=2')).toEqual({
      mode: 'proxy-error',
      status: 503,
      endpoint: 'GetBackupJobReportSummary',
      first: 2,
    });
    expect(parseFaultFlag('all:slow:ms=3000:p=0.1')).toEqual({
      mode: 'slow',
      delayMs: 3000,
      probability: 0.1,
    });
    expect(parseFaultFlag('jobs:reset:user=alice')).toEqual({
      mode: 'reset',
      endpoint: 'ListBackupJobStatus',
      loginName: 'alice',
    });
    expect(parseFaultFlag('2/ListUsers:429:retry-after=5')).toEqual({
      mode: 'too-many-requests',
      endpoint: '2/ListUsers',
      retryAfterSeconds: 5,
    });
  });

  it('refuses what it cannot read, and leaves ranges to the simulator', async () => {
    expect(() => parseFaultFlag('summary:500')).toThrow('unknown fault "500"');
    expect(() => parseFaultFlag('summary:503:tries=2')).toThrow('"tries=2"');
    expect(() => parseFaultFlag('all:slow')).toThrow('ms=');
    await expect(startSimulator({ faults: [parseFaultFlag('sumary:503')] })).rejects.toMatchObject({
      field: 'faults[0].endpoint',
    });
    await expect(startSimulator({ faults: [parseFaultFlag('all:503:first=x')] })).rejects.toThrow(
      'faults[0].first: must be an integer in [1, 9007199254740991]; got NaN',
    );
  });
});
