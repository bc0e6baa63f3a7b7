import {
  ACKNOWLEDGEABLE,
  type AckTarget,
  describeTarget,
  targetCovers,
  targetKey,
} from '../../lambda/core/acknowledgement';
import { CLASS_ORDER } from '../../lambda/core/classify-job';

describe('targetKey', () => {
  test('owner, login name, set and job, in that order; what a target leaves out is empty', () => {
    expect(targetKey({ loginName: 'bob' })).toBe('#bob##');
    expect(
      targetKey({ loginName: 'bob', owner: 'east', backupSetId: '169', jobId: '2026-11-28-22-00-00' }),
    ).toBe('east#bob#169#2026-11-28-22-00-00');
  });

  test('a "#" or a space in a name cannot make two targets one key', () => {
    const tricky: AckTarget = { loginName: 'bob#169', owner: 'a b' };
    const plain: AckTarget = { loginName: 'bob', backupSetId: '169' };

    expect(targetKey(tricky)).toBe('a%20b#bob%23169##');
    expect(targetKey(tricky)).not.toBe(targetKey({ ...plain, owner: 'a b' }));
  });

  test('a user, one of its sets and one job of that set are three targets', () => {
    const keys = new Set([
      targetKey({ loginName: 'bob' }),
      targetKey({ loginName: 'bob', backupSetId: '1' }),
      targetKey({ loginName: 'bob', backupSetId: '1', jobId: 'j' }),
      targetKey({ loginName: 'bob', owner: 'east' }),
    ]);

    expect(keys.size).toBe(4);
  });
});

describe('describeTarget', () => {
  test.each<[string, AckTarget, string | undefined, string]>([
    ['a user', { loginName: 'bob' }, undefined, 'bob (every backup set)'],
    [
      "a sub-admin's user",
      { loginName: 'bob', owner: 'east' },
      undefined,
      'bob (sub-admin east) (every backup set)',
    ],
    ['a set, by its name', { loginName: 'bob', backupSetId: '169' }, 'Laptop', 'bob / Laptop'],
    ['a set without a name, by its id', { loginName: 'bob', backupSetId: '169' }, undefined, 'bob / 169'],
    [
      'one job',
      { loginName: 'bob', owner: 'east', backupSetId: '169', jobId: '2026-11-28-22-00-00' },
      'Laptop',
      'bob (sub-admin east) / Laptop job 2026-11-28-22-00-00',
    ],
  ])('%s', (_, target, label, expected) => {
    expect(describeTarget(target, label)).toBe(expected);
  });
});

describe('targetCovers', () => {
  const row = (loginName: string, owner?: string, backupSetId?: string, jobId?: string) => ({
    user: { loginName, owner },
    backupSetId,
    jobId,
  });

  test('a user covers every row of that login name, whatever its owner, set or job', () => {
    const target: AckTarget = { loginName: 'bob' };

    expect(targetCovers(target, row('bob'))).toBe(true);
    expect(targetCovers(target, row('bob', 'east', '1', 'j'))).toBe(true);
    expect(targetCovers(target, row('bobby'))).toBe(false);
  });

  test("an owner narrows it to that sub-admin's user", () => {
    const target: AckTarget = { loginName: 'bob', owner: 'east' };

    expect(targetCovers(target, row('bob', 'east', '1'))).toBe(true);
    expect(targetCovers(target, row('bob', 'west', '1'))).toBe(false);
    expect(targetCovers(target, row('bob', undefined, '1'))).toBe(false);
  });

  test('a set narrows it to that set, and a job to that job', () => {
    const set: AckTarget = { loginName: 'bob', backupSetId: '1' };
    const job: AckTarget = { ...set, jobId: 'j1' };

    expect(targetCovers(set, row('bob', undefined, '1', 'j2'))).toBe(true);
    expect(targetCovers(set, row('bob', undefined, '2'))).toBe(false);
    expect(targetCovers(set, row('bob'))).toBe(false);
    expect(targetCovers(job, row('bob', undefined, '1', 'j1'))).toBe(true);
    expect(targetCovers(job, row('bob', undefined, '1', 'j2'))).toBe(false);
    expect(targetCovers(job, row('bob', undefined, '1'))).toBe(false);
  });
});

describe('ACKNOWLEDGEABLE', () => {
  test('the problems that count against the verdict, and only those', () => {
    expect(CLASS_ORDER.filter((jobClass) => ACKNOWLEDGEABLE.has(jobClass))).toEqual([
      'failed',
      'missed',
      'unknown',
      'error',
    ]);
  });
});
