import { userKey } from '../../lambda/core/backup-server';
import { ALL_USERS, isServerWide } from '../../lambda/core/server-wide';

describe('isServerWide', () => {
  test('only the row about all backup users, with no owner and no set, is about the whole server', () => {
    expect(isServerWide({ user: ALL_USERS, backupSetId: undefined })).toBe(true);
    expect(isServerWide({ user: { loginName: 'all backup users' } })).toBe(true);

    // A real user who happens to be called that, under a reseller or with a set, is just a user.
    expect(isServerWide({ user: { loginName: 'all backup users', owner: 'east' } })).toBe(false);
    expect(isServerWide({ user: ALL_USERS, backupSetId: '1' })).toBe(false);
    expect(isServerWide({ user: { loginName: 'alice' } })).toBe(false);
  });
});

describe('userKey', () => {
  test('one key per login name and owner: the same user under two resellers is two users', () => {
    const keys = new Set([
      userKey({ loginName: 'alice' }),
      userKey({ loginName: 'alice', owner: 'east' }),
      userKey({ loginName: 'alice', owner: 'west' }),
      userKey({ loginName: 'bob' }),
      userKey({ loginName: 'bob', owner: 'east' }),
    ]);

    expect(keys.size).toBe(5);
    expect(userKey({ loginName: 'alice', owner: undefined })).toBe(userKey({ loginName: 'alice' }));
    expect(userKey({ loginName: 'alice', owner: 'east' })).toBe(
      userKey({ owner: 'east', loginName: 'alice' }),
    );
  });
});
