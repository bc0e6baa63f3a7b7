import Handlebars from 'handlebars';
import * as z from 'zod';
import { ackDetails } from '../../config/ack-schema';
import { formatIssues } from '../../config/format-issues';
import { type Acknowledgement, describeTarget, MAX_ACK_DAYS } from '../../core/acknowledgement';
import type { AcknowledgementStore } from '../../core/acknowledgement-store';
import type { Log } from '../../core/log';
import { type SnoozeClaim, SnoozeTokenError, type SnoozeTokens } from './snooze-token';

/** A request to the snooze page, whatever carried it (a Lambda function URL, the local server). */
export interface PageRequest {
  method: string;
  path: string;
  /** `t` of the query string: the signed link. */
  token: string | undefined;
  /** The form body, `application/x-www-form-urlencoded`, as text. */
  body: string | undefined;
  cookies: Record<string, string>;
  /** Whether the page was reached over https: the form cookie is then `Secure`. */
  secure: boolean;
}

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

export interface SnoozePageDependencies {
  tokens: SnoozeTokens;
  store: AcknowledgementStore;
  log: Log;
  now: () => Date;
}

/** The lengths offered; the default is the first that is a week. */
const LENGTHS = [1, 3, 7, 14, MAX_ACK_DAYS] as const;
const FORM_COOKIE = 'snooze_form';
/** A form larger than this is not one of ours. */
const MAX_BODY = 8 * 1024;

/** Nothing loads from anywhere, nothing frames the page, the form posts only back here. */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const formSchema = z.strictObject({
  t: z.string().min(1).max(2048),
  nonce: z.string().max(200).optional(),
  csrf: z.string().max(200).optional(),
  note: ackDetails.note,
  by: ackDetails.by,
  days: z.coerce.number().pipe(ackDetails.days),
});

