import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  readBackupSets,
  readJobListing,
  readJobSummary,
  readUsers,
} from '../../lambda/adapters/cbs/cbs-answers';

interface CbsAnswer {
  Status: string;
  Data: unknown;
}

/** The zone of the CBS clock the answers are read in. */
const ZONE = 'Europe/Berlin';

/** A record as plain data: its instants become ISO text with the offset of the CBS zone. */
const plain = (record: unknown): unknown => JSON.parse(JSON.stringify(record));

/** A fresh copy of a CBS answer fixture per test. */
function cbsAnswer(name: string): CbsAnswer {
  const path = resolve(__dirname, '../fixtures/cbs', name);
  return JSON.parse(readFileSync(path, 'utf8')) as CbsAnswer;
}

/** The `Data` object of a fixture, for tests that edit single fields. */
function cbsData(name: string): Record<string, unknown> {
  return cbsAnswer(name).Data as Record<string, unknown>;
}

describe('readJobSummary', () => {
  test("reads the reference example answer from Ahsay's docs", () => {
    // prepare
    const answer = cbsAnswer('summary-reference-example.json');

    // act
    const summary = readJobSummary(answer.Data, ZONE);

    // assert
    expect(answer.Status).toBe('OK');
    expect(plain(summary)).toEqual({
      jobId: '2024-08-23-10-00-36',
      status: 'BS_STOP_SUCCESS',
      startTime: { at: '2024-08-23T10:00:37.000+02:00' },
      endTime: { at: '2024-08-23T10:00:59.000+02:00' },
      warnEntries: 0,
      errorEntries: 0,
      newFiles: { count: 0, bytes: 0 },
      updatedFiles: { count: 1, bytes: 726 },
      deletedFiles: { count: 0, bytes: 0 },
      movedFiles: { count: 0, bytes: 0 },
      missedDatabases: undefined,
      missedVirtualMachines: undefined,
      missedPublicFolders: undefined,
      dedupeSaving: 0,
    });
  });

  test('the reference example\'s "" counts read as unknown, not as 0', () => {
    // prepare
    const data = cbsData('summary-reference-example.json');

    // act
    const summary = readJobSummary(data, ZONE);

    // assert
    expect(data.MissedDatabase).toBe('');
    expect(summary).toHaveProperty('missedDatabases', undefined);
    expect(summary).toHaveProperty('missedPublicFolders', undefined);
  });

  test('reads numbers sent as strings, blanks, nulls and garbage, and ignores unknown fields', () => {
    // prepare
    const data = cbsData('summary-quirks.json');

    // act
    const summary = readJobSummary(data, ZONE);

    // assert
    expect(plain(summary)).toEqual({
      jobId: '2026-11-28-22-00-00',
      status: 'BS_STOP_SUCCESS_WITH_WARNING',
      startTime: { at: '2026-11-28T22:00:00.000+01:00' },
      warnEntries: 3,
      errorEntries: undefined,
      newFiles: { count: 12, bytes: 1536 },
      updatedFiles: { count: undefined, bytes: undefined },
      deletedFiles: { count: 2, bytes: undefined },
      movedFiles: { count: undefined, bytes: undefined },
      missedDatabases: undefined,
      missedVirtualMachines: 1,
      missedPublicFolders: undefined,
      dedupeSaving: 2048,
    });
    expect(summary).not.toHaveProperty('SomeFieldFromANewerServer');
  });

  test('a summary with every field missing still reads, as blanks', () => {
    // act
    const summary = readJobSummary({}, ZONE);

    // assert
    expect(summary.jobId).toBe('');
    expect(summary.status).toBe('');
    expect(summary.startTime).toBeUndefined();
    expect(summary.endTime).toBeUndefined();
    expect(summary.errorEntries).toBeUndefined();
    expect(summary.newFiles).toEqual({ count: undefined, bytes: undefined });
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['an object', { value: 3 }],
    ['a number with a unit', '3 files'],
  ])('a count that is %s reads as unknown', (_name, value) => {
    // prepare
    const data = { ...cbsData('summary-reference-example.json'), NumOfErrorEntries: value };

    // act
    const summary = readJobSummary(data, ZONE);

    // assert
    expect(summary.errorEntries).toBeUndefined();
  });

  test('an id sent as a number reads as text', () => {
    // prepare
    const data = { ...cbsData('summary-reference-example.json'), ID: 20240823100036 };

    // act
    const summary = readJobSummary(data, ZONE);

    // assert
    expect(summary.jobId).toBe('20240823100036');
  });

  test.each<[string, unknown, string]>([
    ['an array', [], 'Data is an array, expected a report object'],
    ['null', null, 'Data is null, expected a report object'],
    ['missing', undefined, 'Data is missing, expected a report object'],
    ['a string', '{"ID":"x"}', 'Data is a string, expected a report object'],
    ['a number', 0, 'Data is a number, expected a report object'],
  ])('Data that is %s throws a TypeError saying what it got', (_name, data, message) => {
    // act
    const act = () => readJobSummary(data, ZONE);

    // assert
    expect(act).toThrow(TypeError);
    expect(act).toThrow(message);
  });
});

