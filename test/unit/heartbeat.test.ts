import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { Heartbeat, heartbeatUrl, ssmHeartbeatUrl } from '../../lambda/adapters/heartbeat/heartbeat';
import { startScriptedServer } from '../support/scripted-http-server';

// The URL's path is the monitor's key (healthchecks.io: /<uuid>): it must never be echoed.
const CHECK_KEY = '6f1c2a5e-secret-check-key';

type Server = Awaited<ReturnType<typeof startScriptedServer>>;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function monitor(answer: (attempt: number) => number | 'hang'): Promise<Server> {
  let attempt = 0;
  const server = await startScriptedServer((_request, res) => {
    attempt += 1;
    const status = answer(attempt);
    if (status === 'hang') return; // never answers: the ping's timeout must end it
    res.writeHead(status);
    res.end('OK');
  });
  servers.push(server);
  return server;
}

const heartbeat = (url: string, method: 'GET' | 'POST' = 'GET', timeoutMs = 2_000) =>
  new Heartbeat({ url: async () => url, method, timeoutMs, retryDelayMs: 10 });

describe('Heartbeat', () => {
  test('GET: one request to the URL, path included, and ok', async () => {
    const server = await monitor(() => 200);

    const outcome = await heartbeat(`${server.url}/${CHECK_KEY}`).ping();

    expect(outcome).toEqual({ ok: true, attempts: 1 });
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([['GET', `/${CHECK_KEY}`]]);
  });

  test('POST is sent as a POST', async () => {
    const server = await monitor(() => 200);

    expect(await heartbeat(`${server.url}/${CHECK_KEY}`, 'POST').ping()).toEqual({ ok: true, attempts: 1 });
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([['POST', `/${CHECK_KEY}`]]);
  });

  test('a 5xx is retried once; the second answer decides', async () => {
    const server = await monitor((attempt) => (attempt === 1 ? 503 : 200));

    expect(await heartbeat(`${server.url}/${CHECK_KEY}`).ping()).toEqual({ ok: true, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  test('two failures: not ok, with the status, and no third try', async () => {
    const server = await monitor(() => 500);

    const outcome = await heartbeat(`${server.url}/${CHECK_KEY}`).ping();

    expect(outcome).toEqual({ ok: false, attempts: 2, reason: 'HTTP 500' });
    expect(server.requests).toHaveLength(2);
  });

  test('a monitor that never answers costs at most two short timeouts', async () => {
    const server = await monitor(() => 'hang');
    const started = Date.now();

    const outcome = await heartbeat(`${server.url}/${CHECK_KEY}`, 'GET', 200).ping();

    expect(outcome).toEqual({ ok: false, attempts: 2, reason: 'timed out' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a refused connection is a reason naming the error code, never the URL', async () => {
    const server = await monitor(() => 200);
    const url = `${server.url}/${CHECK_KEY}`;
    await server.stop();
    servers.length = 0;

    const outcome = await heartbeat(url).ping();

    expect(outcome).toEqual({ ok: false, attempts: 2, reason: 'ECONNREFUSED' });
    expect(JSON.stringify(outcome)).not.toContain(CHECK_KEY);
  });

  test('a URL that cannot be read or used is a failed ping, not a thrown error', async () => {
    const unreadable = new Heartbeat({
      url: async () => {
        throw Object.assign(new Error(`Parameter ${CHECK_KEY} not found`), { name: 'ParameterNotFound' });
      },
      method: 'GET',
      timeoutMs: 100,
    });
    expect(await unreadable.ping()).toEqual({
      ok: false,
      attempts: 0,
      reason: 'cannot read the heartbeat parameter: ParameterNotFound',
    });
    const plain = new Heartbeat({
      url: async () => `http://hc-ping.com/${CHECK_KEY}`,
      method: 'GET',
      timeoutMs: 100,
    });
    expect(await plain.ping()).toEqual({
      ok: false,
      attempts: 0,
      reason: 'the heartbeat URL must use https',
    });
  });
});

describe('heartbeatUrl', () => {
  test.each([
    [`https://hc-ping.com/${CHECK_KEY}`, true],
    [`  https://hc-ping.com/${CHECK_KEY}\n`, true],
    ['http://127.0.0.1:8080/ping', true],
    ['http://localhost/ping', true],
    ['http://[::1]:9/ping', true],
    [`http://hc-ping.com/${CHECK_KEY}`, false],
    ['ftp://127.0.0.1/ping', false],
    ['not a url', false],
  ])('%j usable: %s', (value, usable) => {
    if (usable) expect(heartbeatUrl(value).href).toBe(new URL(value.trim()).href);
    else expect(() => heartbeatUrl(value)).toThrow(/heartbeat/);
  });

  test('the refusal never quotes the value', () => {
    expect(() => heartbeatUrl(`http://hc-ping.com/${CHECK_KEY}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(CHECK_KEY) }),
    );
  });
});

describe('ssmHeartbeatUrl', () => {
  test('reads the named parameter, decrypted', async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: `https://hc-ping.com/${CHECK_KEY}` } });
    const read = ssmHeartbeatUrl(
      '/backup-digest/heartbeat',
      new SSMProvider({ awsSdkV3Client: new SSMClient({}) }),
    );

    expect(await read()).toBe(`https://hc-ping.com/${CHECK_KEY}`);
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/backup-digest/heartbeat',
      WithDecryption: true,
    });
    ssm.restore();
  });
});
