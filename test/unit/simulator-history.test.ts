import { DateTime } from 'luxon';
import { CbsHttpClient } from '../../lambda/adapters/cbs/cbs-http-client';
import type { JobRecord } from '../../lambda/core/backup-server';
import { type RunningSimulator, startSimulator } from '../../simulator';

const ZONE = 'Europe/Berlin';
// Tuesday 2026-03-10, 10:15 in Berlin.
const NOW = new Date('2026-03-10T09:15:00Z');

describe('simulator: what a digest with memory and schedules needs', () => {
  let sim: RunningSimulator;
  let cbs: CbsHttpClient;
  const gina = { loginName: 'gina' };
  const setId = (name: string): string => {
    const found = sim
      .users()
      .find((u) => u.loginName === 'gina')
      ?.sets.find((s) => s.name === name);
    if (!found) throw new Error(`no set ${name}`);
    return found.id;
  };
  const jobsOf = async (name: string, daysAgo: number): Promise<JobRecord[]> => {
    const date = DateTime.fromJSDate(NOW, { zone: ZONE }).minus({ days: daysAgo }).toISODate() ?? '';
    const listing = await cbs.listJobs(gina, date);
    return listing.jobs.filter((job) => job.backupSetId === setId(name));
  };

  beforeAll(async () => {
    sim = await startSimulator({ timeZone: ZONE, now: () => NOW });
    cbs = new CbsHttpClient({
      baseUrl: sim.url,
      credentials: { sysUser: sim.sysUser, sysPwd: sim.sysPwd },
      requestTimeoutMs: 5_000,
      concurrency: 4,
      timeZone: ZONE,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      maxResponseBytes: 1024 * 1024,
    });
  });
  afterAll(async () => {
    await sim.stop();
  });

  test('2/GetBackupSet lists daily, weekdays, weekly and no schedules, and destinations by name', async () => {
    const [daily, weekdays, weekly, manual, hourly] = await Promise.all([
      cbs.getBackupSet(gina, setId('Failing Server')),
      cbs.getBackupSet(gina, setId('Office Weekdays')),
      cbs.getBackupSet(gina, setId('Weekly Archive')),
      cbs.getBackupSet(gina, setId('Manual Export')),
      cbs.getBackupSet({ loginName: 'carol' }, '1702050903617'),
    ]);

    expect(daily.schedule).toEqual({
      kind: 'rules',
      rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: expect.objectContaining({}) }],
    });
    expect(weekdays.schedule).toMatchObject({ kind: 'rules', rules: [{ weekdays: [1, 2, 3, 4, 5] }] });
    expect(weekly.schedule).toMatchObject({ kind: 'rules', rules: [{ weekdays: [7] }] });
    expect(manual.schedule).toEqual({ kind: 'off' });
    // Hourly CDP is a periodic schedule: at least a run in every 24 hours, at no fixed time.
    expect(hourly.schedule).toEqual({ kind: 'rules', rules: [{ kind: 'interval', hours: 24 }] });
    expect(weekly.destinations).toEqual([
      { id: expect.stringMatching(/^\d+$/), name: 'Wasabi eu-central-2' },
    ]);
  });

  test('a failure fixed by its retry: two jobs on one date, the later one successful', async () => {
    const jobs = await jobsOf('Nightly Retry', 1);

    expect(jobs.map((j) => [j.startTime?.at?.toFormat('HH:mm'), j.status])).toEqual([
      ['01:05', 'BS_STOP_BY_SYSTEM_ERROR'],
      ['02:05', 'BS_STOP_SUCCESS'],
    ]);
  });

  test('a job stuck for two days: no end and no status, and no job since', async () => {
    const stuck = await jobsOf('Stuck Client', 2);
    const since = [...(await jobsOf('Stuck Client', 1)), ...(await jobsOf('Stuck Client', 0))];
    const before = await jobsOf('Stuck Client', 3);

    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({ endTime: undefined, status: '' });
    expect(since).toEqual([]);
    expect(before[0]?.status).toBe('BS_STOP_SUCCESS');
  });

  test('a set failing five nights running, after nights that succeeded', async () => {
    const statuses: string[] = [];
    for (let daysAgo = 7; daysAgo >= 1; daysAgo--) {
      statuses.push((await jobsOf('Failing Server', daysAgo))[0]?.status ?? 'none');
    }

    expect(statuses).toEqual([
      'BS_STOP_SUCCESS',
      'BS_STOP_SUCCESS',
      ...Array(5).fill('BS_STOP_BY_SYSTEM_ERROR'),
    ]);
  });

  test('a set whose last job, a success, was 12 days ago', async () => {
    const recent: JobRecord[] = [];
    for (let daysAgo = 0; daysAgo <= 11; daysAgo++) recent.push(...(await jobsOf('Forgotten PC', daysAgo)));
    const last = await jobsOf('Forgotten PC', 12);

    expect(recent).toEqual([]);
    expect(last[0]?.status).toBe('BS_STOP_SUCCESS');
  });

  test('weekday and weekly sets run only on their days; a quiet date is answered OK without Data', async () => {
    // 2026-03-08 was a Sunday, 2026-03-07 a Saturday.
    expect(await jobsOf('Office Weekdays', 2)).toHaveLength(0);
    expect(await jobsOf('Office Weekdays', 3)).toHaveLength(0);
    expect(await jobsOf('Office Weekdays', 1)).toHaveLength(1);
    expect(await jobsOf('Weekly Archive', 2)).toHaveLength(1);
    expect(await jobsOf('Weekly Archive', 1)).toHaveLength(0);
    const quiet = await fetch(`${sim.url}/obs/api/json/ListBackupJobStatus.do`, {
      method: 'POST',
      body: JSON.stringify({
        SysUser: sim.sysUser,
        SysPwd: sim.sysPwd,
        LoginName: 'frank',
        BackupDate: '2026-03-09',
      }),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect(quiet.Status).toBe('OK');
    expect([undefined, null, '']).toContain(quiet.Data);
  });

  test('2/ListUsers says which users are suspended', async () => {
    const listing = await cbs.listUsers();

    expect(listing.users.find((u) => u.loginName === 'frank')?.status).toBe('SUSPENDED');
    expect(listing.users.find((u) => u.loginName === 'gina')?.status).toBe('ENABLE');
  });
});
