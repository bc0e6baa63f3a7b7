import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { ACKNOWLEDGEABLE, type AckTarget } from '../../core/acknowledgement';
import type { JobClass } from '../../core/classify-job';
import type { DigestRow } from '../../core/digest';

/** How long a Snooze link in an email works. */
export const LINK_DAYS = 14;
/** How long a confirmation page's form may be sent after it was shown. */
export const FORM_MINUTES = 60;

/** What a signed Snooze link carries: one row's set (or user) and the kind of its problem. */
export interface SnoozeClaim {
  /** Names this one link, so it can be used once. */
  id: string;
  target: AckTarget;
  kind: JobClass;
  /** The set's name, to show on the page and in the digest. */
  label?: string | undefined;
  issuedAt: Date;
  expiresAt: Date;
}

/** Why a link or a form is refused; `reason` picks the page shown. */
export class SnoozeTokenError extends Error {
  constructor(
    readonly reason: 'malformed' | 'forged' | 'expired' | 'form',
    message: string,
  ) {
    super(message);
    this.name = 'SnoozeTokenError';
  }
}

const payloadSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().min(8).max(64),
  u: z.string().min(1).max(200),
  o: z.string().max(200).optional(),
  s: z.string().max(200).optional(),
  n: z.string().max(300).optional(),
  k: z.enum([...ACKNOWLEDGEABLE] as [JobClass, ...JobClass[]]),
  iat: z.number().int(),
  exp: z.number().int(),
});

/**
 * Signs and checks Snooze links and the confirmation form with HMAC-SHA256 (node:crypto) under a
 * key the stack keeps in Secrets Manager. A link is `base64url(payload).base64url(mac)`: the
 * payload names the row, so a link cannot be turned into another row's; each purpose has its own
 * prefix in the MAC, so a form token cannot pass for a link. The key never leaves this object.
 */
export class SnoozeTokens {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    this.key = Buffer.isBuffer(key) ? key : Buffer.from(key, 'utf8');
    if (this.key.length < 32) throw new Error('the snooze key must be at least 32 bytes');
  }

  /** The link token of a row that needs attention: its set (or, without one, its user). */
  sign(row: DigestRow, issuedAt: Date, days = LINK_DAYS): string {
    const iat = Math.floor(issuedAt.getTime() / 1000);
    const fields = {
      u: row.user.loginName,
      ...(row.user.owner ? { o: row.user.owner } : {}),
      ...(row.backupSetId ? { s: row.backupSetId } : {}),
      ...(row.backupSetName ? { n: row.backupSetName } : {}),
      k: row.jobClass,
      iat,
      exp: iat + days * 86_400,
    };
    // The id follows from the row and the time, so the HTML and text parts carry one link, used once.
    const id = this.mac('id', JSON.stringify(fields)).slice(0, 22);
    const payload: z.infer<typeof payloadSchema> = { v: 1, id, ...fields };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac('link', body)}`;
  }

  /** The claim of a link token that this key signed and that has not expired; else SnoozeTokenError. */
  verify(token: string, now: Date): SnoozeClaim {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || token.length > 2048)
      throw new SnoozeTokenError('malformed', 'the link is incomplete');
    if (!this.same(mac, this.mac('link', body)))
      throw new SnoozeTokenError('forged', 'the link was not signed by this digest');
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      throw new SnoozeTokenError('malformed', 'the link does not read as a snooze link');
    }
    const expiresAt = new Date(parsed.exp * 1000);
    if (expiresAt.getTime() <= now.getTime()) throw new SnoozeTokenError('expired', 'the link has expired');
    return {
      id: parsed.id,
      target: { loginName: parsed.u, owner: parsed.o, backupSetId: parsed.s },
      kind: parsed.k,
      label: parsed.n,
      issuedAt: new Date(parsed.iat * 1000),
      expiresAt,
    };
  }

  /**
   * A form nonce (when it was made, and random) and its CSRF token, bound to the link: the page
   * puts both in hidden fields and the nonce in a SameSite=Strict cookie too (double submit).
   */
  formToken(token: string, now: Date): { nonce: string; csrf: string } {
    const nonce = `${Math.floor(now.getTime() / 1000)}.${randomBytes(16).toString('base64url')}`;
    return { nonce, csrf: this.mac('form', `${token}|${nonce}`) };
  }

  /** Checks a sent form: the cookie's nonce is the form's, its MAC is ours for this link, and it is fresh. */
  checkForm(
    token: string,
    form: { nonce?: string | undefined; csrf?: string | undefined },
    cookieNonce: string | undefined,
    now: Date,
  ): void {
    const { nonce, csrf } = form;
    if (
      !nonce ||
      !csrf ||
      !cookieNonce ||
      !this.same(nonce, cookieNonce) ||
      !this.same(csrf, this.mac('form', `${token}|${nonce}`))
    )
      throw new SnoozeTokenError('form', 'the form was not sent from its own page');
    const made = Number(nonce.split('.')[0]);
    if (!Number.isFinite(made) || now.getTime() / 1000 - made > FORM_MINUTES * 60)
      throw new SnoozeTokenError('form', 'the page was open too long');
  }

  private mac(purpose: 'link' | 'form' | 'id', text: string): string {
    return createHmac('sha256', this.key)
      .update(`backup-digest snooze ${purpose}\0${text}`)
      .digest('base64url');
  }

  private same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}

/** The Snooze link of a row, at `url` (the snooze page): what the renderer puts on rows. */
export function snoozeLinks(
  tokens: SnoozeTokens,
  url: string,
): (row: DigestRow, issuedAt: Date) => string | undefined {
  const base = new URL(url);
  return (row, issuedAt) => {
    if (!ACKNOWLEDGEABLE.has(row.jobClass)) return undefined;
    const link = new URL(base);
    link.searchParams.set('t', tokens.sign(row, issuedAt));
    return link.toString();
  };
}
