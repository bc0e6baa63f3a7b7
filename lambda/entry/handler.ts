import type { Context } from 'aws-lambda';
import { type AckAnswer, isAckEvent, parseAckEvent, runAckCommand } from './ack-command';
import { EventError } from './event-error';
import { parseInvocationEvent } from './invocation-event';
import { type HandlerResult, invoke } from './invoke';
import { lazily } from './lazily';
import { createRuntime, type Runtime } from './runtime';

/** An acknowledgement command sent as an event; see ack-command.ts. */
export type AckEvent = { ack: unknown } | { unack: unknown } | { listAcks: unknown };

export type DigestHandler = {
  (event: AckEvent, context?: Context): Promise<AckAnswer>;
  (event: unknown, context?: Context): Promise<HandlerResult>;
};

/**
 * The Lambda handler around a runtime factory. The runtime is built on first use and kept while
 * the container is warm; a failed start is retried on the next invocation. Tests pass their own
 * factory and get a handler of their own.
 */
export function createHandler(makeRuntime: () => Promise<Runtime>): DigestHandler {
  const runtime = lazily(makeRuntime);
  const handle = async (event: unknown, context?: Context): Promise<HandlerResult | AckAnswer> => {
    if (isAckEvent(event)) {
      const command = parseAckEvent(event);
      const { acknowledgements, log } = await runtime();
      if (!acknowledgements)
        throw new EventError(
          'acknowledgements live in the history table: this function has none (history.enabled is false)',
        );
      const answer = await runAckCommand(acknowledgements, command, new Date());
      log.info('acknowledgement command', { command: command.type });
      return answer;
    }
    const request = parseInvocationEvent(event, new Date());
    return invoke(await runtime(), request, context);
  };
  // Which answer comes back is decided by the event's keys, as the overloads say.
  return handle as DigestHandler;
}

/**
 * Scheduled run: `{"scheduledTime": "..."}`. Console test events: `{"dryRun": true}` renders and
 * returns the digest without sending; `{"date": "2026-11-28"}` reports on that date;
 * `{"ack": {...}}`, `{"unack": {...}}` and `{"listAcks": true}` manage known issues (ack-command.ts).
 */
export const handler = createHandler(() => createRuntime());
