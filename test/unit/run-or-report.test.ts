import {
  CbsApiError,
  CbsAuthError,
  CbsResponseError,
  CbsTransportError,
} from '../../lambda/adapters/cbs/cbs-errors';
import { parseConfig } from '../../lambda/config/load-config';
import type { DigestRequest } from '../../lambda/core/digest-request';
import {
  CredentialsError,
  DigestFailedError,
  OutOfTimeError,
  ServerUnreachableError,
} from '../../lambda/core/errors';
import { silentLog } from '../../lambda/core/log';
import { runOrReport } from '../../lambda/core/run-or-report';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';
import { RecordingMailer } from '../support/recording-mailer';
import { shippedFailureRenderer, shippedRenderer } from '../support/shipped-renderers';

const config = parseConfig({
  cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/bd/cbs', timeZone: 'Europe/Berlin' },
  report: { timeZone: 'Europe/Berlin', windowEndsAt: '07:00' },
  mail: { from: 'digest@example.com', to: ['ops@example.com'] },
  watch: { users: [{ loginName: 'alice' }, { loginName: 'bob' }] },
});
const scheduled: DigestRequest = {
  anchor: new Date('2026-11-29T06:00:00Z'),
  dryRun: false,
  trigger: 'schedule',
};

function run(server: FakeBackupServer | Error, request: DigestRequest = scheduled) {
  const mailer = new RecordingMailer();
  const outcome = runOrReport(
    {
      connect: async () => {
        if (server instanceof Error) throw server;
        return server;
      },
      renderer: shippedRenderer,
      failureRenderer: shippedFailureRenderer,
      mailer,
      log: silentLog,
      now: () => new Date('2026-11-29T06:00:05Z'),
    },
    digestSettings(config),
    request,
  );
  return { outcome, mailer };
}

/** Every call of the fake fails with `error`. */
function failingServer(error: Error): FakeBackupServer {
  const server = new FakeBackupServer();
  for (const user of ['alice', 'bob']) {
    server.listingOf(user, '2026-11-28', error).listingOf(user, '2026-11-29', error).setsOf(user, error);
  }
  return server;
}

async function failure(outcome: Promise<unknown>): Promise<DigestFailedError> {
  const error = await outcome.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DigestFailedError);
  return error as DigestFailedError;
}

describe('runOrReport when no digest can be made', () => {
  test('CBS refusing the system user: the admins get a notice naming it, and the run fails', async () => {
    const refused = new CbsAuthError(
      'ListBackupJobStatus',
      'Incorrect system username/password',
      'com.ahsay.obs.core.dbs.c',
    );
    const { outcome, mailer } = run(failingServer(refused));

    const error = await failure(outcome);

    expect(error.noticeSent).toBe(true);
    expect(error.cause).toBe(refused);
    expect(mailer.sent).toHaveLength(1);
    const notice = mailer.sent[0];
    expect(notice?.to).toEqual(['ops@example.com']);
    expect(notice?.subject).toBe(
      'Backups 2026-11-28: FAILED, no digest: CBS refused the system user: Incorrect system username/password',
    );
    expect(notice?.text).toContain('Check the SysUser and SysPwd in the SSM parameter /bd/cbs');
    expect(notice?.html).toContain('Incorrect system username/password');
  });

  test.each([
    [
      'words the client does not know',
      new CbsApiError('ListBackupJobStatus', 'Access denied: API not permitted for this role', undefined),
    ],
    [
      'a sign-in page',
      new CbsTransportError(
        'ListBackupJobStatus',
        'answered text/html, not JSON (a proxy or error page?)',
        200,
      ),
    ],
    [
      'an unexpected answer',
      new CbsResponseError('ListBackupJobStatus', 'Data is an object, expected an array of jobs'),
    ],
  ])(
    'CBS refusing every call in %s: no usable answer at all is a failed run with a notice',
    async (_name, refusal) => {
      const { outcome, mailer } = run(failingServer(refusal));

      const error = await failure(outcome);

      expect(error.noticeSent).toBe(true);
      expect(error.cause).toBeInstanceOf(ServerUnreachableError);
      expect(mailer.sent).toHaveLength(1);
      expect(mailer.sent[0]?.subject).toMatch(
        /^Backups 2026-11-28: FAILED, no digest: CBS (gave no usable answer to any call|could not be reached)/,
      );
      expect(mailer.sent[0]?.text).toContain(refusal.message);
    },
  );

  test('CBS unreachable on every call: the notice says so', async () => {
    const down = new CbsTransportError('ListBackupJobStatus', 'cannot reach CBS (ECONNREFUSED)');
    const { outcome, mailer } = run(failingServer(down));

    const error = await failure(outcome);

    expect(error.message).toBe(
      'no digest: CBS could not be reached: ListBackupJobStatus: cannot reach CBS (ECONNREFUSED)',
    );
    expect(mailer.sent[0]?.text).toContain('CBS could not be reached');
  });

  test('credentials that cannot be read: the notice names the parameter, never a value', async () => {
    const { outcome, mailer } = run(new CredentialsError('SSM parameter /bd/cbs is not JSON'));

    await failure(outcome);

    expect(mailer.sent[0]?.text).toContain(
      'The CBS credentials could not be read: SSM parameter /bd/cbs is not JSON',
    );
  });

  test('a dry run sends nothing, not even the notice', async () => {
    const down = new CbsTransportError('ListBackupJobStatus', 'HTTP 502', 502);
    const { outcome, mailer } = run(failingServer(down), { ...scheduled, dryRun: true });

    expect((await failure(outcome)).noticeSent).toBe(false);
    expect(mailer.sent).toEqual([]);
  });
});

