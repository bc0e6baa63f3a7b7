import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { urlToHttpOptions } from 'node:url';

/** A keep-alive socket unused this long is closed: below the 5 s idle limit of Node and Tomcat servers. */
const IDLE_SOCKET_MS = 4_000;

/** What `connect` timeouts raise, as `code`: the attempt found no server within its time. */
export const CONNECT_TIMEOUT_CODE = 'CBS_CONNECT_TIMEOUT';
/** What an attempt past its `timeoutMs` raises, as `code`, whatever it was still waiting for. */
export const ATTEMPT_TIMEOUT_CODE = 'CBS_ATTEMPT_TIMEOUT';
/** What an answer larger than `maxBytes` raises, as `code`: refused, not buffered. */
export const TOO_LARGE_CODE = 'CBS_ANSWER_TOO_LARGE';

/** One attempt's bounds. */
export interface AttemptLimits {
  /** The whole attempt, handshake to the answer's last byte. */
  timeoutMs: number;
  /** The answer's body; a larger one is dropped as soon as it is known to be larger. */
  maxBytes: number;
}

/** An answer read in full. */
export interface CbsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Where a URL's requests go, worked out once: `http.request` would parse the URL again on every call. */
interface Target {
  secure: boolean;
  options: http.RequestOptions;
}

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
  private readonly targets = new Map<string, Target>();

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
   * POSTs `body` and resolves to the answer read in full. One timer bounds the whole attempt
   * (handshake, answer and body): past `timeoutMs` the request is destroyed and the promise
   * rejects with `code` ATTEMPT_TIMEOUT_CODE; a body over `maxBytes` with TOO_LARGE_CODE. No
   * AbortSignal, URL parse or stream iterator per call: with them (`AbortSignal.timeout` raced
   * against the request and the body's read, `for await` over the body) a ListBackupJobStatus call
   * cost 700 to 745 µs of CPU here, without them 530 to 550 (docs/history.md).
   */
  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    limits: AttemptLimits,
  ): Promise<CbsAnswer> {
    const { secure, options } = this.targetOf(url);
    return new Promise((resolve, reject) => {
      let settled = false;
      const request = (secure ? https : http).request({
        ...options,
        method: 'POST',
        agent: secure ? this.https : this.http,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(coded(`no answer within ${limits.timeoutMs} ms`, ATTEMPT_TIMEOUT_CODE)),
        limits.timeoutMs,
      );
      request.once('error', fail);
      request.once('socket', (socket) => this.limitHandshake(socket, secure, request));
      request.once('response', (response) => {
        const tooLarge = () => coded(`answer larger than ${limits.maxBytes} bytes refused`, TOO_LARGE_CODE);
        if (Number(response.headers['content-length']) > limits.maxBytes) return fail(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) fail(tooLarge());
          else chunks.push(chunk);
        });
        response.once('error', fail);
        // A connection dropped mid-body closes the answer without its end.
        response.once('close', () => {
          if (!response.complete) fail(coded('the connection closed before the answer ended', 'ECONNRESET'));
        });
        response.once('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const text =
            chunks.length === 1
              ? (chunks[0] as Buffer).toString('utf8')
              : Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
        });
      });
      request.end(body);
    });
  }

  /** Closes every socket; the pool cannot be used after. */
  async close(): Promise<void> {
    this.http.destroy();
    this.https.destroy();
  }

  /** A URL's request options, parsed on its first call (a client asks a handful of endpoints). */
  private targetOf(url: string): Target {
    let target = this.targets.get(url);
    if (target === undefined) {
      const parsed = new URL(url);
      target = { secure: parsed.protocol === 'https:', options: urlToHttpOptions(parsed) };
      this.targets.set(url, target);
    }
    return target;
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

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
