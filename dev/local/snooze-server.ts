import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { SnoozeHandler } from '../../lambda/entry/snooze-handler';

export interface SnoozeServer {
  /** The page's address, as the stack's function URL would be: `http://127.0.0.1:<port>/`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The snooze function on loopback, standing in for its Lambda function URL: each request becomes
 * the payload-2.0 event a function URL sends (method, raw path, query, cookies, base64 body), and
 * the handler's answer goes back as is. The demo and the browser test open Snooze links here.
 */
export async function startSnoozeServer(handler: SnoozeHandler): Promise<SnoozeServer> {
  const server: Server = createServer((request, response) => {
    eventOf(request)
      .then(handler)
      .then((result) => {
        const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
        if (result.cookies?.length) headers['set-cookie'] = result.cookies;
        response.writeHead(result.statusCode ?? 200, headers);
        response.end(result.body ?? '');
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

async function eventOf(request: IncomingMessage): Promise<APIGatewayProxyEventV2> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    headers: { ...headers, 'x-forwarded-proto': 'http' },
    ...(request.headers.cookie ? { cookies: request.headers.cookie.split(';').map((c) => c.trim()) } : {}),
    ...(chunks.length > 0
      ? { body: Buffer.concat(chunks).toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      requestId: 'local',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
    },
  };
}
