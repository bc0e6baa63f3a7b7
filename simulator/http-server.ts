import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DateTime } from 'luxon';
import { CachedIanaZone } from '../lambda/adapters/cached-zone';
import { CbsRequestError, wrongCredentials } from './cbs-request-error';
import { ENDPOINTS, type Endpoint, type EndpointContext, param, type RequestBody } from './endpoints';
import type { Fault } from './fault';
import { FaultInjector } from './fault-injector';
import { faultReply } from './fault-reply';
import { jsonReply, type Reply, tomcatReply } from './reply';
import { parseBody, readBody } from './request-body';
import { resolveOptions } from './resolve-options';
import { RunningJobClock } from './running-job-clock';
import { createScenario } from './scenario';
import type { SimulatorOptions } from './simulator-options';
import { type SimUser, toSimUser } from './user-plan';
import { validateFaults } from './validate-faults';

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
  /** Calls per endpoint, keyed as in the path: `ListBackupJobStatus`, `2/ListUsers`; faulted calls included. */
  calls(): Record<string, number>;
  /** Replaces the armed faults, validated like `SimulatorOptions.faults`; their `first` counts start again. */
  setFaults(faults: readonly Fault[]): void;
  /** Disarms every fault: from the next call on, the simulator answers normally. */
  clearFaults(): void;
  /** Calls answered with a fault since start (never reset); each also counts in `calls()`. */
  faultsInjected(): number;
  /** Calls per endpoint that asked exactly what an earlier call had asked (credentials aside). */
  repeatedCalls(): Record<string, number>;
  /**
   * Calls answered in full and the time they took, summed: each from its request's arrival to the
   * last byte of its answer handed to the network (the latency, and whatever this process took).
   */
  served(): { calls: number; ms: number };
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
  let servedMs = 0;
  let served = 0;

  const faults = new FaultInjector(resolved.seed, resolved.faults);

  const deliver = (req: IncomingMessage, res: ServerResponse, reply: Reply): void => {
    const send = () => {
      if (reply.kind === 'reset') {
        // An RST rather than a FIN: what a crashed proxy or a dropped NAT entry looks like.
        req.socket.resetAndDestroy();
      } else if (reply.kind === 'answer') {
        res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
        res.end(reply.body);
      } else {
        res.writeHead(reply.status, reply.headers);
        // A client that stops reading a huge body and hangs up is what the fault tests; not an error here.
        pipeline(Readable.from(reply.chunks()), res).catch(() => {});
      }
    };
    const delay = resolved.latencyMs + (reply.kind === 'answer' ? (reply.extraDelayMs ?? 0) : 0);
    if (delay === 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      pendingDelays.delete(timer);
      send();
    }, delay);
    pendingDelays.add(timer);
  };

  /** The JSON a call gets when nothing goes wrong, CBS errors included. */
  const normalAnswer = (name: string, endpoint: Endpoint, text: string): string => {
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
      return JSON.stringify(endpoint(body, context));
    } catch (error) {
      if (!(error instanceof CbsRequestError)) throw error;
      return JSON.stringify(error.toBody());
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const name = path.startsWith(API_PREFIX) && path.endsWith('.do') ? path.slice(API_PREFIX.length, -3) : '';
    const endpoint = ENDPOINTS.get(name);
    if (endpoint === undefined) {
      return deliver(
        req,
        res,
        tomcatReply(404, 'The origin server did not find a current representation for the target resource.'),
      );
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return deliver(
        req,
        res,
        tomcatReply(405, 'The method received in the request-line is not supported by the target resource.'),
      );
    }
    calls[name] = (calls[name] ?? 0) + 1;
    const text = await readBody(req);
    if (text === undefined) {
      return deliver(req, res, tomcatReply(413, 'The request body is larger than the server accepts.'));
    }
    const fault = faults.pick(name, () => loginNameOf(text));
    const normal = () => normalAnswer(name, endpoint, text);
    deliver(req, res, fault === undefined ? jsonReply(normal()) : faultReply(fault, normal));
  };

  const server = createServer((req, res) => {
    const arrived = performance.now();
    res.once('finish', () => {
      servedMs += performance.now() - arrived;
      served += 1;
    });
    handle(req, res).catch((error: unknown) => {
      // A bug in the simulator: answer like a crashing servlet and say why on stderr.
      process.stderr.write(`${JSON.stringify({ simulator: 'request failed', error: String(error) })}\n`);
      if (!res.headersSent) {
        deliver(req, res, tomcatReply(500, 'The server encountered an unexpected condition.'));
      }
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
    served: () => ({ calls: served, ms: servedMs }),
    users: () => scenario.allUsers().map(toSimUser),
    setFaults: (next) => faults.arm(validateFaults(next)),
    clearFaults: () => faults.arm([]),
    faultsInjected: () => faults.injectedCount(),
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

/** The LoginName a fault's scope is matched against; a body that is not a JSON object has none. */
function loginNameOf(text: string): string | undefined {
  try {
    return param(parseBody(text), 'LoginName');
  } catch (error) {
    if (error instanceof CbsRequestError) return undefined;
    throw error;
  }
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
