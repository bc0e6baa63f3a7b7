import type { Context } from 'aws-lambda';
import { parseInvocationEvent } from './invocation-event';
import { type HandlerResult, invoke } from './invoke';
import { lazily } from './lazily';
import { createRuntime, type Runtime } from './runtime';

export type DigestHandler = (event: unknown, context?: Context) => Promise<HandlerResult>;

/**
 * The Lambda handler around a runtime factory. The runtime is built on first use and kept while
 * the container is warm; a failed start is retried on the next invocation. Tests pass their own
 * factory and get a handler of their own.
 */
export function createHandler(makeRuntime: () => Promise<Runtime>): DigestHandler {
  const runtime = lazily(makeRuntime);
  return async (event, context) => {
    const request = parseInvocationEvent(event, new Date());
    return invoke(await runtime(), request, context);
  };
}

/**
 * Scheduled run: `{"scheduledTime": "..."}`. Console test events: `{"dryRun": true}` renders and
 * returns the digest without sending; `{"date": "2026-11-28"}` reports on that date.
 */
export const handler = createHandler(() => createRuntime());
