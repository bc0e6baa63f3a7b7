import {
  CredentialsError,
  DeliveryFailedError,
  DigestError,
  DigestFailedError,
  LoginRefusedError,
  NoAnswerError,
  NoUsableAnswerError,
  OutOfTimeError,
  ServerAnswerError,
  ServerUnreachableError,
} from '../../lambda/core/errors';
import type { RunSummary } from '../../lambda/core/run-summary';

const summary: RunSummary = {
  reportDate: '2026-11-28',
  window: { start: '2026-11-28T07:00:00+01:00', end: '2026-11-29T07:00:00+01:00', timeZone: 'Europe/Berlin' },
  subject: 'Backups',
  counts: { failed: 1, missed: 0, unknown: 0, error: 0, warning: 0, running: 0, ok: 3 },
  rows: 4,
  dryRun: false,
  sent: false,
  recipients: 2,
};

describe('the errors the core raises', () => {
  test('each is named after its own class, so a log line says which one it was', () => {
    const cause = new Error('underneath');

    const errors: [DigestError, string][] = [
      [new CredentialsError('no such parameter'), 'CredentialsError'],
      [new ServerAnswerError('CBS said no', 'Invalid user'), 'ServerAnswerError'],
      [new LoginRefusedError('refused', 'Incorrect password'), 'LoginRefusedError'],
      [new NoAnswerError('ECONNREFUSED'), 'NoAnswerError'],
      [new OutOfTimeError('ListUsers'), 'OutOfTimeError'],
      [new ServerUnreachableError('ETIMEDOUT'), 'ServerUnreachableError'],
      [new NoUsableAnswerError('every call refused'), 'NoUsableAnswerError'],
      [new DigestFailedError('no digest', true, { cause }), 'DigestFailedError'],
      [new DeliveryFailedError('1 of 2 not sent', summary), 'DeliveryFailedError'],
    ];

    for (const [error, name] of errors) {
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
      expect(error).toBeInstanceOf(DigestError);
      expect(error).toBeInstanceOf(Error);
    }
  });

  test('the message and the cause are kept', () => {
    const cause = new Error('socket hang up');

    const error = new NoAnswerError('GetBackupSet: no answer', { cause });

    expect(error.message).toBe('GetBackupSet: no answer');
    expect(error.cause).toBe(cause);
    expect(new CredentialsError('unreadable').cause).toBeUndefined();
  });

  test("a server's answer keeps its own words beside ours, and a refused login is one", () => {
    const cause = new Error('HTTP 200 with Status Error');

    const refused = new LoginRefusedError('CBS refused the system user', 'Password expired', { cause });

    expect(refused).toBeInstanceOf(ServerAnswerError);
    expect(refused.message).toBe('CBS refused the system user');
    expect(refused.serverMessage).toBe('Password expired');
    expect(refused.cause).toBe(cause);
  });

  test('out of time names the call it stopped before, and counts as no answer', () => {
    const cause = new Error('deadline');

    const error = new OutOfTimeError('ListBackupJobStatus', { cause });

    expect(error).toBeInstanceOf(NoAnswerError);
    expect(error.endpoint).toBe('ListBackupJobStatus');
    expect(error.message).toBe(
      'ListBackupJobStatus: out of time: the run stopped fetching to leave time to send the digest',
    );
    expect(error.cause).toBe(cause);
  });

  test('no usable answer is a kind of unreachable server, which a run treats as a total failure', () => {
    const error = new NoUsableAnswerError('every call was refused');

    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(error).not.toBeInstanceOf(NoAnswerError);
    expect(error.message).toBe('every call was refused');
  });

  test('a failed digest says whether the notice went, and keeps what caused it', () => {
    const cause = new LoginRefusedError('refused', 'Incorrect password');

    const sent = new DigestFailedError('no digest: login refused', true, { cause });
    const notSent = new DigestFailedError('no digest: login refused', false, { cause });

    expect(sent.noticeSent).toBe(true);
    expect(notSent.noticeSent).toBe(false);
    expect(sent.message).toBe('no digest: login refused');
    expect(sent.cause).toBe(cause);
  });

  test('a failed delivery carries the run summary for the retry, and its cause', () => {
    const cause = new Error('SES throttled');

    const error = new DeliveryFailedError('1 of 2 digests not sent', summary, { cause });

    expect(error.summary).toBe(summary);
    expect(error.message).toBe('1 of 2 digests not sent');
    expect(error.cause).toBe(cause);
  });
});
