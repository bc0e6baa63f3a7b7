import { CbsResponseError } from '../../lambda/adapters/cbs/cbs-errors';
import { CbsHttpClient } from '../../lambda/adapters/cbs/cbs-http-client';
import { ServerAnswerError } from '../../lambda/core/errors';
import { json, type Script, startScriptedServer } from '../support/scripted-http-server';

async function listUsersFrom(script: Script) {
  const server = await startScriptedServer(script);
  try {
    const client = new CbsHttpClient({
      baseUrl: server.url,
      timeZone: 'UTC',
      maxResponseBytes: 1024 * 1024,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      credentials: { sysUser: 'api-user', sysPwd: 'secret' },
      requestTimeoutMs: 2000,
      concurrency: 2,
    });
    const answer = await client.listUsers().then(
      (listing) => ({ listing, error: undefined }),
      (error: unknown) => ({ listing: undefined, error: error as Error }),
    );
    return { ...answer, requests: server.requests };
  } finally {
    await server.stop();
  }
}

describe('CbsHttpClient.listUsers', () => {
  test('POSTs to /obs/api/json/2/ListUsers.do and reads the array under User, not Data', async () => {
    const { listing, requests } = await listUsersFrom((_req, res) =>
      json(res, {
        Status: 'OK',
        User: [
          { LoginName: 'alice', Owner: '', UserId: '1' },
          { LoginName: 'bob', Owner: 'reseller-east', UserId: '2' },
        ],
      }),
    );

    expect(requests.map(({ path, body }) => ({ path, body }))).toEqual([
      { path: '/obs/api/json/2/ListUsers.do', body: { SysUser: 'api-user', SysPwd: 'secret' } },
    ]);
    expect(listing).toEqual({
      users: [
        { loginName: 'alice', owner: undefined },
        { loginName: 'bob', owner: 'reseller-east' },
      ],
      unreadable: [],
    });
  });

  test('an answer with Data but no User is an unexpected answer, named by endpoint', async () => {
    const { error } = await listUsersFrom((_req, res) =>
      json(res, { Status: 'OK', Data: [{ LoginName: 'a' }] }),
    );

    expect(error).toBeInstanceOf(CbsResponseError);
    expect(error?.message).toBe(
      '2/ListUsers: unexpected answer: User is missing, expected an array of users',
    );
  });

  test('Status Error carries the CBS message', async () => {
    const { error } = await listUsersFrom((_req, res) =>
      json(res, { Status: 'Error', Message: 'Incorrect system username/password', ExptType: 'x' }),
    );

    expect(error).toBeInstanceOf(ServerAnswerError);
    expect((error as ServerAnswerError).serverMessage).toBe('Incorrect system username/password');
  });

  test('the other endpoints still read Data', async () => {
    const server = await startScriptedServer((_req, res) =>
      json(res, { Status: 'OK', Data: [{ ID: '1', Name: 'Docs' }], User: 'not this' }),
    );
    try {
      const client = new CbsHttpClient({
        baseUrl: server.url,
        timeZone: 'UTC',
        maxResponseBytes: 1024 * 1024,
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        credentials: { sysUser: 'u', sysPwd: 'p' },
        requestTimeoutMs: 2000,
        concurrency: 1,
      });
      expect(await client.listBackupSets({ loginName: 'alice' })).toEqual([
        { id: '1', name: 'Docs', type: undefined },
      ]);
    } finally {
      await server.stop();
    }
  });
});
