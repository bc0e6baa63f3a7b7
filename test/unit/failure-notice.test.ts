import { DateTime } from 'luxon';
import {
  CredentialsError,
  LoginRefusedError,
  NoAnswerError,
  NoUsableAnswerError,
  ServerAnswerError,
  ServerUnreachableError,
} from '../../lambda/core/errors';
import { failureNotice, isRunFatal } from '../../lambda/core/failure-notice';

const header = {
  title: 'Backups',
  window: {
    start: DateTime.fromISO('2026-11-28T07:00:00.000+01:00', { setZone: true }),
    end: DateTime.fromISO('2026-11-29T07:00:00.000+01:00', { setZone: true }),
    label: '2026-11-28',
    timeZone: 'Europe/Berlin',
  },
  credentialsParameter: '/backup-digest/cbs',
  generatedAt: new Date('2026-11-29T06:00:00.250Z'),
};

describe('failureNotice', () => {
  test('a refused system user: the whole notice, CBS quoted, the parameter named', () => {
    const notice = failureNotice(
      new LoginRefusedError('ListUsers: refused', 'Incorrect system username/password'),
      header,
    );

    expect(notice).toEqual({
      title: 'Backups',
      label: '2026-11-28',
      window: {
        start: '2026-11-28T07:00:00+01:00',
        end: '2026-11-29T07:00:00+01:00',
        timeZone: 'Europe/Berlin',
      },
      cause: 'CBS refused the system user: Incorrect system username/password',
      advice:
        'Check the SysUser and SysPwd in the SSM parameter /backup-digest/cbs, and whether the password has expired on CBS.',
      generatedAt: '2026-11-29T06:00:00.250Z',
    });
  });

  test.each([
    [
      new CredentialsError('ParameterNotFound'),
      'The CBS credentials could not be read: ParameterNotFound',
      'Check the SSM parameter /backup-digest/cbs: it must be a SecureString holding {"SysUser": "...", "SysPwd": "..."} that the function may read.',
    ],
    [
      new NoUsableAnswerError('every call answered a sign-in page'),
      'CBS gave no usable answer to any call: every call answered a sign-in page',
      'Check that the system user has the Admin or API role, and that no proxy or sign-in page answers for /obs/api/json/ on the CBS server.',
    ],
    [
      new ServerUnreachableError('ListBackupSets: cannot reach CBS (ECONNREFUSED)'),
      'CBS could not be reached: ListBackupSets: cannot reach CBS (ECONNREFUSED)',
      'Check that the CBS server and any reverse proxy in front of it are up and reachable from AWS.',
    ],
  ])('%s: its cause and advice', (error, cause, advice) => {
    expect(failureNotice(error, header)).toMatchObject({ cause, advice });
  });

  test('only errors after which no digest can be made are fatal to the run', () => {
    expect(isRunFatal(new CredentialsError('x'))).toBe(true);
    expect(isRunFatal(new LoginRefusedError('x', 'y'))).toBe(true);
    expect(isRunFatal(new ServerUnreachableError('x'))).toBe(true);
    expect(isRunFatal(new NoUsableAnswerError('x'))).toBe(true);
    expect(isRunFatal(new ServerAnswerError('x', 'y'))).toBe(false);
    expect(isRunFatal(new NoAnswerError('x'))).toBe(false);
    expect(isRunFatal(new Error('x'))).toBe(false);
    expect(isRunFatal('x')).toBe(false);
  });
});
