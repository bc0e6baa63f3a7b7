import { CLASS_ORDER, classifyJob, type JobClass, plural } from '../../lambda/core/classify-job';

describe('classifyJob by status alone', () => {
  test.each<[string, JobClass, string]>([
    ['BS_STOP_SUCCESS', 'ok', 'finished successfully'],
    ['BS_STOP_SUCCESS_WITH_WARNING', 'warning', 'completed with warnings'],
    ['BS_STOP_SUCCESS_WITH_ERROR', 'failed', 'completed with errors'],
    ['BS_STOP_BY_USER', 'warning', 'stopped by a user before it finished'],
    ['BS_STOP_BY_SCHEDULER', 'failed', 'stopped by the scheduler: the backup window ended first'],
    ['BS_STOP_BY_SYSTEM_ERROR', 'failed', 'stopped by a system error'],
    ['BS_STOP_BY_QUOTA_EXCEEDED', 'failed', 'stopped: the storage quota is exceeded'],
    ['BS_STOP_MISSED_BACKUP', 'missed', 'a scheduled backup was missed'],
    ['BS_STOP_INCOMPLETE', 'failed', 'did not complete'],
    ['BS_BACKUP_NOT_FINISHED', 'failed', 'did not finish'],
    ['BS_STILL_RUNNING', 'running', 'still running'],
    ['BS_MISSED_DATABASAE', 'failed', 'some databases or mailboxes were not backed up'],
    ['BS_MISSED_DATABASE', 'failed', 'some databases or mailboxes were not backed up'],
    ['BS_MISSED_PUBLIC_FOLDER', 'failed', 'some public folders were not backed up'],
    ['BS_MISSED_VIRTUAL_MACHINE', 'failed', 'some virtual machines were not backed up'],
  ])('%s is %s', (status, jobClass, reason) => {
    // act
    const result = classifyJob({ status, ended: true });

    // assert
    expect(result).toEqual({ jobClass, reason });
  });

  test('blanks around a status are ignored', () => {
    // act
    const result = classifyJob({ status: ' BS_STOP_SUCCESS\n', ended: true });

    // assert
    expect(result.jobClass).toBe('ok');
  });

  test.each<[string, boolean, JobClass, string]>([
    ['no end time: still in progress', false, 'running', 'in progress'],
    ['an end time: ended without a status', true, 'unknown', 'ended without a status'],
  ])('an empty status with %s', (_name, ended, jobClass, reason) => {
    // act
    const result = classifyJob({ status: '', ended });

    // assert
    expect(result).toEqual({ jobClass, reason });
  });

  test.each(['BS_STOP_SOMETHING_NEW', 'bs_stop_success', 'OK'])(
    'an unknown status %s is unknown and named in the reason',
    (status) => {
      // act
      const result = classifyJob({ status, ended: true });

      // assert
      expect(result).toEqual({ jobClass: 'unknown', reason: `unknown status ${status}` });
    },
  );
});

describe('classifyJob with logged counts', () => {
  test.each<[string, number | undefined, number | undefined, number | undefined, JobClass, string]>([
    ['BS_STOP_SUCCESS', 0, 0, 0, 'ok', 'finished successfully'],
    ['BS_STOP_SUCCESS', undefined, undefined, undefined, 'ok', 'finished successfully'],
    ['BS_STOP_SUCCESS', 0, 1, 0, 'warning', 'finished successfully; 1 warning'],
    ['BS_STOP_SUCCESS', 3, 0, 0, 'failed', 'finished successfully; 3 errors'],
    ['BS_STOP_SUCCESS', 0, 0, 1, 'failed', 'finished successfully; 1 item missed'],
    ['BS_STOP_SUCCESS', 1, 2, 3, 'failed', 'finished successfully; 1 error; 3 items missed; 2 warnings'],
    ['BS_STOP_SUCCESS_WITH_WARNING', 0, 5, 0, 'warning', 'completed with warnings; 5 warnings'],
    ['BS_STOP_SUCCESS_WITH_WARNING', 1, 0, 0, 'failed', 'completed with warnings; 1 error'],
    ['BS_STOP_BY_USER', 0, 0, 2, 'failed', 'stopped by a user before it finished; 2 items missed'],
    ['BS_STOP_BY_SYSTEM_ERROR', 0, 4, 0, 'failed', 'stopped by a system error; 4 warnings'],
    [
      'BS_STOP_MISSED_BACKUP',
      2,
      2,
      2,
      'missed',
      'a scheduled backup was missed; 2 errors; 2 items missed; 2 warnings',
    ],
    [
      'BS_STOP_SOMETHING_NEW',
      1,
      1,
      1,
      'unknown',
      'unknown status BS_STOP_SOMETHING_NEW; 1 error; 1 item missed; 1 warning',
    ],
    ['BS_STILL_RUNNING', 7, 7, 7, 'running', 'still running'],
  ])(
    '%s with %p errors, %p warnings, %p missed items is %s',
    (status, errorEntries, warnEntries, missedItems, jobClass, reason) => {
      // act
      const result = classifyJob({ status, ended: true, errorEntries, warnEntries, missedItems });

      // assert
      expect(result).toEqual({ jobClass, reason });
    },
  );

  test('an empty status with no end stays running whatever the counts say', () => {
    // act
    const result = classifyJob({ status: '', ended: false, errorEntries: 9, warnEntries: 9, missedItems: 9 });

    // assert
    expect(result).toEqual({ jobClass: 'running', reason: 'in progress' });
  });

  test('an empty status with an end stays unknown, counts added to the reason', () => {
    // act
    const result = classifyJob({ status: '', ended: true, errorEntries: 2 });

    // assert
    expect(result).toEqual({ jobClass: 'unknown', reason: 'ended without a status; 2 errors' });
  });
});

describe('CLASS_ORDER and plural', () => {
  test('classes are ordered worst first', () => {
    // assert
    expect(CLASS_ORDER).toEqual(['failed', 'missed', 'unknown', 'error', 'warning', 'running', 'ok']);
  });

  test.each<[number, string]>([
    [0, '0 errors'],
    [1, '1 error'],
    [2, '2 errors'],
  ])('plural(%i)', (count, expected) => {
    // act
    const words = plural(count, 'error');

    // assert
    expect(words).toBe(expected);
  });
});
