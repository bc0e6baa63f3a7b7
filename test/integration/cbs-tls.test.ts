import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
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

function client(ca?: string): CbsHttpClient {
  return new CbsHttpClient({
    baseUrl: url,
    timeZone: 'UTC',
    maxResponseBytes: 1024 * 1024,
    credentials: { sysUser: 'u', sysPwd: 'p' },
    requestTimeoutMs: 5_000,
    concurrency: 1,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    dispatcher: createCbsAgent(1, ca),
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
  await expect(client(cert).listBackupSets({ loginName: 'alice' })).resolves.toEqual([]);
  expect(requests).toBe(1);
});
