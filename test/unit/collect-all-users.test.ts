import { CbsApiError, CbsTransportError } from '../../lambda/adapters/cbs/cbs-errors';
import { parseConfig } from '../../lambda/config/load-config';
import { ALL_USERS } from '../../lambda/core/collect-rows';
import type { DigestRow } from '../../lambda/core/digest';
import { computeWindow } from '../../lambda/core/report-window';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { collectAndJudge } from '../support/collect-and-judge';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';

// Window: 2026-11-28 07:00 → 2026-11-29 07:00 Europe/Berlin; CBS in the same zone.
const anchor = new Date('2026-11-29T06:00:00Z');

async function collect(server: FakeBackupServer, watch: unknown): Promise<DigestRow[]> {
  const config = parseConfig({
    cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/p', timeZone: 'Europe/Berlin' },
    report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    mail: { from: 'a@example.com', to: ['b@example.com'] },
    watch,
  });
  return collectAndJudge(server, digestSettings(config), computeWindow(config.report, anchor));
}

const describeRows = (rows: DigestRow[]) =>
  rows.map((r) => `${r.jobClass} ${r.user.loginName} ${r.backupSetId ?? '-'}`).sort();

const callsOf = (server: FakeBackupServer, kind: string) =>
  server.calls.filter((c) => c.startsWith(kind)).sort();

