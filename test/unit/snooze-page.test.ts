import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SnoozeTokens, snoozeLinks } from '../../lambda/adapters/snooze/snooze-token';
import type { DigestRow } from '../../lambda/core/digest';
import { silentLog } from '../../lambda/core/log';
import { createSnoozeHandler } from '../../lambda/entry/snooze-handler';
import { forged } from '../support/local-with-history';
import { MemoryAcknowledgementStore } from '../support/memory-acknowledgement-store';

// The snooze page through its Lambda handler, with function-URL events as Lambda sends them.
const KEY = 'k'.repeat(48);
const ISSUED = new Date('2026-12-01T06:00:00Z');
const NOW = new Date('2026-12-02T09:00:00Z');
const row: DigestRow = {
  jobClass: 'failed',
  reason: 'stopped',
  user: { loginName: 'bob', owner: 'east' },
  backupSetId: '1690000000000',
  backupSetName: 'Laptop <b>',
  notes: [],
};

function event(
  method: string,
  options: { path?: string; t?: string; body?: string; cookies?: string[] } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path ?? '/',
    rawQueryString: options.t ? `t=${options.t}` : '',
    ...(options.t ? { queryStringParameters: { t: options.t } } : {}),
    headers: { 'x-forwarded-proto': 'https' },
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.body === undefined
      ? {}
      : { body: Buffer.from(options.body).toString('base64'), isBase64Encoded: true }),
    requestContext: { http: { method, path: options.path ?? '/' } },
  } as unknown as APIGatewayProxyEventV2;
}

function setup(now = NOW) {
  const store = new MemoryAcknowledgementStore();
  const tokens = new SnoozeTokens(KEY);
  const handler = createSnoozeHandler(
    async () => ({ tokens, store, log: silentLog }),
    () => now,
  );
  const link = new URL(snoozeLinks(tokens, 'https://snooze.example/')(row, ISSUED) ?? '');
  return { store, tokens, handler, token: link.searchParams.get('t') ?? '' };
}

