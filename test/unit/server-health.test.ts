import { CountingServer } from '../../lambda/core/counting-server';
import {
  CredentialsError,
  LoginRefusedError,
  NoAnswerError,
  ServerUnreachableError,
} from '../../lambda/core/errors';
import { fatalAcross, healthOf } from '../../lambda/core/server-health';

describe('server health across the batches of a fan-out run', () => {
  test('a batch that never got an answer says so, as data', async () => {
    const noAnswer = () => Promise.reject(new NoAnswerError('connect ECONNREFUSED 127.0.0.1:1'));
    const server = new CountingServer({
      listUsers: noAnswer,
      listJobs: noAnswer,
      listBackupSets: noAnswer,
      getJobSummary: noAnswer,
      getBackupSet: noAnswer,
    });
    await server.listUsers().catch(() => undefined);
    await server.listBackupSets({ loginName: 'alice' }).catch(() => undefined);

    expect(healthOf(server)).toEqual({ unreachable: 'connect ECONNREFUSED 127.0.0.1:1' });
  });

  test.each<[string, Parameters<typeof fatalAcross>[0], unknown]>([
    ['every batch answered', [{}, {}], undefined],
    [
      'one batch of two unreachable: the server answered the other',
      [{ unreachable: 'ETIMEDOUT' }, {}],
      undefined,
    ],
    [
      'every batch unreachable',
      [{ unreachable: 'ETIMEDOUT' }, { unreachable: 'ECONNRESET' }],
      ServerUnreachableError,
    ],
    [
      'a login refused in any batch',
      [{}, { loginRefused: { message: 'refused', serverMessage: 'Incorrect password' } }],
      LoginRefusedError,
    ],
    ['credentials unreadable in any batch', [{ credentials: 'no such parameter' }, {}], CredentialsError],
    ['no batch at all', [], undefined],
  ])('%s', (_name, healths, expected) => {
    const fatal = fatalAcross(healths);

    if (expected === undefined) expect(fatal).toBeUndefined();
    else expect(fatal).toBeInstanceOf(expected as typeof Error);
  });

  test("a refused login keeps CBS's words for the notice", () => {
    const fatal = fatalAcross([
      { loginRefused: { message: 'CBS refused', serverMessage: 'Password expired' } },
    ]);

    expect(fatal).toBeInstanceOf(LoginRefusedError);
    expect((fatal as LoginRefusedError).serverMessage).toBe('Password expired');
  });
});

describe('healthOf', () => {
  const failing = (error: Error) => () => Promise.reject(error);
  const serverFailingWith = (error: Error) =>
    new CountingServer({
      listUsers: failing(error),
      listJobs: failing(error),
      listBackupSets: failing(error),
      getJobSummary: failing(error),
      getBackupSet: failing(error),
    });

  test('a refused login keeps our words and CBS\'s, and is not "unreachable": CBS answered', async () => {
    const server = serverFailingWith(
      new LoginRefusedError('CBS refused the system user', 'Password expired'),
    );
    await server.listUsers().catch(() => undefined);

    expect(healthOf(server)).toEqual({
      loginRefused: { message: 'CBS refused the system user', serverMessage: 'Password expired' },
    });
  });

  test('a server that answered says nothing is wrong', async () => {
    const server = new CountingServer({
      listUsers: async () => ({ users: [], unreadable: [] }),
      listJobs: async () => ({ jobs: [], unreadable: [] }),
      listBackupSets: async () => [],
      getJobSummary: failing(new NoAnswerError('ETIMEDOUT')),
      getBackupSet: failing(new NoAnswerError('ETIMEDOUT')),
    });
    await server.listUsers();
    await server.getBackupSet({ loginName: 'alice' }, '1').catch(() => undefined);

    expect(healthOf(server)).toEqual({});
  });
});

describe('fatalAcross: which failure a run reports', () => {
  test("the credentials' problem comes first, from whichever batch had it, with its words", () => {
    const fatal = fatalAcross([
      { loginRefused: { message: 'refused', serverMessage: 'Incorrect password' } },
      { unreachable: 'ETIMEDOUT' },
      { credentials: 'parameter /backup-digest/cbs not found' },
    ]);

    expect(fatal).toBeInstanceOf(CredentialsError);
    expect(fatal?.message).toBe('parameter /backup-digest/cbs not found');
  });

  test('a refused login in a later batch wins over the other batches being unreachable', () => {
    const fatal = fatalAcross([
      { unreachable: 'ETIMEDOUT' },
      { loginRefused: { message: 'CBS refused the system user', serverMessage: 'Incorrect password' } },
    ]);

    expect(fatal).toBeInstanceOf(LoginRefusedError);
    expect(fatal?.message).toBe('CBS refused the system user');
    expect((fatal as LoginRefusedError).serverMessage).toBe('Incorrect password');
  });

  test("an unreachable server is reported with the first batch's reason", () => {
    const fatal = fatalAcross([{ unreachable: 'connect ECONNREFUSED' }, { unreachable: 'ETIMEDOUT' }]);

    expect(fatal).toBeInstanceOf(ServerUnreachableError);
    expect(fatal?.message).toBe('connect ECONNREFUSED');
  });

  test('a first batch that got answers means the server is up, whatever the others say', () => {
    expect(fatalAcross([{}, { unreachable: 'ETIMEDOUT' }])).toBeUndefined();
  });
});