describe('whole-server mode (watch.allUsers)', () => {
  test('watches every user CBS lists, whole, less those excluded by login name or owner', async () => {
    // prepare
    const amy = listedJob('amy', '1', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .usersAre({
        users: [
          { loginName: 'amy' },
          { loginName: 'ben', owner: 'reseller-east' },
          { loginName: 'test-account' },
          { loginName: 'cal', owner: 'reseller-gone' },
        ],
        unreadable: [],
      })
      .listingOf('amy', '2026-11-28', { jobs: [amy], unreadable: [] })
      .summaryOf('amy', '1', amy.jobId, summaryFor(amy))
      .setsOf('amy', [{ id: '1', name: 'Docs' }])
      .setsOf('ben', [{ id: '7', name: 'Laptop' }]);

    // act
    const rows = await collect(server, {
      allUsers: { excludeLoginNames: ['test-account'], excludeOwners: ['reseller-gone'] },
    });

    // assert
    expect(describeRows(rows)).toEqual(['missed ben 7', 'ok amy 1']);
    expect(rows.find((r) => r.jobClass === 'missed')?.user).toEqual({
      loginName: 'ben',
      owner: 'reseller-east',
    });
    expect(callsOf(server, 'listUsers')).toEqual(['listUsers']);
    expect(callsOf(server, 'listJobs')).toEqual([
      'listJobs amy 2026-11-28',
      'listJobs amy 2026-11-29',
      'listJobs ben 2026-11-28',
      'listJobs ben 2026-11-29',
    ]);
    expect(callsOf(server, 'listBackupSets')).toEqual(['listBackupSets amy', 'listBackupSets ben']);
    expect(callsOf(server, 'getJobSummary')).toHaveLength(1);
  });

  test('a user list CBS cannot give is one "not checked" row, and the named users are still checked', async () => {
    // prepare
    const dora = listedJob('dora', '3', '2026-11-28 21:00:00');
    const server = new FakeBackupServer()
      .usersAre(new CbsTransportError('2/ListUsers', 'HTTP 502'))
      .listingOf('dora', '2026-11-28', { jobs: [dora], unreadable: [] })
      .summaryOf('dora', '3', dora.jobId, summaryFor(dora));

    // act
    const rows = await collect(server, {
      allUsers: {},
      backupSets: [{ loginName: 'dora', backupSetId: '3' }],
    });

    // assert
    expect(describeRows(rows)).toEqual(['error all backup users -', 'ok dora 3']);
    const notChecked = rows.find((r) => r.jobClass === 'error');
    expect(notChecked?.user).toEqual(ALL_USERS);
    expect(notChecked?.reason).toBe('could not list the backup users of the server: 2/ListUsers: HTTP 502');
  });

  test('a rejected password on ListUsers says so in the row', async () => {
    const server = new FakeBackupServer().usersAre(
      new CbsApiError('2/ListUsers', 'Incorrect system username/password', 'com.ahsay.obs.core.dbs.c'),
    );

    const rows = await collect(server, { allUsers: {} });

    expect(rows).toHaveLength(1);
    expect(rows[0]?.reason).toContain('Incorrect system username/password');
  });

  test('a user entry CBS sent unreadable is a row of its own; the readable users are watched', async () => {
    const server = new FakeBackupServer().usersAre({
      users: [{ loginName: 'eve' }],
      unreadable: ['entry 1: LoginName: required'],
    });

    const rows = await collect(server, { allUsers: {} });

    expect(rows.map((r) => r.reason)).toEqual([
      'CBS listed a backup user that could not be read: entry 1: LoginName: required',
    ]);
    expect(callsOf(server, 'listJobs')).toEqual(['listJobs eve 2026-11-28', 'listJobs eve 2026-11-29']);
  });

  test('CBS listing no users at all is a not-checked verdict, not "no backups to report"', async () => {
    const server = new FakeBackupServer().usersAre({ users: [], unreadable: [] });

    const rows = await collect(server, { allUsers: {} });

    expect(describeRows(rows)).toEqual([`error ${ALL_USERS.loginName} -`]);
    expect(rows[0]?.reason).toBe(
      'could not check the backup users of the server: CBS listed none; check that the system user may see them',
    );
  });

  test('every listed user excluded by the config is not an error: the config asked for it', async () => {
    const server = new FakeBackupServer().usersAre({ users: [{ loginName: 'old' }], unreadable: [] });

    const rows = await collect(server, { allUsers: { excludeLoginNames: ['old'] } });

    expect(rows).toEqual([]);
  });

  test('many unreadable user entries are one row, counting the others', async () => {
    const unreadable = Array.from({ length: 5 }, (_, i) => `entry ${i}: LoginName: required`);
    const server = new FakeBackupServer().usersAre({ users: [], unreadable });

    const rows = await collect(server, { allUsers: {} });

    expect(rows.map((r) => r.reason)).toEqual([
      'CBS listed 5 backup users that could not be read: entry 0: LoginName: required (and 4 more)',
    ]);
  });

  test('a listed user the config also names is asked about once, and keeps the names the config gives', async () => {
    // prepare
    const server = new FakeBackupServer()
      .usersAre({ users: [{ loginName: 'fay', owner: 'reseller-west' }], unreadable: [] })
      .setsOf('fay', [
        { id: '1', name: 'From CBS' },
        { id: '2', name: 'Other' },
      ]);

    // act
    const rows = await collect(server, {
      allUsers: {},
      backupSets: [{ loginName: 'fay', backupSetId: '1', name: 'From config' }],
    });

    // assert
    expect(callsOf(server, 'listJobs')).toEqual(['listJobs fay 2026-11-28', 'listJobs fay 2026-11-29']);
    expect(callsOf(server, 'listBackupSets')).toEqual(['listBackupSets fay']);
    expect(rows.map((r) => `${r.jobClass} ${r.backupSetName}`).sort()).toEqual([
      'missed From config',
      'missed Other',
    ]);
  });

  test('an excluded user the config names is still watched as the config names it', async () => {
    const server = new FakeBackupServer()
      .usersAre({ users: [{ loginName: 'gus', owner: 'reseller-gone' }], unreadable: [] })
      .setsOf('gus', [
        { id: '1', name: 'Named' },
        { id: '2', name: 'Not named' },
      ]);

    const rows = await collect(server, {
      allUsers: { excludeOwners: ['reseller-gone'] },
      backupSets: [{ loginName: 'gus', backupSetId: '1', name: 'Named' }],
    });

    // Only the named set: the user is not watched whole, so its other set is not expected to run.
    expect(rows.map((r) => `${r.jobClass} ${r.backupSetId}`)).toEqual(['missed 1']);
    expect(callsOf(server, 'listBackupSets')).toEqual([]);
  });
});
