import { CountingServer } from '../../lambda/core/counting-server';
import {
  LoginRefusedError,
  NoAnswerError,
  OutOfTimeError,
  ServerAnswerError,
} from '../../lambda/core/errors';
import { FakeBackupServer } from '../support/fake-backup-server';

const user = { loginName: 'ann' };
const job = { user, backupSetId: '1', destinationId: 'd', jobId: '2026-11-28-22-00-00' };

describe('CountingServer', () => {
  test('passes every call through, values and errors alike, and counts each', async () => {
    const inner = new FakeBackupServer().setsOf('ann', [{ id: '1', name: 'Docs' }]);
    const server = new CountingServer(inner);

    expect(await server.listBackupSets(user)).toEqual([{ id: '1', name: 'Docs' }]);
    expect(await server.listJobs(user, '2026-11-28')).toEqual({ jobs: [], unreadable: [] });
    expect(await server.listUsers()).toEqual({ users: [], unreadable: [] });
    await expect(server.getJobSummary(job)).rejects.toThrow('Backup job "2026-11-28-22-00-00" not found');
    await expect(server.getBackupSet(user, '1')).rejects.toThrow('HTTP 404');

    expect(inner.calls).toEqual([
      'listBackupSets ann',
      'listJobs ann 2026-11-28',
      'listUsers',
      'getJobSummary ann 1 2026-11-28-22-00-00',
      'getBackupSet ann 1',
    ]);
    expect([server.succeeded, server.failed, server.transportFailed]).toEqual([3, 2, 0]);
    expect(server.firstFailure?.message).toBe('Backup job "2026-11-28-22-00-00" not found');
    expect(server.nothingUsable).toBe(false);
    expect(server.unreachable).toBe(false);
  });

  test('only transport failures: nothing usable, and unreachable; the first of each kept', async () => {
    const first = new NoAnswerError('ListBackupSets: ECONNREFUSED');
    const inner = new FakeBackupServer()
      .setsOf('ann', first)
      .listingOf('ann', '2026-11-28', new OutOfTimeError('ListBackupJobStatus'));
    const server = new CountingServer(inner);

    await expect(server.listBackupSets(user)).rejects.toBe(first);
    await expect(server.listJobs(user, '2026-11-28')).rejects.toBeInstanceOf(OutOfTimeError);

    expect([server.succeeded, server.failed, server.transportFailed]).toEqual([0, 2, 2]);
    expect(server.firstTransportFailure).toBe(first);
    expect(server.firstFailure).toBe(first);
    expect(server.nothingUsable).toBe(true);
    expect(server.unreachable).toBe(true);
    expect(server.authFailure).toBeUndefined();
  });

  test("CBS's own refusals: nothing usable, but reachable; a refused login is kept, the first one", async () => {
    const refused = new LoginRefusedError('ListBackupSets: refused', 'Incorrect system username/password');
    const inner = new FakeBackupServer()
      .setsOf('ann', refused)
      .listingOf('ann', '2026-11-28', new ServerAnswerError('x', 'Access denied'))
      .listingOf('ann', '2026-11-29', new LoginRefusedError('again', 'Incorrect system username/password'));
    const server = new CountingServer(inner);

    await expect(server.listBackupSets(user)).rejects.toBe(refused);
    await expect(server.listJobs(user, '2026-11-28')).rejects.toThrow('x');
    await expect(server.listJobs(user, '2026-11-29')).rejects.toThrow('again');

    expect(server.authFailure).toBe(refused);
    expect(server.transportFailed).toBe(0);
    expect(server.firstTransportFailure).toBeUndefined();
    expect(server.nothingUsable).toBe(true);
    expect(server.unreachable).toBe(false);
  });

  test('before any call: neither unreachable nor without a usable answer', () => {
    const server = new CountingServer(new FakeBackupServer());

    expect(server.nothingUsable).toBe(false);
    expect(server.unreachable).toBe(false);
  });

  test('one answer among transport failures: reachable after all', async () => {
    const inner = new FakeBackupServer().setsOf('ann', new NoAnswerError('reset'));
    const server = new CountingServer(inner);

    await expect(server.listBackupSets(user)).rejects.toThrow('reset');
    await server.listJobs(user, '2026-11-28');

    expect(server.nothingUsable).toBe(false);
    expect(server.unreachable).toBe(false);
  });
});
