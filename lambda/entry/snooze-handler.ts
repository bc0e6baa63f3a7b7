import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoDbAcknowledgementStore } from '../adapters/history/dynamodb-acknowledgement-store';
import { createLog } from '../adapters/powertools-log';
import { readSnoozeKey } from '../adapters/snooze/snooze-key';
import { answerSnoozeRequest, type SnoozePageDependencies } from '../adapters/snooze/snooze-page';
import { SnoozeTokens } from '../adapters/snooze/snooze-token';
import { lazily } from './lazily';

export type SnoozeHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
export type SnoozeRuntime = Omit<SnoozePageDependencies, 'now'>;

/**
 * The snooze page behind a Lambda function URL: turns the URL's event into a page request and
 * the page into the URL's answer. The token in the link is the authentication (the URL has none).
 */
export function createSnoozeHandler(
  makeRuntime: () => Promise<SnoozeRuntime>,
  now: () => Date = () => new Date(),
): SnoozeHandler {
  const runtime = lazily(makeRuntime);
  return async (event) => {
    const deps = { ...(await runtime()), now };
    const body =
      event.body === undefined
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
    const page = await answerSnoozeRequest(
      {
        method: event.requestContext.http.method,
        path: event.rawPath,
        token: event.queryStringParameters?.t,
        body,
        cookies: parseCookies(event.cookies ?? []),
        secure: (event.headers['x-forwarded-proto'] ?? 'https') === 'https',
      },
      deps,
    );
    return { statusCode: page.status, headers: page.headers, cookies: page.cookies, body: page.body };
  };
}

function parseCookies(cookies: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const cookie of cookies.flatMap((c) => c.split(';'))) {
    const at = cookie.indexOf('=');
    if (at > 0) found[cookie.slice(0, at).trim()] = cookie.slice(at + 1).trim();
  }
  return found;
}

/** In Lambda: the key from SNOOZE_KEY_SECRET, acknowledgements in HISTORY_TABLE (the stack sets both). */
export async function createSnoozeRuntime(env: NodeJS.ProcessEnv = process.env): Promise<SnoozeRuntime> {
  const { SNOOZE_KEY_SECRET: secret, HISTORY_TABLE: table } = env;
  if (!secret || !table) throw new Error('the snooze function needs SNOOZE_KEY_SECRET and HISTORY_TABLE');
  return {
    tokens: new SnoozeTokens(await readSnoozeKey(secret)),
    store: new DynamoDbAcknowledgementStore({ tableName: table }),
    log: createLog(),
  };
}

export const handler = createSnoozeHandler(() => createSnoozeRuntime());
