import { createServer, type Server } from 'node:https';
import {
  type AddressInfo,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { generate } from 'selfsigned';
import { CbsTransportError } from '../../lambda/adapters/cbs/cbs-errors';
import { CbsHttpClient, createCbsAgent } from '../../lambda/adapters/cbs/cbs-http-client';

// Many CBS servers use a private CA or a self-signed certificate: verification stays on, and
// the operator adds the certificate to trust.

let server: Server;
let url: string;
let cert: string;
let requests = 0;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  cert = pems.cert;
  server = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Status: 'OK', Data: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A client of one connection and quick retries; each test names what it changes. */
function client(
  options: {
    ca?: string;
    baseUrl?: string;
    maxAttempts?: number;
    requestTimeoutMs?: number;
    dispatcher?: ReturnType<typeof createCbsAgent>;
  } = {},
): CbsHttpClient {
  return new CbsHttpClient({
    baseUrl: options.baseUrl ?? url,
    timeZone: 'UTC',
    maxResponseBytes: 1024 * 1024,
    credentials: { sysUser: 'u', sysPwd: 'p' },
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    concurrency: 1,
    retry: { maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 1, maxDelayMs: 1 },
    dispatcher: options.dispatcher ?? createCbsAgent(1, options.ca),
  });
}

test('a self-signed certificate is refused by default, once, with advice', async () => {
  requests = 0;

  const error = await client()
    .listBackupSets({ loginName: 'alice' })
    .catch((e: unknown) => e);

  expect(error).toBeInstanceOf(CbsTransportError);
  expect((error as Error).message).toBe(
    'ListBackupSets: the CBS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); add its CA to cbs.caCertificates',
  );
  expect((error as CbsTransportError).retryable).toBe(false);
  expect(requests).toBe(0);
});

test('with its certificate in cbs.caCertificates, the same server is trusted', async () => {
  await expect(client({ ca: cert }).listBackupSets({ loginName: 'alice' })).resolves.toEqual([]);
  expect(requests).toBe(1);
});

describe('what a certificate problem advises', () => {
  let other: Server | undefined;
  afterEach(async () => {
    other?.closeAllConnections();
    await new Promise((resolve) => (other ? other.close(resolve) : resolve(undefined)));
    other = undefined;
  });

  async function serve(pems: { private: string; cert: string }): Promise<number> {
    other = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => other?.listen(0, '127.0.0.1', resolve));
    return (other.address() as AddressInfo).port;
  }

  test('a certificate for another name says to use the name it holds, not to add a CA', async () => {
    // The certificate names only cbs.example.com; the client asks for 127.0.0.1.
    const named = await generate([{ name: 'commonName', value: 'cbs.example.com' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'cbs.example.com' }] }],
    });
    const port = await serve(named);
    const byName = client({ baseUrl: `https://127.0.0.1:${port}`, ca: named.cert });

    const error = await byName.listBackupSets({ loginName: 'alice' }).catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      'ListBackupSets: the CBS certificate is not trusted (ERR_TLS_CERT_ALTNAME_INVALID); it does not name the host in cbs.baseUrl: use a host name the certificate holds',
    );
    expect((error as CbsTransportError).retryable).toBe(false);
  });

  test('an expired certificate says to renew it, not to add a CA', async () => {
    const expired = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date('2020-01-01T00:00:00Z'),
      notAfterDate: new Date('2021-01-01T00:00:00Z'),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const port = await serve(expired);
    const old = client({ baseUrl: `https://127.0.0.1:${port}`, ca: expired.cert, maxAttempts: 1 });

    const error = await old.listBackupSets({ loginName: 'alice' }).catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      'ListBackupSets: the CBS certificate is not trusted (CERT_HAS_EXPIRED); it has expired: renew the certificate on the CBS server',
    );
  });
});

describe('a TLS handshake that never completes', () => {
  let stalled: NetServer;
  let stalledUrl: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts the TCP connection, then never answers the ClientHello.
    stalled = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    stalledUrl = `https://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => stalled.close(resolve));
  });

  test.each([
    ['the pool the runtime builds', () => createCbsAgent(1, undefined, 400)],
    ['a pool built without the timeout', () => createCbsAgent(1)],
  ])('is bounded by requestTimeoutMs per attempt (%s)', async (_name, pool) => {
    const stalledClient = client({
      baseUrl: stalledUrl,
      requestTimeoutMs: 400,
      maxAttempts: 2,
      dispatcher: pool(),
    });
    const started = Date.now();

    const error = await stalledClient.listBackupSets({ loginName: 'alice' }).catch((e: unknown) => e);

    // Two attempts of 400 ms: far from undici's own 10 s connect timeout per attempt.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(CbsTransportError);
    expect((error as Error).message).toBe('ListBackupSets: no answer within 400 ms');
  });
});