describe('readJobListing', () => {
  test('keeps the good entries and turns the bad one into an unreadable reason', () => {
    // prepare
    const answer = cbsAnswer('listing-one-bad-entry.json');

    // act
    const listing = readJobListing(answer.Data, ZONE);

    // assert
    expect(listing.unreadable).toEqual([{ reason: 'entry 1: ID: required', backupSetId: '1687755057700' }]);
    expect(listing.jobs.map((job) => job.jobId)).toEqual(['2026-11-28-22-00-00', '2026-11-28-23-40-00']);
  });

  test('reads a finished job, blanks becoming undefined and the size a number', () => {
    // prepare
    const answer = cbsAnswer('listing-one-bad-entry.json');

    // act
    const [finished] = readJobListing(answer.Data, ZONE).jobs;

    // assert
    expect(plain(finished)).toEqual({
      jobId: '2026-11-28-22-00-00',
      idStart: '2026-11-28T22:00:00.000+01:00',
      loginName: 'alice',
      owner: undefined,
      backupSetId: '1687755057644',
      backupSetName: 'File server',
      destinationId: '1687755083984',
      status: 'BS_STOP_SUCCESS',
      startTime: { at: '2026-11-28T22:00:00.000+01:00' },
      endTime: { at: '2026-11-28T23:12:30.000+01:00' },
      uploadSize: 1536,
    });
  });

  test("a job's id names its start; where the StartTime CBS sent is another time, each is read for itself", () => {
    const entry = (ID: string, StartTime: string) => ({
      ID,
      BackupSetID: '1',
      StartTime,
      BackupJobStatus: 'BS_STOP_SUCCESS',
    });

    const [late, same, unreadable] = readJobListing(
      [
        entry('2026-11-28-06-30-00', '2026-11-28 07:10:00'),
        entry('2026-11-28-22-00-00', ' 2026-11-28T22:00:00 '),
        entry('2026-11-28-23-00-00', '2026-11-28 23;00:00'),
      ],
      ZONE,
    ).jobs.map((job) => plain(job) as { idStart?: string; startTime?: unknown });

    expect([late?.idStart, late?.startTime]).toEqual([
      '2026-11-28T06:30:00.000+01:00',
      { at: '2026-11-28T07:10:00.000+01:00' },
    ]);
    expect([same?.idStart, same?.startTime]).toEqual([
      '2026-11-28T22:00:00.000+01:00',
      { at: '2026-11-28T22:00:00.000+01:00' },
    ]);
    expect([unreadable?.idStart, unreadable?.startTime]).toEqual([
      '2026-11-28T23:00:00.000+01:00',
      { unreadable: '2026-11-28 23;00:00' },
    ]);
  });

  test('reads a running job with an empty status, a numeric set id and fields left out', () => {
    // prepare
    const answer = cbsAnswer('listing-one-bad-entry.json');

    // act
    const running = readJobListing(answer.Data, ZONE).jobs[1];

    // assert
    expect(plain(running)).toEqual({
      jobId: '2026-11-28-23-40-00',
      idStart: '2026-11-28T23:40:00.000+01:00',
      loginName: 'alice',
      owner: 'reseller-east',
      backupSetId: '1687755057800',
      backupSetName: 'Exchange',
      destinationId: undefined,
      status: '',
      startTime: { at: '2026-11-28T23:40:00.000+01:00' },
      endTime: undefined,
      uploadSize: undefined,
    });
  });

  test.each<[string, unknown, string, string | undefined]>([
    ['null', null, 'entry 0: (root): Invalid input: expected object, received null', undefined],
    [
      'a string',
      '2026-11-28-22-00-00',
      'entry 0: (root): Invalid input: expected object, received string',
      undefined,
    ],
    ['a blank ID', { ID: '  ', BackupSetID: ' 1687755057644 ' }, 'entry 0: ID: required', '1687755057644'],
    [
      'a blank ID, numeric set',
      { ID: '', BackupSetID: 1687755057644 },
      'entry 0: ID: required',
      '1687755057644',
    ],
    [
      'no BackupSetID',
      { ID: '2026-11-28-22-00-00', BackupSetID: null },
      'entry 0: BackupSetID: required',
      undefined,
    ],
  ])(
    'an entry that is %s becomes a reason, with its set when that reads',
    (_name, entry, reason, backupSetId) => {
      // act
      const listing = readJobListing([entry], ZONE);

      // assert
      expect(listing).toEqual({ jobs: [], unreadable: [{ reason, backupSetId }] });
    },
  );

  test.each<[string, (n: number) => unknown, number]>([
    ['empty objects', () => ({}), 130_000],
    ['minimal jobs', (i) => ({ ID: `2026-11-28-22-00-${i % 60}`, BackupSetID: `${i}` }), 20_001],
  ])(
    'a listing of more than 20,000 entries (%s) is refused whole, not read entry by entry',
    (_name, entry, count) => {
      // prepare
      const data = Array.from({ length: count }, (_, i) => entry(i));

      // act
      const act = () => readJobListing(data, ZONE);

      // assert
      expect(act).toThrow(
        `too many entries: ${count.toLocaleString('en')} jobs, more than the 20,000 one answer may hold; none were read`,
      );
    },
  );

  test('a listing of exactly 20,000 entries is read', () => {
    const data = Array.from({ length: 20_000 }, (_, i) => ({
      ID: '2026-11-28-22-00-00',
      BackupSetID: `${i}`,
    }));

    expect(readJobListing(data, ZONE).jobs).toHaveLength(20_000);
  });

  test.each([
    ['-1', undefined],
    [-1, undefined],
    [-0.5, undefined],
    ['-1024', undefined],
    [0, 0],
    ['1024', 1024],
  ])('a count or size of %p reads as %p: never negative', (value, expected) => {
    const summary = readJobSummary(
      { MissedDatabase: value, TotalNewFilesSize: value, DedupeSaving: value },
      ZONE,
    );

    expect([summary.missedDatabases, summary.newFiles.bytes, summary.dedupeSaving]).toEqual([
      expected,
      expected,
      expected,
    ]);
  });

  test('an empty listing is no jobs and no reasons', () => {
    // act
    const listing = readJobListing([], ZONE);

    // assert
    expect(listing).toEqual({ jobs: [], unreadable: [] });
  });

  // Real servers answer a date without jobs with Status OK and no Data (shared/reference).
  test.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['an empty string', ''],
  ])('a quiet date (Data %s) is an empty listing, not an unreadable answer', (_name, data) => {
    // act
    const listing = readJobListing(data, ZONE);

    // assert
    expect(listing).toEqual({ jobs: [], unreadable: [] });
  });

  test.each<[string, unknown, string]>([
    ['an object', { ID: '2026-11-28-22-00-00' }, 'Data is an object, expected an array of jobs'],
    ['a string', '[]', 'Data is a string, expected an array of jobs'],
    ['a number', 0, 'Data is a number, expected an array of jobs'],
  ])('Data that is %s throws a TypeError saying what it got', (_name, data, message) => {
    // act
    const act = () => readJobListing(data, ZONE);

    // assert
    expect(act).toThrow(TypeError);
    expect(act).toThrow(message);
  });
});

