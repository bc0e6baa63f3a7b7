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
