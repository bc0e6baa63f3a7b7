import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { CachedIanaZone } from './cached-zone';
import { CbsRequestError, wrongCredentials } from './cbs-request-error';
import { ENDPOINTS, type EndpointContext, type RequestBody } from './endpoints';
import { resolveOptions, type SimulatorOptions } from './options';
import { parseBody, readBody } from './request-body';
import { RunningJobClock } from './running-job-clock';
import { createScenario } from './scenario';
import { tomcatErrorPage } from './tomcat-error-page';
import { type SimUser, toSimUser } from './user-plan';

const API_PREFIX = '/obs/api/json/';
/** A simulator left running for days must not grow without end; tests ask far fewer. */
const MAX_REMEMBERED_QUESTIONS = 1_000_000;

/** A simulator listening on loopback. */
export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`; endpoints are under `/obs/api/json/`. */
  url: string;
  sysUser: string;
  sysPwd: string;
  timeZone: string;
  /** Calls per endpoint, keyed as in the path: `ListBackupJobStatus`, `2/ListUsers`. */
  calls(): Record<string, number>;
  /** Calls per endpoint that asked exactly what an earlier call had asked (credentials aside). */
  repeatedCalls(): Record<string, number>;
  /** The simulated users and their sets. */
  users(): SimUser[];
  stop(): Promise<void>;
}

/** Starts an AhsayCBS JSON API simulator; resolves once it listens. */
export async function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const scenario = createScenario(resolved);
  const zone = new CachedIanaZone(resolved.timeZone);
  const running = new RunningJobClock();
  const calls: Record<string, number> = {};
  const repeated: Record<string, number> = {};
  const asked = new Set<string>();
  const pendingDelays = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, status: number, contentType: string, body: string): void => {
    const send = () => {
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (resolved.latencyMs === 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      pendingDelays.delete(timer);
      send();
    }, resolved.latencyMs);
    pendingDelays.add(timer);
  };
  const answerJson = (res: ServerResponse, body: unknown) =>
    answer(res, 200, 'application/json;charset=UTF-8', JSON.stringify(body));
  const answerHtml = (res: ServerResponse, status: number, description: string) =>
    answer(res, status, 'text/html;charset=utf-8', tomcatErrorPage(status, description));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const name = path.startsWith(API_PREFIX) && path.endsWith('.do') ? path.slice(API_PREFIX.length, -3) : '';
    const endpoint = ENDPOINTS.get(name);
    if (endpoint === undefined) {
      return answerHtml(
        res,
        404,
        'The origin server did not find a current representation for the target resource.',
      );
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return answerHtml(
        res,
        405,
        'The method received in the request-line is not supported by the target resource.',
      );
    }
    calls[name] = (calls[name] ?? 0) + 1;
    const text = await readBody(req);
    if (text === undefined)
      return answerHtml(res, 413, 'The request body is larger than the server accepts.');
    const context: EndpointContext = {
      scenario,
      clock: {
        seed: resolved.seed,
        zone,
        now: DateTime.fromJSDate(resolved.now(), { zone }),
        running,
      },
    };
    try {
      const body = parseBody(text);
      if (body.SysUser !== resolved.sysUser || body.SysPwd !== resolved.sysPwd) throw wrongCredentials();
      const question = questionKey(name, body);
      if (asked.has(question)) repeated[name] = (repeated[name] ?? 0) + 1;
      else if (asked.size < MAX_REMEMBERED_QUESTIONS) asked.add(question);
      answerJson(res, endpoint(body, context));
    } catch (error) {
      if (!(error instanceof CbsRequestError)) throw error;
      answerJson(res, error.toBody());
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the simulator: answer like a crashing servlet and say why on stderr.
      process.stderr.write(`${JSON.stringify({ simulator: 'request failed', error: String(error) })}\n`);
      if (!res.headersSent) answerHtml(res, 500, 'The server encountered an unexpected condition.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost(server.address() as AddressInfo)}`,
    sysUser: resolved.sysUser,
    sysPwd: resolved.sysPwd,
    timeZone: resolved.timeZone,
    calls: () => ({ ...calls }),
    repeatedCalls: () => ({ ...repeated }),
    users: () => scenario.allUsers().map(toSimUser),
    stop: () => {
      stopped ??= new Promise<void>((resolve, reject) => {
        for (const timer of pendingDelays) clearTimeout(timer);
        pendingDelays.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** What a call asks: its endpoint and parameters, in a fixed order, without the credentials. */
function questionKey(endpoint: string, body: RequestBody): string {
  const params = Object.keys(body)
    .filter((key) => key !== 'SysUser' && key !== 'SysPwd')
    .sort()
    .map((key) => [key, body[key]]);
  return `${endpoint}\u0000${JSON.stringify(params)}`;
}

function urlHost({ address, family, port }: AddressInfo): string {
  // A wildcard address is not one a client can connect to; loopback is.
  if (address === '0.0.0.0') return `127.0.0.1:${port}`;
  if (address === '::') return `[::1]:${port}`;
  return family === 'IPv6' ? `[${address}]:${port}` : `${address}:${port}`;
}