describe('readBackupSets', () => {
  test('a user without sets may be answered without Data: no sets', () => {
    expect(readBackupSets(undefined)).toEqual([]);
    expect(readBackupSets(null)).toEqual([]);
    expect(readBackupSets('')).toEqual([]);
  });

  test('reads sets, names a nameless set by its id and skips a set without an id', () => {
    // prepare
    const answer = cbsAnswer('backup-sets.json');

    // act
    const sets = readBackupSets(answer.Data);

    // assert
    expect(sets).toEqual([
      { id: '1687755057644', name: 'File server', type: 'FILE' },
      { id: '1687755057700', name: '1687755057700', type: undefined },
      { id: '1687755057800', name: 'Mailboxes', type: 'Office 365 Exchange Online' },
    ]);
  });

  test('a null entry is skipped, the others kept', () => {
    // prepare
    const data = [null, ...(cbsAnswer('backup-sets.json').Data as unknown[])];

    // act
    const sets = readBackupSets(data);

    // assert
    expect(sets).toHaveLength(3);
  });

  test.each<[string, unknown, string]>([
    ['an object', { ID: '1687755057644' }, 'Data is an object, expected an array of backup sets'],
    ['a number', 5, 'Data is a number, expected an array of backup sets'],
  ])('Data that is %s throws a TypeError saying what it got', (_name, data, message) => {
    // act
    const act = () => readBackupSets(data);

    // assert
    expect(act).toThrow(TypeError);
    expect(act).toThrow(message);
  });
});

