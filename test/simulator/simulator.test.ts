import { DateTime } from 'luxon';
import { type RunningSimulator, type SimUser, startSimulator } from '../../simulator';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: Json;
}

const ZONE = 'Europe/Berlin';
// 10:15 in Berlin, far from a DST switch, so every window below holds whole days.
const FIXED_NOW = new Date('2026-03-10T09:15:00Z');
const STATUS_RECORD_KEYS = [
  'ID',
  'LoginName',
  'Owner',
  'UserId',
  'StartTime',
  'EndTime',
  'BackupJobStatus',
  'BackupSetID',
  'BackupSetName',
  'DestinationID',
  'UploadSize',
  'RunVersion',
  'SuccessDatabase',
  'MissedDatabase',
  'SuccessVirtualMachine',
  'MissedVirtualMachine',
  'SuccessPublicFolder',
  'MissedPublicFolder',
].sort();
// The keys of Ahsay's example answer of GetBackupJobReportSummary.
const SUMMARY_KEYS = [
  'TotalCopiedSize',
  'DedupeEnabled',
  'DedupeOriginalSize',
  'DedupeSaving',
  'EndTime',
  'TotalDeletedFilesSize',
  'NumOfMovedFiles',
  'SuccessPublicFolder',
  'TotalUpdatedFilesSize',
  'TotalUpdatedPermissionFilesSize',
  'NumOfWarnEntries',
  'NumOfNewFiles',
  'NumOfUpdatedFiles',
  'NumOfCopiedFiles',
  'ID',
  'NumOfErrorEntries',
  'BackupJobStatus',
  'TotalNewFilesSize',
  'MissedDatabase',
  'NumOfUpdatedPermissionFiles',
  'SuccessDatabase',
  'StartTime',
  'NumOfDeletedFiles',
  'MissedPublicFolder',
  'TotalMovedFilesSize',
];