/** GET the page, then POST its form as a browser would (hidden fields, the cookie it set). */
async function confirm(
  handler: ReturnType<typeof setup>['handler'],
  token: string,
  fields: Record<string, string>,
) {
  const shown = await handler(event('GET', { t: token }));
  const hidden = Object.fromEntries(
    [...(shown.body ?? '').matchAll(/type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [
      m[1],
      m[2]?.replace(/&#x3D;/g, '='),
    ]),
  );
  const cookie = (shown.cookies?.[0] ?? '').split(';')[0] ?? '';
  const body = new URLSearchParams({ ...hidden, ...fields }).toString();
  return { shown, posted: await handler(event('POST', { t: token, body, cookies: [cookie] })), body, cookie };
}

describe('the snooze page', () => {
  test('GET shows the row, a form and a SameSite cookie, and writes nothing', async () => {
    const { store, handler, token } = setup();

    const page = await handler(event('GET', { t: token }));

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('bob (sub-admin east) / Laptop &lt;b&gt;');
    expect(page.body).toContain('<form method="post"');
    expect(page.cookies?.[0]).toMatch(
      /^snooze_form=\d+\.[\w-]+; Path=\/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure$/,
    );
    expect(page.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(store.acks.size).toBe(0);
    expect(store.used.size).toBe(0);
  });

  test('POST with the form acknowledges the set as failed, for the days chosen', async () => {
    const { store, handler, token } = setup();

    const { posted } = await confirm(handler, token, { note: 'laptop in repair', by: 'alice', days: '3' });

    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain(
      'is a known issue until 2026-12-05 09:00 UTC: &quot;laptop in repair&quot; (alice)',
    );
    expect([...store.acks.values()]).toEqual([
      {
        target: { loginName: 'bob', owner: 'east', backupSetId: '1690000000000' },
        kind: 'failed',
        label: 'Laptop <b>',
        note: 'laptop in repair',
        by: 'alice',
        createdAt: NOW.toISOString(),
        expiresAt: '2026-12-05T09:00:00.000Z',
      },
    ]);
  });

  test('the same form sent again is refused, saying when the link was used, and changes nothing', async () => {
    const { store, handler, token } = setup();
    const { body, cookie } = await confirm(handler, token, { note: 'first', by: 'alice', days: '7' });

    const again = await handler(
      event('POST', { t: token, body: body.replace('first', 'second'), cookies: [cookie] }),
    );

    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('was used on 2026-12-02 09:00 UTC; a link works once. Nothing was changed.');
    expect([...store.acks.values()].map((a) => a.note)).toEqual(['first']);
  });

  test('a forged link is refused on GET and POST', async () => {
    const { handler, token } = setup();
    const changed = forged(token, { u: 'carol' });
    const otherKey =
      new URL(
        snoozeLinks(new SnoozeTokens('x'.repeat(48)), 'https://s/')(row, ISSUED) ?? '',
      ).searchParams.get('t') ?? '';

    for (const t of [changed, otherKey, 'nonsense', `${token}x`]) {
      const shown = await handler(event('GET', { t }));
      const posted = await handler(
        event('POST', { body: new URLSearchParams({ t, note: 'n', by: 'b', days: '7' }).toString() }),
      );
      for (const page of [shown, posted]) {
        expect(page.statusCode).toBe(403);
        expect(page.body).toContain('This is not a valid Snooze link.');
      }
    }
  });

  test('a link older than 14 days is refused as expired', async () => {
    const { handler, token } = setup(new Date('2026-12-15T06:00:01Z'));

    const page = await handler(event('GET', { t: token }));

    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This Snooze link has expired');
  });

  test('a POST without the page’s CSRF token or cookie is refused (a form on another site)', async () => {
    const { store, handler, token } = setup();
    const { body, cookie } = await confirm(setup().handler, token, { note: 'x', by: 'y', days: '7' });
    const noCookie = await handler(event('POST', { t: token, body }));
    const otherNonce = await handler(event('POST', { t: token, body, cookies: ['snooze_form=123.abc'] }));
    const noCsrf = await handler(
      event('POST', { t: token, body: body.replace(/csrf=[^&]*/, 'csrf=x'), cookies: [cookie] }),
    );

    for (const page of [noCookie, otherNonce, noCsrf]) {
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('This form cannot be accepted');
    }
    expect(store.acks.size).toBe(0);
  });

  test('a bad form names the field and uses nothing up', async () => {
    const { store, handler, token } = setup();

    const { posted } = await confirm(handler, token, { note: '', by: 'alice', days: '45' });

    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('note: must not be empty');
    expect(posted.body).toContain('days: must be at most 30');
    expect(store.used.size).toBe(0);
  });

  test('a store that fails: 503, and the link may be used again', async () => {
    const { store, handler, token } = setup();
    const shown = await confirm(handler, token, { note: 'n', by: 'b', days: '1' });
    store.acks.clear();
    store.used.clear();
    const put = store.put.bind(store);
    store.put = async () => {
      throw new Error('throttled');
    };

    const failed = await handler(event('POST', { t: token, body: shown.body, cookies: [shown.cookie] }));
    store.put = put;
    const retried = await handler(event('POST', { t: token, body: shown.body, cookies: [shown.cookie] }));

    expect(failed.statusCode).toBe(503);
    expect(retried.statusCode).toBe(200);
  });

  test.each([
    ['PUT', '/', 405],
    ['DELETE', '/', 405],
    ['GET', '/admin', 404],
    ['POST', '/favicon.ico', 404],
    ['GET', '/', 404],
  ])('%s %s answers %i and nothing else', async (method, path, status) => {
    const { handler } = setup();

    const page = await handler(event(method, { path }));

    expect(page.statusCode).toBe(status);
    if (status === 405) expect(page.headers?.allow).toBe('GET, POST');
  });
});