describe('runOrReport when a digest can be made', () => {
  test('one user answering "not found" while another answers: the digest goes, that user not checked', async () => {
    const job = listedJob('alice', '1', '2026-11-28 22:00:00');
    const server = failingServer(new CbsApiError('ListBackupJobStatus', 'User not found', undefined));
    server
      .listingOf('alice', '2026-11-28', { jobs: [job], unreadable: [] })
      .listingOf('alice', '2026-11-29', { jobs: [], unreadable: [] })
      .setsOf('alice', [{ id: '1', name: 'Docs' }])
      .summaryOf('alice', '1', job.jobId, summaryFor(job));
    const { outcome, mailer } = run(server);

    const { summary } = await outcome;

    expect(summary).toMatchObject({ sent: true, counts: { ok: 1, error: 1 } });
    expect(mailer.sent[0]?.subject).toBe('Backups 2026-11-28: 1 not checked, 1 ok');
  });

  test('one user unreachable while another answers: the digest goes, the rest is not checked', async () => {
    const job = listedJob('alice', '1', '2026-11-28 22:00:00');
    const server = failingServer(new CbsTransportError('ListBackupJobStatus', 'HTTP 503', 503));
    server
      .listingOf('alice', '2026-11-28', { jobs: [job], unreadable: [] })
      .listingOf('alice', '2026-11-29', { jobs: [], unreadable: [] })
      .setsOf('alice', [{ id: '1', name: 'Docs' }])
      .summaryOf('alice', '1', job.jobId, summaryFor(job));
    const { outcome } = run(server);

    const { summary } = await outcome;

    expect(summary).toMatchObject({ sent: true, counts: { ok: 1, error: 1 } });
  });

  test('jobs not fetched before the deadline are rows "out of time", and the digest is sent', async () => {
    const job = listedJob('alice', '1', '2026-11-28 22:00:00');
    const server = new FakeBackupServer()
      .listingOf('alice', '2026-11-28', { jobs: [job], unreadable: [] })
      .setsOf('alice', [{ id: '1', name: 'Docs' }])
      .summaryOf('alice', '1', job.jobId, new OutOfTimeError('GetBackupJobReportSummary'));
    const { outcome, mailer } = run(server);

    const { summary } = await outcome;

    expect(summary.sent).toBe(true);
    // The text part wraps at 80 columns: compare words, not line breaks.
    expect(mailer.sent[0]?.text.replace(/\s+/g, ' ')).toContain(
      'out of time: the run stopped fetching to leave time to send this digest',
    );
  });
});
