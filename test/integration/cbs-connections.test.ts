import { CbsTransportError } from '../../lambda/adapters/cbs/cbs-errors';
import { CbsHttpClient, createCbsAgent } from '../../lambda/adapters/cbs/cbs-http-client';
import { json, type Script, startScriptedServer } from '../support/scripted-http-server';

// What Node's client, which the CBS pool is built on, must not do on its own: follow a redirect
// (the credentials would go to wherever CBS or a proxy points), or buffer an answer without bound.

const user = { loginName: 'alice' };

/** A client of two connections and one retry on `pool`, asking `server`. */
function clientOf(url: string, pool: ReturnType<typeof createCbsAgent>, timeoutMs = 2_000): CbsHttpClient {
  return new CbsHttpClient({
    baseUrl: url,
    timeZone: 'UTC',
    maxResponseBytes: 16 * 1024,
    credentials: { sysUser: 'u', sysPwd: 'p' },
    requestTimeoutMs: timeoutMs,
    concurrency: 2,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    dispatcher: pool,
  });
}

async function withServer(script: Script, run: (client: CbsHttpClient) => Promise<void>, timeoutMs?: number) {
  const server = await startScriptedServer(script);
  const pool = createCbsAgent(2);
  try {
    await run(clientOf(server.url, pool, timeoutMs));
  } finally {
    await pool.close();
    await server.stop();
  }
}

test('a redirect is not followed: the credentials stay with the configured server', async () => {
  let asked = 0;
  await withServer(
    (req, res) => {
      asked += 1;
      if (req.path.endsWith('/elsewhere')) return json(res, { Status: 'OK', Data: [] });
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    },
    async (client) => {
      const error = await client.listBackupSets(user).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CbsTransportError);
      expect((error as Error).message).toBe('ListBackupSets: HTTP 302');
      expect((error as CbsTransportError).retryable).toBe(false);
      expect(asked).toBe(1);
    },
  );
});

test('an answer streamed without a length is cut off at the cap, not buffered', async () => {
  let asked = 0;
  await withServer(
    (_req, res) => {
      asked += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      // Chunked: no content-length to refuse it by; the cap must hold while reading.
      for (let i = 0; i < 64; i += 1) res.write(' '.repeat(1024));
      res.end('{"Status":"OK","Data":[]}');
    },
    async (client) => {
      const error = await client.listBackupSets(user).catch((e: unknown) => e);

      expect((error as Error).message).toBe('ListBackupSets: answer larger than 16384 bytes refused');
      expect(asked).toBe(1);
    },
  );
});

test('kept-alive connections are reused across calls, never more than the pool holds', async () => {
  const sockets = new Set<unknown>();
  const server = await startScriptedServer((_req, res) => json(res, { Status: 'OK', Data: [] }));
  const pool = createCbsAgent(2);
  try {
    const client = clientOf(server.url, pool);
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(Array.from({ length: 6 }, () => client.listBackupSets(user)));
      for (const socket of server.sockets) sockets.add(socket);
    }

    expect(server.requests).toHaveLength(18);
    expect(sockets.size).toBe(2);
  } finally {
    await pool.close();
    await server.stop();
  }
});

test('an answer that stalls after its headers times out within the attempt, and frees its connection', async () => {
  let asked = 0;
  await withServer(
    (_req, res) => {
      asked += 1;
      if (asked > 2) return json(res, { Status: 'OK', Data: [] });
      // Headers and the start of a body, then nothing: the attempt's one timer covers the body too.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"Status":');
    },
    async (client) => {
      const error = await client.listBackupSets(user).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CbsTransportError);
      expect((error as Error).message).toBe('ListBackupSets: no answer within 300 ms');
      expect(asked).toBe(2);
      // The stalled sockets were given up, not left holding the pool's two places.
      await expect(client.listBackupSets(user)).resolves.toEqual([]);
    },
    300,
  );
});

test('a connection dropped in the middle of an answer is a network failure, asked again', async () => {
  let asked = 0;
  let dropEvery = true;
  await withServer(
    (_req, res) => {
      asked += 1;
      if (!dropEvery && asked > 1) return json(res, { Status: 'OK', Data: [] });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"Status":"OK","Data":[', () => res.socket?.destroy());
    },
    async (client) => {
      const error = await client.listBackupSets(user).catch((e: unknown) => e);
      expect((error as Error).message).toBe('ListBackupSets: cannot reach CBS (ECONNRESET)');
      expect((error as CbsTransportError).retryable).toBe(true);
      expect(asked).toBe(2);

      asked = 0;
      dropEvery = false;
      await expect(client.listBackupSets(user)).resolves.toEqual([]);
      expect(asked).toBe(2);
    },
  );
});
