import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DigestEvent, EventPublisher, PublishReport } from '../../core/digest-events';

/** The `source` of every event; rules match on it (docs/events.md). */
export const EVENT_SOURCE = 'backup-digest';

/** The `detail-type` of each kind of event. */
export const DETAIL_TYPE: Record<DigestEvent['kind'], string> = {
  run: 'Backup digest run',
  attention: 'Backup needs attention',
};

/** PutEvents takes at most 10 entries, and 256 KB for each entry and for the whole request. */
export const MAX_ENTRIES = 10;
export const MAX_BYTES = 256 * 1024;

/** A string field of an oversized detail keeps this many characters. */
const TRUNCATED_LENGTH = 1024;

export interface EventBridgePublisherOptions {
  /** Tries per batch, the first included, for entries EventBridge did not accept. */
  maxAttempts?: number;
  /** Wait before the second try; doubled before each further one. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Publishes a run's events with `PutEvents`, ten at a time (fewer when ten would pass 256 KB). An
 * entry EventBridge refuses (`ErrorCode` in its answer, which the SDK does not retry) is tried
 * again, a bounded number of times; a call that fails on every try stops the publishing, since
 * the next one would fail the same way. The client honours `AWS_ENDPOINT_URL_EVENTBRIDGE`, which
 * is how tests reach the loopback stand-in (dev/local/eventbridge-stand-in.ts).
 */
export class EventBridgePublisher implements EventPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly busName: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({ maxAttempts: 3 }),
    options: EventBridgePublisherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(events: readonly DigestEvent[]): Promise<PublishReport> {
    const report: PublishReport = { published: 0, failed: 0 };
    const entries: PutEventsRequestEntry[] = [];
    for (const event of events) {
      const entry = fitEntry(this.entryOf(event));
      if (entry) entries.push(entry);
      else {
        report.failed += 1;
        report.error ??= `an event of ${DETAIL_TYPE[event.kind]} is over 256 KB even with its texts shortened`;
      }
    }
    const batches = batchEntries(entries);
    for (const [index, batch] of batches.entries()) {
      const { left, callFailed, error } = await this.putWithRetries(batch);
      report.published += batch.length - left;
      report.failed += left;
      // A refusal that a retry made good is not worth reporting.
      if (error && left > 0) report.error ??= error;
      if (callFailed) {
        // The call itself failed on every try (permissions, a wrong bus): the rest would too.
        for (const rest of batches.slice(index + 1)) report.failed += rest.length;
        break;
      }
    }
    return report;
  }

  private entryOf(event: DigestEvent): PutEventsRequestEntry {
    return {
      Source: EVENT_SOURCE,
      DetailType: DETAIL_TYPE[event.kind],
      Detail: JSON.stringify(event.detail),
      EventBusName: this.busName,
    };
  }

  /** One batch, its refused entries tried again; how many were given up on, and why. */
  private async putWithRetries(
    batch: PutEventsRequestEntry[],
  ): Promise<{ left: number; callFailed: boolean; error?: string | undefined }> {
    let pending = batch;
    let error: string | undefined;
    let callFailed = false;
    for (let attempt = 1; attempt <= this.maxAttempts && pending.length > 0; attempt += 1) {
      if (attempt > 1) await this.sleep(this.baseDelayMs * 2 ** (attempt - 2));
      try {
        const answer = await this.client.send(new PutEventsCommand({ Entries: pending }));
        callFailed = false;
        const results = answer.Entries ?? [];
        const refused = pending.filter((_, i) => {
          const result = results[i];
          if (result?.EventId && !result.ErrorCode) return false;
          error ??= `${result?.ErrorCode ?? 'NoEventId'}: ${result?.ErrorMessage ?? 'EventBridge gave no event id'}`;
          return true;
        });
        pending = refused;
      } catch (cause) {
        callFailed = true;
        const { name, message } = cause as Error;
        error ??= `${name}: ${message}`;
      }
    }
    return { left: pending.length, callFailed: callFailed && pending.length > 0, error };
  }
}

/** An entry's size as EventBridge counts it (its "Calculating PutEvents event entry size" page). */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => Buffer.byteLength(text ?? '', 'utf8');
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((total, resource) => total + bytes(resource), 0)
  );
}

/**
 * The entry, or when it is over 256 KB (a CBS name or reason of megabytes), the same with every
 * text of its detail cut short and `truncated: true`; undefined if even that does not fit.
 */
export function fitEntry(entry: PutEventsRequestEntry): PutEventsRequestEntry | undefined {
  if (entrySize(entry) <= MAX_BYTES) return entry;
  const detail = JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>;
  const shortened = Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [
      key,
      typeof value === 'string' && value.length > TRUNCATED_LENGTH
        ? `${value.slice(0, TRUNCATED_LENGTH)}…`
        : value,
    ]),
  );
  const smaller = { ...entry, Detail: JSON.stringify({ ...shortened, truncated: true }) };
  return entrySize(smaller) <= MAX_BYTES ? smaller : undefined;
}

/** Batches of at most 10 entries and 256 KB, in order. */
export function batchEntries(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    const bytes = entrySize(entry);
    if (current.length === MAX_ENTRIES || (current.length > 0 && size + bytes > MAX_BYTES)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
