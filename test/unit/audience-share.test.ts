import { audienceShare } from '../../lambda/core/audience';
import type { BackupUserRef, UserListing } from '../../lambda/core/backup-server';
import { NO_EXTRAS } from '../../lambda/core/build-digest';
import type { DigestExtras, DigestRow } from '../../lambda/core/digest';
import { OWNERS_ON_ROWS, ownerDirectory, resolveOwners } from '../../lambda/core/owner-directory';
import { FakeBackupServer } from '../support/fake-backup-server';
import { RecordingLog } from '../support/recording-log';

// What audiences.test.ts leaves out: who is named as unplaced, extras kept whole, and the
// directory's precedence rules.
const row = (loginName: string, owner: string | undefined, backupSetId?: string): DigestRow => ({
  jobClass: 'failed',
  reason: 'failed',
  user: { loginName, owner },
  backupSetId,
  notes: [],
});

describe('audienceShare', () => {
  test('users no owners selector could place are named once each, in order', () => {
    const rows = [row('zed', undefined, 'z1'), row('adam', undefined, 'a1'), row('zed', undefined, 'z2')];
    const extras: DigestExtras = {
      ...NO_EXTRAS,
      notScheduled: [{ user: { loginName: 'mia' }, backupSetId: 'm1' }],
    };

    const share = audienceShare({ owners: ['east'] }, rows, extras, OWNERS_ON_ROWS);

    expect(share.rows).toEqual([]);
    expect(share.extras.notScheduled).toEqual([]);
    expect(share.unplaced).toEqual(['adam', 'mia', 'zed']);
  });

  test('a selector without owners never asks for one, so it names no one unplaced', () => {
    const rows = [row('zed', undefined, 'z1'), row('adam', undefined, 'a1')];

    const share = audienceShare(
      { loginNames: ['adam'], backupSets: ['q9'] },
      rows,
      NO_EXTRAS,
      OWNERS_ON_ROWS,
    );

    expect(share.rows.map((r) => r.user.loginName)).toEqual(['adam']);
    expect(share.unplaced).toEqual([]);
  });

  test('a user known to have no sub-admin is left out of an owners selector without being named', () => {
    const share = audienceShare(
      { owners: ['east'] },
      [row('adam', undefined, 'a1'), row('bob', 'east', 'b1')],
      NO_EXTRAS,
      ownerDirectory([{ loginName: 'adam' }], true),
    );

    expect(share.rows.map((r) => r.user.loginName)).toEqual(['bob']);
    expect(share.unplaced).toEqual([]);
  });

  test('a row without a set is picked by its user, never by a backup-set selector', () => {
    const rows = [row('adam', undefined), row('bob', undefined, 'b1')];

    expect(audienceShare({ backupSets: ['b1'] }, rows, NO_EXTRAS, OWNERS_ON_ROWS).rows).toEqual([rows[1]]);
    expect(audienceShare({ loginNames: ['adam'] }, rows, NO_EXTRAS, OWNERS_ON_ROWS).rows).toEqual([rows[0]]);
  });

  test('an empty selector picks nothing', () => {
    const share = audienceShare({}, [row('bob', 'east', 'b1')], NO_EXTRAS, OWNERS_ON_ROWS);

    expect(share.rows).toEqual([]);
    expect(share.unplaced).toEqual([]);
  });

  test('the extras an audience does not select on are kept whole: notices, whether the digest remembers', () => {
    const extras: DigestExtras = { ...NO_EXTRAS, notices: ['History unavailable tonight.'], remembers: true };

    const share = audienceShare({ everything: true }, [], extras, OWNERS_ON_ROWS);

    expect(share.extras).toEqual(extras);
  });
});

describe('ownerDirectory', () => {
  const listed: BackupUserRef[] = [{ loginName: 'bob', owner: 'east' }, { loginName: 'adam' }];

  test("a row's own owner wins over the listing", () => {
    expect(ownerDirectory(listed).ownerOf({ loginName: 'bob', owner: 'west' })).toEqual({ owner: 'west' });
  });

  test('a listed user has the listed owner, or is known to have none', () => {
    const directory = ownerDirectory(listed);

    expect(directory.ownerOf({ loginName: 'bob' })).toEqual({ owner: 'east' });
    expect(directory.ownerOf({ loginName: 'adam' })).toEqual({ owner: undefined });
  });

  test('a user not listed is unknown, unless the listing is every user CBS has', () => {
    expect(ownerDirectory(listed).ownerOf({ loginName: 'ghost' })).toBeUndefined();
    expect(ownerDirectory(listed, true).ownerOf({ loginName: 'ghost' })).toEqual({ owner: undefined });
  });

  test('OWNERS_ON_ROWS knows only what a row says', () => {
    expect(OWNERS_ON_ROWS.ownerOf({ loginName: 'bob', owner: 'east' })).toEqual({ owner: 'east' });
    expect(OWNERS_ON_ROWS.ownerOf({ loginName: 'bob' })).toBeUndefined();
  });
});

describe('resolveOwners', () => {
  test('a failed listing is logged with how many users it left unplaced', async () => {
    const server = new FakeBackupServer().usersAre(new Error('HTTP 503'));
    const log = new RecordingLog();

    await resolveOwners(
      server,
      [{ loginName: 'carol' }, { loginName: 'ghost' }, { loginName: 'bob', owner: 'e' }],
      [],
      log,
    );

    expect(log.lines).toEqual([['warn', 'sub-admins not read', { users: 2, error: 'HTTP 503' }]]);
  });

  test('a listing that answers nothing at all leaves those owners unknown, and says so', async () => {
    const server = new FakeBackupServer();
    server.listUsers = async () => undefined as unknown as UserListing;
    const log = new RecordingLog();

    const owners = await resolveOwners(server, [{ loginName: 'carol' }], [], log);

    expect(owners.ownerOf({ loginName: 'carol' })).toBeUndefined();
    expect(log.lines).toEqual([['warn', 'sub-admins not read', { users: 1, error: undefined }]]);
  });

  test("the users already listed count with CBS's answer", async () => {
    const server = new FakeBackupServer().usersAre({
      users: [{ loginName: 'carol', owner: 'west' }],
      unreadable: [],
    });
    const log = new RecordingLog();

    const owners = await resolveOwners(
      server,
      [{ loginName: 'carol' }, { loginName: 'dave' }],
      [{ loginName: 'dave', owner: 'east' }],
      log,
    );

    expect(owners.ownerOf({ loginName: 'dave' })).toEqual({ owner: 'east' });
    expect(owners.ownerOf({ loginName: 'carol' })).toEqual({ owner: 'west' });
    expect(log.lines).toEqual([]);
  });

  test('with no users to place, nothing is asked', async () => {
    const server = new FakeBackupServer();

    const owners = await resolveOwners(server, [], [], new RecordingLog());

    expect(server.calls).toEqual([]);
    expect(owners.ownerOf({ loginName: 'x' })).toBeUndefined();
  });
});
