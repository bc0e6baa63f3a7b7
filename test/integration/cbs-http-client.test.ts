import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CbsApiError,
  CbsAuthError,
  CbsResponseError,
  CbsTransportError,
} from '../../lambda/adapters/cbs/cbs-errors';
import { CbsHttpClient, type CbsHttpClientOptions } from '../../lambda/adapters/cbs/cbs-http-client';
import { Deadline } from '../../lambda/core/deadline';
import { OutOfTimeError, ServerAnswerError } from '../../lambda/core/errors';
import { json, type Script, startScriptedServer } from '../support/scripted-http-server';

const SECRET = 'pa55-w0rd-never-printed';
const user = { loginName: 'alice', owner: 'reseller-east' };
const summaryAnswer = readFileSync(join(__dirname, '../fixtures/cbs/summary-answer.json'), 'utf8');

async function withServer(
  script: Script,
  run: (client: CbsHttpClient, server: Awaited<ReturnType<typeof startScriptedServer>>) => Promise<void>,
  timeoutMs = 2000,
  concurrency = 4,
  extra: Partial<CbsHttpClientOptions> = {},
) {
  const server = await startScriptedServer(script);
  try {
    const client = new CbsHttpClient({
      baseUrl: `${server.url}/`,
      timeZone: 'UTC',
      maxResponseBytes: 1024 * 1024,
      credentials: { sysUser: 'api-user', sysPwd: SECRET },
      requestTimeoutMs: timeoutMs,
      concurrency,
      // One try unless a test is about retrying: each failure shows as it is.
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      ...extra,
    });
    await run(client, server);
  } finally {
    await server.stop();
  }
}