async function post(sim: RunningSimulator, endpoint: string, body: Json | string): Promise<Answer> {
  const payload =
    typeof body === 'string' ? body : JSON.stringify({ SysUser: sim.sysUser, SysPwd: sim.sysPwd, ...body });
  const response = await fetch(`${sim.url}/obs/api/json/${endpoint}.do`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: payload,
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const json = contentType.startsWith('application/json') ? (JSON.parse(text) as Json) : {};
  return { status: response.status, contentType, text, json };
}

async function jobsOf(sim: RunningSimulator, user: SimUser, date: string): Promise<Json[]> {
  const answer = await post(sim, 'ListBackupJobStatus', {
    LoginName: user.loginName,
    Owner: user.owner ?? '',
    BackupDate: date,
  });
  expect(answer.json.Status).toBe('OK');
  // A date without jobs comes back as real servers send it: no Data, Data null or Data "".
  const data = answer.json.Data;
  if (data === undefined || data === null || data === '') {
    expect(answer.json.Message).toEqual(expect.stringContaining('No backup job'));
    return [];
  }
  return data as Json[];
}

function cbsDate(now: Date, daysBack: number): string {
  return DateTime.fromJSDate(now, { zone: ZONE }).minus({ days: daysBack }).toFormat('yyyy-MM-dd');
}

function startOf(job: Json): DateTime {
  // The job id is the start time; StartTime may carry a typo.
  return DateTime.fromFormat(String(job.ID), 'yyyy-MM-dd-HH-mm-ss', { zone: ZONE });
}

describe('AhsayCBS simulator, demo scenario', () => {
  let now = FIXED_NOW;
  let sim: RunningSimulator;
  let users: SimUser[];
  const user = (loginName: string): SimUser => {
    const found = users.find((candidate) => candidate.loginName === loginName);
    if (found === undefined) throw new Error(`no demo user ${loginName}`);
    return found;
  };

  beforeAll(async () => {
    sim = await startSimulator({ timeZone: ZONE, now: () => now });
    users = sim.users();
  });
  afterAll(async () => {
    await sim.stop();
  });
  afterEach(() => {
    now = FIXED_NOW;
  });

  it('refuses a wrong password with the exact CBS answer', async () => {
    const answer = await post(sim, 'ListBackupJobStatus', {
      SysPwd: 'wrong',
      LoginName: 'alice',
      BackupDate: '2026-03-09',
    });

    expect(answer.status).toBe(200);
    expect(answer.text).toBe(
      '{"Status":"Error","Message":"Incorrect system username/password","ExptType":"com.ahsay.obs.core.dbs.c"}',
    );
  });

  it('answers JSON errors for unknown users, wrong owners, bad dates and bodies that are not JSON', async () => {
    const unknown = await post(sim, 'ListBackupJobStatus', {
      LoginName: 'mallory',
      BackupDate: '2026-03-09',
    });
    const wrongOwner = await post(sim, 'ListBackupSets', { LoginName: 'bob', Owner: 'reseller-west' });
    const rightOwner = await post(sim, 'ListBackupSets', { LoginName: 'bob', Owner: 'reseller-east' });
    const badDate = await post(sim, 'ListBackupJobStatus', { LoginName: 'alice', BackupDate: '2026-02-30' });
    const notJson = await post(sim, 'ListBackupJobStatus', '{"SysUser": "system", ');

    expect(unknown.contentType).toMatch(/^application\/json/);
    expect(unknown.json).toEqual({
      Status: 'Error',
      Message: 'User "mallory" not found',
      ExptType: 'com.ahsay.obs.core.dbs.DbsException',
    });
    expect(wrongOwner.json).toMatchObject({ Status: 'Error', Message: 'User "bob" not found' });
    expect(rightOwner.json.Status).toBe('OK');
    expect(badDate.json.Status).toBe('Error');
    expect(notJson.status).toBe(200);
    expect(notJson.json).toMatchObject({ Status: 'Error', Message: expect.stringContaining('JSON') });
  });

  it('answers like Tomcat outside the API: 404 HTML for unknown endpoints, 405 for other methods', async () => {
    const unknown = await post(sim, 'ListEverything', {});
    const get = await fetch(`${sim.url}/obs/api/json/ListBackupSets.do`);

    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toMatch(/^text\/html/);
    expect(unknown.text).toContain('HTTP Status 404');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('lists every job with exactly the documented fields and an id that is its start time', async () => {
    const dates = [cbsDate(now, 1), cbsDate(now, 0)];
    let checked = 0;

    for (const demoUser of users) {
      for (const date of dates) {
        for (const job of await jobsOf(sim, demoUser, date)) {
          checked++;
          expect(Object.keys(job).sort()).toEqual(STATUS_RECORD_KEYS);
          expect(job.ID).toMatch(new RegExp(`^${date}-\\d{2}-\\d{2}-\\d{2}$`));
          // dave's Laptop has the typo of Ahsay's docs in StartTime; its id is still right.
          const startTime =
            demoUser.loginName === 'dave' ? String(job.StartTime).replace(';', ':') : job.StartTime;
          expect(String(startTime).replace(/[ :]/g, '-')).toBe(job.ID);
          expect(typeof job.UploadSize).toBe('string');
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    const [daveJob] = await jobsOf(sim, user('dave'), dates[0] ?? '');
    expect(daveJob?.StartTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2};\d{2}:\d{2}$/);
  });

  it('agrees between ListBackupJobStatus and GetBackupJobReportSummary on every job', async () => {
    const date = cbsDate(now, 1);
    let checked = 0;

    for (const demoUser of users) {
      for (const job of await jobsOf(sim, demoUser, date)) {
        const answer = await post(sim, 'GetBackupJobReportSummary', {
          LoginName: demoUser.loginName,
          Owner: demoUser.owner ?? '',
          BackupSetID: job.BackupSetID,
          DestinationID: job.DestinationID,
          BackupJobID: job.ID,
        });
        const summary = answer.json.Data as Json;
        checked++;

        expect(answer.json.Status).toBe('OK');
        expect(summary.ID).toBe(job.ID);
        expect(summary.StartTime).toBe(String(job.StartTime).replace(';', ':'));
        expect(summary.EndTime).toBe(job.EndTime);
        expect(summary.BackupJobStatus).toBe(job.BackupJobStatus);
        const isVm = job.BackupSetName === 'VMware';
        const expectedKeys = SUMMARY_KEYS.map((key) =>
          isVm ? key.replace('Database', 'VirtualMachine') : key,
        ).concat(demoUser.loginName === 'dave' ? ['BackupJobMode'] : []);
        expect(Object.keys(summary).sort()).toEqual(expectedKeys.sort());
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('gives realistic report figures, and quirky ones for dave', async () => {
    const alice = user('alice');
    const [documents, mail, sql] = alice.sets;
    const summaryOf = async (owner: SimUser, setId: string | undefined, date: string) => {
      const job = (await jobsOf(sim, owner, date)).find((candidate) => candidate.BackupSetID === setId);
      const answer = await post(sim, 'GetBackupJobReportSummary', {
        LoginName: owner.loginName,
        BackupSetID: setId,
        BackupJobID: job?.ID,
      });
      return answer.json.Data as Json;
    };

    const documentsSummary = await summaryOf(alice, documents?.id, cbsDate(now, 1));
    const mailSummary = await summaryOf(alice, mail?.id, cbsDate(now, 1));
    const sqlSummary = await summaryOf(alice, sql?.id, cbsDate(now, 1));
    const daveSummary = await summaryOf(user('dave'), user('dave').sets[0]?.id, cbsDate(now, 1));

    expect(documentsSummary).toMatchObject({ BackupJobStatus: 'BS_STOP_SUCCESS', NumOfWarnEntries: 0 });
    expect(documentsSummary.TotalNewFilesSize).toBeGreaterThan(1024 * 1024);
    expect(documentsSummary.NumOfNewFiles).toBeGreaterThan(0);
    expect(mailSummary.BackupJobStatus).toBe('BS_STOP_SUCCESS_WITH_WARNING');
    expect(mailSummary.NumOfWarnEntries).toBeGreaterThan(0);
    expect(sqlSummary.BackupJobStatus).toBe('BS_STOP_SUCCESS_WITH_ERROR');
    expect(sqlSummary.NumOfErrorEntries).toBeGreaterThan(0);
    expect(daveSummary.NumOfNewFiles).toMatch(/^\d+$/);
    expect(daveSummary.NumOfErrorEntries).toBe('');
    expect(daveSummary.BackupJobMode).toBe('S');
  });

  it('reports an unknown job or set as a CBS error', async () => {
    const alice = user('alice');
    const setId = alice.sets[0]?.id;

    const noJob = await post(sim, 'GetBackupJobReportSummary', {
      LoginName: 'alice',
      BackupSetID: setId,
      BackupJobID: '2026-03-09-03-03-03',
    });
    const noSet = await post(sim, 'GetBackupJobReportSummary', {
      LoginName: 'alice',
      BackupSetID: '42',
      BackupJobID: '2026-03-09-03-03-03',
    });

    expect(noJob.json).toMatchObject({
      Status: 'Error',
      Message: 'Backup job "2026-03-09-03-03-03" not found',
    });
    expect(noSet.json).toMatchObject({ Status: 'Error', Message: expect.stringContaining('"42" not found') });
  });

  it('has a running job of Big Data on the CBS date of now, started 20 minutes ago', async () => {
    const carol = user('carol');
    const bigData = carol.sets.find((set) => set.name === 'Big Data');

    const today = (await jobsOf(sim, carol, cbsDate(now, 0))).filter(
      (job) => job.BackupSetID === bigData?.id,
    );
    const yesterday = (await jobsOf(sim, carol, cbsDate(now, 1))).filter(
      (job) => job.BackupSetID === bigData?.id,
    );
    const summary = await post(sim, 'GetBackupJobReportSummary', {
      LoginName: 'carol',
      BackupSetID: bigData?.id,
      DestinationID: bigData?.destinationId,
      BackupJobID: today[0]?.ID,
    });

    expect(today).toHaveLength(1);
    expect(today[0]).toMatchObject({ ID: '2026-03-10-09-55-00', EndTime: '', BackupJobStatus: '' });
    expect(yesterday).toHaveLength(1);
    expect(yesterday[0]?.BackupJobStatus).toBe('BS_STOP_SUCCESS');
    expect(summary.json.Data).toMatchObject({ ID: '2026-03-10-09-55-00', EndTime: '', BackupJobStatus: '' });
  });

  it('never has a job of Old Laptop, while the other sets of bob run', async () => {
    const bob = user('bob');
    const oldLaptop = bob.sets.find((set) => set.name === 'Old Laptop');
    const seenSets = new Set<unknown>();

    for (let daysBack = 0; daysBack < 14; daysBack++) {
      for (const job of await jobsOf(sim, bob, cbsDate(now, daysBack))) seenSets.add(job.BackupSetID);
    }

    expect(oldLaptop).toBeDefined();
    expect(seenSets.has(oldLaptop?.id)).toBe(false);
    expect(seenSets.size).toBe(3);
  });

  it('puts one run of every daily set, and every status, in the 24 hours before any time of day', async () => {
    const dailySets = users
      .slice(0, 4)
      .flatMap((demoUser) =>
        demoUser.sets
          .filter((set) => !['Old Laptop', 'Hourly CDP', 'Big Data'].includes(set.name))
          .map((set) => set.id),
      );

    for (const time of [
      '2026-03-10T00:30:00',
      '2026-03-10T10:15:00',
      '2026-03-10T21:00:00',
      '2026-03-10T23:59:00',
    ]) {
      const end = DateTime.fromISO(time, { zone: ZONE });
      now = end.toJSDate();
      const inWindow: Json[] = [];
      for (const demoUser of users) {
        for (const date of [cbsDate(now, 1), cbsDate(now, 0)]) {
          for (const job of await jobsOf(sim, demoUser, date)) {
            const start = startOf(job);
            if (start > end.minus({ hours: 24 }) && start <= end) inWindow.push(job);
          }
        }
      }

      const runsPerSet = (id: string) => inWindow.filter((job) => job.BackupSetID === id).length;
      expect(dailySets.map(runsPerSet)).toEqual(dailySets.map(() => 1));
      expect(runsPerSet(user('carol').sets.find((set) => set.name === 'Hourly CDP')?.id ?? '')).toBe(24);
      expect(new Set(inWindow.map((job) => job.BackupJobStatus))).toEqual(
        new Set([
          'BS_STOP_SUCCESS',
          'BS_STOP_SUCCESS_WITH_WARNING',
          'BS_STOP_SUCCESS_WITH_ERROR',
          'BS_STOP_BY_SYSTEM_ERROR',
          'BS_STOP_MISSED_BACKUP',
          'BS_STOP_SOMETHING_NEW',
          '',
        ]),
      );
    }
  });

  it('has a job of Nightly Crossing that ends on the next date', async () => {
    const carol = user('carol');
    const crossing = carol.sets.find((set) => set.name === 'Nightly Crossing');

    const [job] = (await jobsOf(sim, carol, '2026-03-08')).filter(
      (candidate) => candidate.BackupSetID === crossing?.id,
    );

    expect(job?.StartTime).toMatch(/^2026-03-08 23:40:\d{2}$/);
    expect(job?.EndTime).toMatch(/^2026-03-09 00:50:\d{2}$/);
  });

  it('answers the same request identically twice', async () => {
    const carol = user('carol');
    const request = { LoginName: 'carol', BackupDate: cbsDate(now, 1) };

    const first = await post(sim, 'ListBackupJobStatus', request);
    const second = await post(sim, 'ListBackupJobStatus', request);
    const summaryRequest = {
      LoginName: 'carol',
      BackupSetID: carol.sets[0]?.id,
      BackupJobID: (first.json.Data as Json[])[0]?.ID,
    };
    const firstSummary = await post(sim, 'GetBackupJobReportSummary', summaryRequest);
    const secondSummary = await post(sim, 'GetBackupJobReportSummary', summaryRequest);

    expect((first.json.Data as Json[]).length).toBeGreaterThan(24);
    expect(second.text).toBe(first.text);
    expect(firstSummary.json.Status).toBe('OK');
    expect(secondSummary.text).toBe(firstSummary.text);
  });

  it('lists users under `User`, sets with their names, and a set with its destinations', async () => {
    const bob = user('bob');
    const photos = bob.sets.find((set) => set.name.startsWith('Photos'));

    const list = await post(sim, '2/ListUsers', {});
    const sets = await post(sim, 'ListBackupSets', { LoginName: 'bob' });
    const set = await post(sim, '2/GetBackupSet', { LoginName: 'bob', BackupSetID: photos?.id });

    expect(list.json.Data).toBeUndefined();
    expect(list.json.User).toEqual([
      { LoginName: 'alice', Owner: '', UserId: expect.stringMatching(/^\d+$/), Status: 'ENABLE' },
      { LoginName: 'bob', Owner: 'reseller-east', UserId: expect.stringMatching(/^\d+$/), Status: 'ENABLE' },
      { LoginName: 'carol', Owner: '', UserId: expect.stringMatching(/^\d+$/), Status: 'ENABLE' },
      { LoginName: 'dave', Owner: 'reseller-west', UserId: expect.stringMatching(/^\d+$/), Status: 'ENABLE' },
      { LoginName: 'gina', Owner: '', UserId: expect.stringMatching(/^\d+$/), Status: 'ENABLE' },
      { LoginName: 'frank', Owner: '', UserId: expect.stringMatching(/^\d+$/), Status: 'SUSPENDED' },
    ]);
    expect(sets.json.Data).toContainEqual({ ID: photos?.id, Name: 'Photos <b>& "more"</b> ✓', Type: 'FILE' });
    expect(set.json.Data).toMatchObject({
      ID: photos?.id,
      DestinationSettings: { DestinationList: [{ Id: photos?.destinationId, Name: expect.any(String) }] },
    });
    expect(photos?.id).toMatch(/^\d{13}$/);
  });

  it('counts calls per endpoint', async () => {
    const before = sim.calls().ListBackupSets ?? 0;

    await post(sim, 'ListBackupSets', { LoginName: 'alice' });
    await post(sim, 'ListBackupSets', { LoginName: 'alice' });

    expect(sim.calls().ListBackupSets).toBe(before + 2);
    expect(sim.calls()['2/ListUsers']).toBeGreaterThan(0);
  });

  it('counts a call that asks again what an earlier one asked, whatever the order of its parameters', async () => {
    const before = sim.repeatedCalls().ListBackupJobStatus ?? 0;

    await post(sim, 'ListBackupJobStatus', { LoginName: 'carol', BackupDate: '2026-11-20' });
    await post(sim, 'ListBackupJobStatus', { LoginName: 'carol', BackupDate: '2026-11-21' });
    await post(sim, 'ListBackupJobStatus', { BackupDate: '2026-11-20', LoginName: 'carol' });

    expect(sim.repeatedCalls().ListBackupJobStatus).toBe(before + 1);
  });
});

describe('AhsayCBS simulator, options', () => {
  it('delays every answer by latencyMs', async () => {
    const sim = await startSimulator({ latencyMs: 150 });
    try {
      const started = performance.now();
      const answer = await post(sim, 'ListBackupSets', { LoginName: 'alice' });
      const elapsed = performance.now() - started;

      expect(answer.json.Status).toBe('OK');
      expect(elapsed).toBeGreaterThanOrEqual(150);
    } finally {
      await sim.stop();
    }
  });

  it('sums the time it took to answer, each call from its arrival to its last byte', async () => {
    const sim = await startSimulator({ latencyMs: 40 });
    try {
      expect(sim.served()).toEqual({ calls: 0, ms: 0 });
      const started = performance.now();
      await Promise.all([
        post(sim, 'ListBackupSets', { LoginName: 'alice' }),
        post(sim, 'ListBackupSets', { LoginName: 'bob' }),
      ]);
      const elapsed = performance.now() - started;

      const served = sim.served();
      expect(served.calls).toBe(2);
      // Side by side: each took the latency, and neither longer than the client waited for both.
      expect(served.ms).toBeGreaterThanOrEqual(2 * 40 - 2);
      expect(served.ms).toBeLessThanOrEqual(2 * elapsed);
    } finally {
      await sim.stop();
    }
  });

  it('refuses options out of range up front', async () => {
    await expect(startSimulator({ timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone/);
    await expect(startSimulator({ jobsPerDay: 0 })).rejects.toThrow(/jobsPerDay/);
  });
});

describe('AhsayCBS simulator, scale scenario', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'scale', users: 3000, now: () => FIXED_NOW });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('answers ListBackupJobStatus for the last of 3000 users, and not for one more', async () => {
    const last = await post(sim, 'ListBackupJobStatus', {
      LoginName: 'user-03000',
      Owner: 'reseller-5',
      BackupDate: '2026-03-09',
    });
    const beyond = await post(sim, 'ListBackupJobStatus', {
      LoginName: 'user-03001',
      BackupDate: '2026-03-09',
    });

    expect(last.json.Status).toBe('OK');
    const jobs = last.json.Data as Json[];
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.length).toBeLessThanOrEqual(3);
    for (const job of jobs) expect(job).toMatchObject({ LoginName: 'user-03000', Owner: 'reseller-5' });
    expect(beyond.json).toMatchObject({ Status: 'Error', Message: 'User "user-03001" not found' });
  });

  it('generates users with owners every 10th, numeric set ids and a mix of statuses', async () => {
    const users = sim.users();
    const statuses: string[] = [];
    for (const user of users.slice(0, 400)) {
      const answer = await post(sim, 'ListBackupJobStatus', {
        LoginName: user.loginName,
        BackupDate: '2026-03-09',
      });
      for (const job of answer.json.Data as Json[]) statuses.push(String(job.BackupJobStatus));
    }
    const share = (status: string) =>
      statuses.filter((candidate) => candidate === status).length / statuses.length;

    expect(users).toHaveLength(3000);
    expect(users[9]).toMatchObject({ loginName: 'user-00010', owner: 'reseller-1' });
    expect(users[0]?.owner).toBeUndefined();
    expect(new Set(users.flatMap((user) => user.sets.map((set) => set.id))).size).toBe(9000);
    expect(users[0]?.sets[0]).toMatchObject({ id: expect.stringMatching(/^\d{13}$/), name: 'Set 1' });
    expect(share('BS_STOP_SUCCESS')).toBeGreaterThan(0.8);
    expect(share('BS_STOP_SUCCESS')).toBeLessThan(0.97);
    expect(share('BS_STOP_SUCCESS_WITH_WARNING')).toBeGreaterThan(0);
    expect(share('BS_STOP_BY_SYSTEM_ERROR')).toBeGreaterThan(0);
  });
});
