import { readUsers } from '../../lambda/adapters/cbs/cbs-answers';
import { selectServerUsers } from '../../lambda/core/server-users';
import { planWatch } from '../../lambda/core/watch-plan';

describe('readUsers (2/ListUsers answers its array under User)', () => {
  test('keeps login name and owner, ignores the many other fields, and reads a blank owner as none', () => {
    const listing = readUsers([
      {
        LoginName: 'alice',
        Owner: '',
        UserId: '1687754981233',
        Alias: 'Alice',
        Quota: 1e12,
        ClientType: 'OBM',
      },
      { LoginName: ' bob ', Owner: 'reseller-east', Status: 'ENABLE' },
    ]);

    expect(listing).toEqual({
      users: [
        { loginName: 'alice', owner: undefined, status: undefined },
        { loginName: 'bob', owner: 'reseller-east', status: 'ENABLE' },
      ],
      unreadable: [],
    });
  });

  test('an entry without a login name is a reason, not a user silently left out', () => {
    const listing = readUsers([
      { LoginName: 'carol' },
      { Owner: 'reseller-east' },
      'garbage',
      { LoginName: '' },
    ]);

    expect(listing.users).toEqual([{ loginName: 'carol', owner: undefined }]);
    expect(listing.unreadable).toEqual([
      'entry 1: LoginName: required',
      expect.stringMatching(/^entry 2: /),
      'entry 3: LoginName: required',
    ]);
  });

  test('a login name listed twice is watched once', () => {
    const listing = readUsers([{ LoginName: 'dave' }, { LoginName: 'dave', Owner: 'x' }]);

    expect(listing.users).toEqual([{ loginName: 'dave', owner: undefined }]);
  });

  test.each([
    ['missing', undefined],
    ['an object', { LoginName: 'alice' }],
    ['null', null],
  ])('User %s is an unexpected answer', (_what, value) => {
    expect(() => readUsers(value)).toThrow(/^User is .*, expected an array of users$/);
  });
});

describe('selectServerUsers', () => {
  const users = [
    { loginName: 'alice' },
    { loginName: 'bob', owner: 'reseller-east' },
    { loginName: 'carol', owner: 'reseller-west' },
  ];

  test('leaves out users by login name and by owner, and counts them', () => {
    const selection = selectServerUsers(users, {
      excludeLoginNames: ['alice'],
      excludeOwners: ['reseller-west'],
    });

    expect(selection).toEqual({ watched: [users[1]], excluded: 2, inactive: 0, unmatched: [] });
  });

  test('skips suspended and locked users and counts them, but keeps a status it does not know', () => {
    const listed = [
      { loginName: 'alice', status: 'ENABLE' },
      { loginName: 'bob', status: 'SUSPENDED' },
      { loginName: 'carol', status: 'Locked' },
      { loginName: 'dave', status: 'ARCHIVED' },
      { loginName: 'erin' },
    ];

    const selection = selectServerUsers(listed, { excludeLoginNames: [], excludeOwners: [] });

    expect(selection.watched.map((u) => u.loginName)).toEqual(['alice', 'dave', 'erin']);
    expect(selection.inactive).toBe(2);
    expect(selection.excluded).toBe(0);
  });

  test('names the exclusions that matched nobody, which are likely typos', () => {
    const selection = selectServerUsers(users, {
      excludeLoginNames: ['Alice'],
      excludeOwners: ['reseller-north'],
    });

    expect(selection.watched).toEqual(users);
    expect(selection.unmatched).toEqual(['login name Alice', 'owner reseller-north']);
  });
});

describe('planWatch with the users of the server', () => {
  test('adds them whole and merges one the config names, by login name, keeping the config entry', () => {
    const plan = planWatch(
      {
        users: [],
        backupSets: [{ loginName: 'bob', backupSetId: '1', name: 'Laptop' }],
        jobs: [],
      },
      [{ loginName: 'alice' }, { loginName: 'bob', owner: 'reseller-east' }],
    );

    expect(plan.users).toEqual([
      {
        user: { loginName: 'bob', owner: undefined },
        wholeUser: true,
        targets: [expect.objectContaining({ backupSetId: '1' })],
      },
      { user: { loginName: 'alice', owner: undefined }, wholeUser: true, targets: [] },
    ]);
  });
});

describe('selectServerUsers: statuses and counts', () => {
  const none = { excludeLoginNames: [], excludeOwners: [] };

  test('a status is read whatever its case and blanks; a word merely containing "lock" stays watched', () => {
    const listed = [
      { loginName: 'alice', status: ' suspended ' },
      { loginName: 'bob', status: 'LOCKED' },
      { loginName: 'carol', status: 'UNLOCKED' },
      { loginName: 'dave', status: '' },
    ];

    const selection = selectServerUsers(listed, none);

    expect(selection.watched.map((u) => u.loginName)).toEqual(['carol', 'dave']);
    expect(selection.inactive).toBe(2);
  });

  test('a user both suspended and excluded is counted once, as inactive', () => {
    const listed = [
      { loginName: 'alice', status: 'SUSPENDED' },
      { loginName: 'bob', owner: 'east' },
      { loginName: 'carol', owner: 'east' },
      { loginName: 'dave' },
    ];

    const selection = selectServerUsers(listed, { excludeLoginNames: ['alice'], excludeOwners: ['east'] });

    expect(selection).toEqual({
      watched: [{ loginName: 'dave', owner: undefined }],
      excluded: 2,
      inactive: 1,
      // CBS listed alice, so her exclusion is no typo, even though she is skipped as suspended.
      unmatched: [],
    });
  });

  test('a user excluded both by name and by owner is one user left out; both exclusions matched', () => {
    const selection = selectServerUsers([{ loginName: 'bob', owner: 'east' }, { loginName: 'erin' }], {
      excludeLoginNames: ['bob'],
      excludeOwners: ['east'],
    });

    expect(selection).toEqual({
      watched: [{ loginName: 'erin', owner: undefined }],
      excluded: 1,
      inactive: 0,
      unmatched: [],
    });
  });

  test('an owner exclusion never leaves out users without an owner, nor one named like the owner', () => {
    const selection = selectServerUsers([{ loginName: 'east' }, { loginName: 'frank', owner: 'west' }], {
      excludeLoginNames: [],
      excludeOwners: ['east'],
    });

    expect(selection.watched.map((u) => u.loginName)).toEqual(['east', 'frank']);
    expect(selection.unmatched).toEqual(['owner east']);
  });
});
