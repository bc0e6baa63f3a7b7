import type { IncomingMessage } from 'node:http';
import { CbsRequestError } from './cbs-request-error';
import type { RequestBody } from './endpoints';

const MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, or undefined when it is too large. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Drained rather than abandoned, so the socket stays usable for the 413 answer.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** The body as CBS reads it: a JSON object, or a CbsRequestError. */
export function parseBody(text: string): RequestBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CbsRequestError(`Invalid JSON request: ${(error as Error).message}`, 'org.json.JSONException');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CbsRequestError('Invalid JSON request: expected a JSON object', 'org.json.JSONException');
  }
  return parsed as RequestBody;
}