describe('CBS answer readers, at the edges of their leniency', () => {
  const job = (fields: Record<string, unknown>) =>
    readJobListing([{ ID: '2026-11-28-22-00-00', BackupSetID: '1', ...fields }], ZONE);

  test('ids and statuses are trimmed; names keep what CBS sent', () => {
    const [read] = job({
      ID: ' 2026-11-28-22-00-00 ',
      BackupSetID: ' 7 ',
      BackupJobStatus: ' BS_STOP_SUCCESS ',
      BackupSetName: ' Files ',
    }).jobs;

    expect([read?.jobId, read?.backupSetId, read?.status, read?.backupSetName]).toEqual([
      '2026-11-28-22-00-00',
      '7',
      'BS_STOP_SUCCESS',
      ' Files ',
    ]);
  });

  test('a set id of 1e309 (Infinity once parsed) reads as missing: the entry is unreadable, its set unknown', () => {
    const listing = readJobListing(JSON.parse('[{"ID":"2026-11-28-22-00-00","BackupSetID":1e309}]'), ZONE);

    expect(listing.jobs).toEqual([]);
    expect(listing.unreadable).toEqual([
      { reason: 'entry 0: BackupSetID: required', backupSetId: undefined },
    ]);
  });

  test('an id of the wrong type is no id: an object ID makes the entry unreadable, a boolean login name is blank', () => {
    expect(job({ ID: { value: 1 } }).unreadable).toEqual([
      { reason: 'entry 0: ID: required', backupSetId: '1' },
    ]);
    expect(job({ LoginName: true }).jobs[0]?.loginName).toBe('');
  });

  test('an unreadable entry names its set by the trimmed id, and only by a number or text', () => {
    const listing = readJobListing(
      [{ BackupSetID: ' 12 ' }, { BackupSetID: 13 }, { BackupSetID: true }],
      ZONE,
    );

    expect(listing.unreadable.map((u) => u.backupSetId)).toEqual(['12', '13', undefined]);
  });

  test('an unreadable entry that is not an object names no set', () => {
    expect(readJobListing([42, null], ZONE).unreadable.map((u) => u.backupSetId)).toEqual([
      undefined,
      undefined,
    ]);
  });

  test.each<[unknown, number | undefined]>([
    ['12', 12],
    [' 12.25 ', 12.25],
    ['12abc', undefined],
    ['abc12', undefined],
    ['1.x', undefined],
    ['1.', undefined],
    ['1.5.5', undefined],
    [['12'], undefined],
    [true, undefined],
  ])('a size sent as %j reads as %j', (value, size) => {
    expect(job({ UploadSize: value }).jobs[0]?.uploadSize).toBe(size);
  });

  test('sets: ids trimmed, a blank name falls back to the trimmed id; too many are named as backup sets', () => {
    expect(readBackupSets([{ ID: ' 5 ', Name: ' ' }])).toEqual([{ id: '5', name: '5', type: undefined }]);
    expect(() => readBackupSets(Array(20_001).fill({ ID: '1' }))).toThrow(
      / backup sets, more than the 20,000/,
    );
  });

  test('users: owner and status trimmed; too many are named as users', () => {
    expect(readUsers([{ LoginName: 'a', Owner: ' r1 ', Status: ' ENABLE ' }]).users).toEqual([
      { loginName: 'a', owner: 'r1', status: 'ENABLE' },
    ]);
    expect(() => readUsers(Array(500_001).fill({ LoginName: 'a' }))).toThrow(/ users, more than the 500,000/);
  });

  test('a summary whose fields are of the wrong types still reads, as blanks', () => {
    expect(() => readJobSummary({ ID: { nested: true }, BackupJobStatus: [] }, ZONE)).not.toThrow();
    expect(readJobSummary({ ID: { nested: true } }, ZONE).jobId).toBe('');
  });
});