/** Every error the client throws must be free of the password, in message and in cause. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('expected a rejection');
  const seen = JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause) });
  expect(seen).not.toContain(SECRET);
  return error;
}

describe('CbsHttpClient', () => {
  test('POSTs JSON with credentials and parameters to /obs/api/json/<Name>.do', async () => {
    await withServer(
      (_req, res) => json(res, { Status: 'OK', Data: [] }),
      async (client, server) => {
        await client.listJobs(user, '2026-11-28');
        expect(server.requests.map(({ path, body }) => ({ path, body }))).toEqual([
          {
            path: '/obs/api/json/ListBackupJobStatus.do',
            body: {
              SysUser: 'api-user',
              SysPwd: SECRET,
              LoginName: 'alice',
              Owner: 'reseller-east',
              BackupDate: '2026-11-28',
            },
          },
        ]);
      },
    );
  });

  test('reads a summary answer with the quirks of a real server', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(summaryAnswer);
      },
      async (client, server) => {
        const summary = await client.getJobSummary({
          user,
          backupSetId: '1',
          destinationId: '2',
          jobId: '2024-08-23-10-00-36',
        });
        expect(server.requests[0]?.body).toMatchObject({
          BackupSetID: '1',
          DestinationID: '2',
          BackupJobID: '2024-08-23-10-00-36',
        });
        expect(summary).toMatchObject({
          jobId: '2024-08-23-10-00-36',
          status: 'BS_STOP_SUCCESS',
          updatedFiles: { count: 1, bytes: 726 },
          newFiles: { count: 12, bytes: undefined },
          missedDatabases: undefined,
        });
      },
    );
  });

  test('Status "Error" becomes an answer error with Message and ExptType; a refused login, a CbsAuthError', async () => {
    await withServer(
      (_req, res) =>
        json(res, {
          Status: 'Error',
          Message: 'Incorrect system username/password',
          ExptType: 'com.ahsay.obs.core.dbs.c',
        }),
      async (client) => {
        const error = await rejection(client.listBackupSets(user));
        expect(error).toBeInstanceOf(ServerAnswerError);
        expect(error).toBeInstanceOf(CbsAuthError);
        expect(error).toMatchObject({
          serverMessage: 'Incorrect system username/password',
          exptType: 'com.ahsay.obs.core.dbs.c',
          endpoint: 'ListBackupSets',
        });
      },
    );
  });

  test.each([
    [
      'an HTML error page from a proxy',
      502,
      'text/html',
      '<html><body>Bad Gateway</body></html>',
      /HTTP 502/,
    ],
    ['an HTML page with status 200', 200, 'text/html', '<html>login</html>', /answered text\/html, not JSON/],
  ])('%s is a CbsTransportError', async (_name, status, type, body, message) => {
    await withServer(
      (_req, res) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      },
      async (client) => {
        const error = await rejection(client.listJobs(user, '2026-11-28'));
        expect(error).toBeInstanceOf(CbsTransportError);
        expect(error.message).toMatch(message);
      },
    );
  });

  test('an answer without Status or with the wrong Data shape is a CbsResponseError', async () => {
    let answer: unknown = { Data: [] };
    await withServer(
      (_req, res) => json(res, answer),
      async (client) => {
        expect(await rejection(client.listJobs(user, '2026-11-28'))).toBeInstanceOf(CbsResponseError);
        answer = { Status: 'OK', Data: { not: 'a list' } };
        const error = await rejection(client.listJobs(user, '2026-11-28'));
        expect(error.message).toBe(
          'ListBackupJobStatus: unexpected answer: Data is an object, expected an array of jobs',
        );
      },
    );
  });

  test('a server that does not answer in time is a timeout, not a hang', async () => {
    await withServer(
      () => undefined, // never answers
      async (client) => {
        const error = await rejection(client.listJobs(user, '2026-11-28'));
        expect(error).toBeInstanceOf(CbsTransportError);
        expect(error.message).toBe('ListBackupJobStatus: no answer within 300 ms');
      },
      300,
    );
  });

  test('an unreachable server names the network error', async () => {
    const closed = await startScriptedServer(() => undefined);
    await closed.stop();
    const client = new CbsHttpClient({
      baseUrl: closed.url,
      timeZone: 'UTC',
      maxResponseBytes: 1024 * 1024,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      credentials: { sysUser: 'u', sysPwd: SECRET },
      requestTimeoutMs: 2000,
      concurrency: 1,
    });
    const error = await rejection(client.listJobs(user, '2026-11-28'));
    expect(error.message).toBe('ListBackupJobStatus: cannot reach CBS (ECONNREFUSED)');
  });

  test('never has more calls in flight than the configured concurrency, and reuses connections', async () => {
    await withServer(
      (_req, res) => {
        setTimeout(() => json(res, { Status: 'OK', Data: [] }), 20);
      },
      async (client, server) => {
        await Promise.all(
          Array.from({ length: 24 }, (_, i) => client.listJobs({ loginName: `u${i}` }, '2026-11-28')),
        );
        expect(server.requests).toHaveLength(24);
        expect(server.maxInFlight()).toBe(3);
        expect(server.sockets.size).toBe(3);
      },
      2000,
      3,
    );
  });

  const retrying = { retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 } };

  test.each<[string, (res: import('node:http').ServerResponse) => void]>([
    [
      '503 from a proxy',
      (res) => {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html>Service Unavailable</html>');
      },
    ],
    [
      '429 Too Many Requests',
      (res) => {
        res.writeHead(429, { 'retry-after': '0' });
        res.end();
      },
    ],
    [
      'an HTML login page with status 200',
      (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>Please log in</html>');
      },
    ],
    ['a connection reset', (res) => res.socket?.destroy()],
  ])('%s is retried until CBS answers', async (_name, fault) => {
    let calls = 0;
    await withServer(
      (_req, res) => {
        calls += 1;
        if (calls <= 2) fault(res);
        else json(res, { Status: 'OK', Data: [] });
      },
      async (client) => {
        await expect(client.listJobs(user, '2026-11-28')).resolves.toEqual({ jobs: [], unreadable: [] });
        expect(calls).toBe(3);
      },
      2000,
      4,
      retrying,
    );
  });

  test('a CBS Error answer is final: asked once', async () => {
    await withServer(
      (_req, res) => json(res, { Status: 'Error', Message: 'User "x" not found', ExptType: 'X' }),
      async (client, server) => {
        expect(await rejection(client.listJobs(user, '2026-11-28'))).toBeInstanceOf(CbsApiError);
        expect(server.requests).toHaveLength(1);
      },
      2000,
      4,
      retrying,
    );
  });

  test('a refused system user stops every later call before it reaches CBS', async () => {
    await withServer(
      (_req, res) =>
        json(res, {
          Status: 'Error',
          Message: 'Incorrect system username/password',
          ExptType: 'com.ahsay.obs.core.dbs.c',
        }),
      async (client, server) => {
        const first = await rejection(client.listJobs(user, '2026-11-28'));
        const later = await Promise.all(
          ['a', 'b', 'c'].map((loginName) => rejection(client.listJobs({ loginName }, '2026-11-28'))),
        );
        expect(first).toBeInstanceOf(CbsAuthError);
        expect(later.every((e) => e === first)).toBe(true);
        expect(server.requests).toHaveLength(1);
      },
      2000,
      1,
      retrying,
    );
  });

  test('an expired password is a refusal too', async () => {
    await withServer(
      (_req, res) =>
        json(res, { Status: 'Error', Message: 'Password has expired. Please change your password.' }),
      async (client) => {
        expect(await rejection(client.listBackupSets(user))).toBeInstanceOf(CbsAuthError);
      },
    );
  });

  test('CBS words that echo the password are redacted', async () => {
    await withServer(
      (req, res) =>
        json(res, { Status: 'Error', Message: `bad password ${String(req.body.SysPwd)} for api-user` }),
      async (client) => {
        const error = await rejection(client.listBackupSets(user));
        expect((error as CbsApiError).serverMessage).toBe('bad password *** for api-user');
      },
    );
  });

  test('an answer larger than the cap is refused, not buffered, and not retried', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Status: 'OK', Data: [{ ID: 'x'.repeat(64 * 1024) }] }));
      },
      async (client, server) => {
        const error = await rejection(client.listJobs(user, '2026-11-28'));
        expect(error.message).toBe('ListBackupJobStatus: answer larger than 16384 bytes refused');
        expect(server.requests).toHaveLength(1);
      },
      2000,
      4,
      { ...retrying, maxResponseBytes: 16 * 1024 },
    );
  });

  test('past the deadline no request is sent', async () => {
    await withServer(
      (_req, res) => json(res, { Status: 'OK', Data: [] }),
      async (client, server) => {
        const error = await client.listJobs(user, '2026-11-28').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OutOfTimeError);
        expect(server.requests).toHaveLength(0);
      },
      2000,
      4,
      { deadline: Deadline.in(0, 0) },
    );
  });
});
