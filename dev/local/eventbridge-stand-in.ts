import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for EventBridge that speaks the JSON 1.1 protocol of `PutEvents`, so the real
 * SDK reaches it through `AWS_ENDPOINT_URL_EVENTBRIDGE`. It holds EventBridge's limits (10 entries
 * a call, 256 KB an entry and a request) and can refuse entries, as EventBridge does under load,
 * so the publisher's batching and retries are tested against something that says no.
 */
export interface ReceivedEvent {
  source: string;
  detailType: string;
  busName: string;
  detail: Record<string, unknown>;
}

export interface EventBridgeStandIn {
  url: string;
  /** Events accepted, in order. */
  events: ReceivedEvent[];
  /** PutEvents calls seen, with their entry count (refused calls included). */
  calls: number[];
  /** Refuse the next `count` entries with `InternalFailure` (per entry, as FailedEntryCount). */
  refuseEntries(count: number): void;
  /** Answer the next `count` calls with HTTP 400 AccessDeniedException. */
  denyCalls(count: number): void;
  clear(): void;
  stop(): Promise<void>;
}

const MAX_ENTRIES = 10;
const MAX_BYTES = 256 * 1024;

interface Entry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: unknown;
  Resources?: string[];
}

export async function startEventBridgeStandIn(): Promise<EventBridgeStandIn> {
  const events: ReceivedEvent[] = [];
  const calls: number[] = [];
  let toRefuse = 0;
  let toDeny = 0;
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      reply(400, { __type: 'UnknownOperationException', message: `unsupported operation ${String(target)}` });
      return;
    }
    let input: { Entries?: Entry[] };
    try {
      input = JSON.parse(await readBody(req)) as typeof input;
    } catch {
      reply(400, { __type: 'SerializationException', message: 'body is not JSON' });
      return;
    }
    const entries = input.Entries ?? [];
    calls.push(entries.length);
    if (toDeny > 0) {
      toDeny -= 1;
      reply(400, { __type: 'AccessDeniedException', message: 'not authorized to perform events:PutEvents' });
      return;
    }
    const sizes = entries.map(entrySize);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (entries.length === 0 || entries.length > MAX_ENTRIES || total > MAX_BYTES) {
      reply(400, {
        __type: 'ValidationException',
        message: `${entries.length} entries of ${total} bytes: 1-10 entries, 256 KB in all`,
      });
      return;
    }
    let failed = 0;
    const results = entries.map((entry, i) => {
      if ((sizes[i] ?? 0) > MAX_BYTES) {
        failed += 1;
        return { ErrorCode: 'ValidationException', ErrorMessage: 'entry over 256 KB' };
      }
      if (toRefuse > 0) {
        toRefuse -= 1;
        failed += 1;
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' };
      }
      events.push({
        source: entry.Source ?? '',
        detailType: entry.DetailType ?? '',
        busName: entry.EventBusName ?? 'default',
        detail: JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>,
      });
      return { EventId: randomUUID() };
    });
    reply(200, { FailedEntryCount: failed, Entries: results });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    calls,
    refuseEntries: (count) => {
      toRefuse = count;
    },
    denyCalls: (count) => {
      toDeny = count;
    },
    clear: () => {
      events.length = 0;
      calls.length = 0;
      toRefuse = 0;
      toDeny = 0;
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** EventBridge's own count of an entry's bytes. */
function entrySize(entry: Entry): number {
  const bytes = (text: string | undefined) => Buffer.byteLength(text ?? '', 'utf8');
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((total, resource) => total + bytes(resource), 0)
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
