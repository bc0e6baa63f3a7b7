import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';

/** A keep-alive socket unused this long is closed: below the 5 s idle limit of Node and Tomcat servers. */
const IDLE_SOCKET_MS = 4_000;

/** What `connect` timeouts raise, as `code`: the attempt found no server within its time. */
export const CONNECT_TIMEOUT_CODE = 'CBS_CONNECT_TIMEOUT';

/**
 * The CBS connection pool: Node's own HTTP and HTTPS agents, kept alive and capped at the calls
 * allowed in flight, one per runtime so warm invocations reuse connections. Node's client instead
 * of undici, whose 530 KB were a quarter of the function's bundle once juice was out. Redirects
 * are never followed (Node's client does not), certificates are always verified, and a TCP or TLS
 * handshake that stalls is given up after `connectTimeoutMs`, freeing its place in the pool.
 */
export class CbsConnections {
  private readonly http: http.Agent;
  private readonly https: https.Agent;

  constructor(
    concurrency: number,
    /** PEM certificates of a private or self-signed CA, trusted beside Node's own list. */
    ca: string | undefined,
    private readonly connectTimeoutMs: number,
  ) {
    const pool = {
      keepAlive: true,
      maxSockets: concurrency,
      maxFreeSockets: concurrency,
      timeout: IDLE_SOCKET_MS,
    };
    this.http = new http.Agent(pool);
    this.https = new https.Agent({
      ...pool,
      rejectUnauthorized: true,
      ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
    });
  }

  /**
   * POSTs `body` and resolves to the response, its body not yet read; `signal` aborts the attempt
   * at any point, handshake and body included.
   */
  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.https : this.http,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
      });
      request.once('response', resolve);
      request.once('error', reject);
      request.once('socket', (socket) => this.limitHandshake(socket, secure, request));
      request.end(body);
    });
  }

  /** Closes every socket; the pool cannot be used after. */
  async close(): Promise<void> {
    this.http.destroy();
    this.https.destroy();
  }

  /** A new socket must connect (and finish its TLS handshake) within `connectTimeoutMs`. */
  private limitHandshake(socket: Socket, secure: boolean, request: http.ClientRequest): void {
    // A kept-alive socket handed out again is connected already.
    if (request.reusedSocket) return;
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no connection within ${this.connectTimeoutMs} ms`), {
        code: CONNECT_TIMEOUT_CODE,
      });
      request.destroy(error);
    }, this.connectTimeoutMs);
    const done = () => clearTimeout(timer);
    socket.once(secure ? 'secureConnect' : 'connect', done);
    socket.once('close', done);
  }
}