// Handlebars escapes every value ({{ }}): names and notes come from CBS and from people.
const hbs = Handlebars.create();
const layout = hbs.compile(
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{title}}</title>
<style>body{font-family:Segoe UI,Helvetica,Arial,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}
label{display:block;margin:.8rem 0 .2rem;font-weight:bold}input,select{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.4rem 1.2rem}.meta{color:#57606a}</style></head>
<body><h1>{{title}}</h1>{{#each lines}}<p>{{this}}</p>{{/each}}{{#if form}}
<form method="post" action="">
<p><b>{{form.what}}</b><br><span class="meta">{{form.kind}}</span></p>
<input type="hidden" name="t" value="{{form.token}}"><input type="hidden" name="nonce" value="{{form.nonce}}"><input type="hidden" name="csrf" value="{{form.csrf}}">
<label for="note">Why is it known?</label><input id="note" name="note" required maxlength="500" placeholder="laptop in repair">
<label for="by">Your name</label><input id="by" name="by" required maxlength="100">
<label for="days">For</label><select id="days" name="days">{{#each form.lengths}}<option value="{{days}}"{{#if chosen}} selected{{/if}}>{{label}}</option>{{/each}}</select>
<button type="submit">Snooze</button></form>
<p class="meta">It moves to Known issues and stops counting until then, or until the problem changes kind.</p>{{/if}}</body></html>`,
  { strict: false },
);

interface PageView {
  title: string;
  lines: string[];
  form?: {
    what: string;
    kind: string;
    token: string;
    nonce: string;
    csrf: string;
    lengths: { days: number; label: string; chosen: boolean }[];
  };
}

function page(status: number, view: PageView, extra: Partial<PageResponse> = {}): PageResponse {
  return {
    status,
    headers: { ...HEADERS, ...extra.headers },
    cookies: extra.cookies ?? [],
    body: layout(view),
  };
}

/**
 * The snooze page: GET shows what the link would snooze and a form (it changes nothing, since mail
 * scanners open links); POST checks the link and the form's CSRF token, uses the link once, and
 * writes the acknowledgement. A used link is refused with a page saying when it was used. Only `/`
 * is served, only GET and POST.
 */
export async function answerSnoozeRequest(
  request: PageRequest,
  deps: SnoozePageDependencies,
): Promise<PageResponse> {
  if (request.path !== '/') return page(404, { title: 'Not found', lines: ['There is nothing here.'] });
  if (request.method !== 'GET' && request.method !== 'POST')
    return page(
      405,
      { title: 'Method not allowed', lines: ['Only the link from a digest email works here.'] },
      { headers: { allow: 'GET, POST' } },
    );
  const now = deps.now();
  if (request.method === 'GET') return confirmPage(request, deps, now);
  return snooze(request, deps, now);
}

function confirmPage(request: PageRequest, deps: SnoozePageDependencies, now: Date): PageResponse {
  if (!request.token)
    return page(404, { title: 'Not found', lines: ['Open the Snooze link from a digest email.'] });
  const claim = checkLink(request.token, deps, now);
  if (!('id' in claim)) return claim;
  const { nonce, csrf } = deps.tokens.formToken(request.token, now);
  const cookie = `${FORM_COOKIE}=${nonce}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict${request.secure ? '; Secure' : ''}`;
  return page(
    200,
    {
      title: 'Snooze a known issue',
      lines: [],
      form: {
        what: describeTarget(claim.target, claim.label),
        kind: `Tonight: ${claim.kind}. The link works until ${claim.expiresAt.toISOString().slice(0, 10)}.`,
        token: request.token,
        nonce,
        csrf,
        lengths: LENGTHS.map((days) => ({
          days,
          label: days === 1 ? '1 day' : `${days} days`,
          chosen: days === 7,
        })),
      },
    },
    { cookies: [cookie] },
  );
}

async function snooze(request: PageRequest, deps: SnoozePageDependencies, now: Date): Promise<PageResponse> {
  if ((request.body ?? '').length > MAX_BODY)
    return page(413, { title: 'Too large', lines: ['That form is not one of ours.'] });
  const fields = Object.fromEntries(new URLSearchParams(request.body ?? ''));
  const token = fields.t ?? '';
  const claim = checkLink(token, deps, now);
  if (!('id' in claim)) return claim;
  try {
    deps.tokens.checkForm(token, fields, request.cookies[FORM_COOKIE], now);
  } catch (error) {
    if (!(error instanceof SnoozeTokenError)) throw error;
    deps.log.warn('snooze form refused', { reason: error.message });
    return page(403, {
      title: 'Please try again',
      lines: [`This form cannot be accepted: ${error.message}. Open the Snooze link from the email again.`],
    });
  }
  const form = formSchema.safeParse(fields);
  if (!form.success)
    return page(400, {
      title: 'Please check the form',
      lines: formatIssues(form.error.issues)
        .split('\n')
        .map((l) => l.trim()),
    });

  const ack: Acknowledgement = {
    target: claim.target,
    kind: claim.kind,
    label: claim.label,
    note: form.data.note,
    by: form.data.by,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + form.data.days * 86_400_000).toISOString(),
  };
  const what = describeTarget(claim.target, claim.label);
  try {
    const used = await deps.store.claimToken(claim.id, now, claim.expiresAt);
    if (!used.claimed) {
      deps.log.info('snooze link used again', { tokenId: claim.id });
      return page(409, {
        title: 'This link was already used',
        lines: [
          `The Snooze link for ${what} was used on ${used.usedAt.slice(0, 16).replace('T', ' ')} UTC; a link works once. Nothing was changed.`,
        ],
      });
    }
    try {
      await deps.store.put(ack);
    } catch (error) {
      await deps.store.releaseToken(claim.id).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    deps.log.error('snooze not saved', { error: (error as Error).message });
    return page(503, {
      title: 'Not saved',
      lines: ['The snooze could not be saved just now. Please try the link again later.'],
    });
  }
  deps.log.info('snoozed', { tokenId: claim.id, days: form.data.days });
  return page(200, {
    title: 'Snoozed',
    lines: [
      `${what} is a known issue until ${ack.expiresAt.slice(0, 16).replace('T', ' ')} UTC: "${ack.note}" (${ack.by}).`,
      'The next digest lists it under Known issues. It comes back by itself when that time is up or the problem changes kind.',
    ],
  });
}

/** The link's claim, or the page that says why it is refused. */
function checkLink(token: string, deps: SnoozePageDependencies, now: Date): SnoozeClaim | PageResponse {
  try {
    return deps.tokens.verify(token, now);
  } catch (error) {
    if (!(error instanceof SnoozeTokenError)) throw error;
    deps.log.warn('snooze link refused', { reason: error.reason });
    const lines =
      error.reason === 'expired'
        ? ['This Snooze link has expired (links work for 14 days). Use the link in a newer digest.']
        : ['This is not a valid Snooze link. Open the link from a digest email.'];
    return page(error.reason === 'expired' ? 410 : 403, { title: 'Link refused', lines });
  }
}
