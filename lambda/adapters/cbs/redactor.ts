/**
 * The one gate every string from CBS or the network passes before it can reach a row, a log, an
 * error or an email. It hides secrets in each form a server, a proxy or an error page may echo
 * them (plain, HTML-escaped, URL-encoded, JSON-escaped), removes the invisible characters that
 * can make a name read as something else (bidi overrides, zero-width characters), and caps the
 * length of one string so a 5 MB message cannot become a 5 MB log line.
 */

/** Longest string kept from CBS; the rest is cut, saying how much. */
export const MAX_TEXT_LENGTH = 2_000;
export const REDACTED = '***';

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E, U+200F,
 * U+061C) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF): U+202E turns `exe.txt` into
 * what reads as `txt.exe`.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

export class Redactor {
  private readonly pattern: RegExp | undefined;

  /** `secrets`: values that must never leave (the CBS password); empty ones are ignored. */
  constructor(secrets: readonly string[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret === '') continue;
      for (const form of formsOf(secret)) forms.add(form);
    }
    // Longest first, so a form that contains another is replaced whole.
    const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
  }

  /** A string from outside, safe to show: secrets hidden, invisible controls removed, length capped. */
  text(value: string): string {
    // Cleaned whole, then cut: cut first, a password straddling the cut escaped the match and, once
    // thousands of invisible characters before it were removed, its first half was kept. The cost
    // is linear, per character no more than an answer of many short strings already costs.
    // Invisibles go before secrets: one inside an echoed password must not hide it from the match.
    const clean = this.secretsOut(value.replace(INVISIBLE, ''));
    if (clean.length > MAX_TEXT_LENGTH) {
      return `${clean.slice(0, MAX_TEXT_LENGTH)}… (${clean.length - MAX_TEXT_LENGTH} more characters)`;
    }
    return clean;
  }

  /** Only the secrets hidden: for text that is ours but may quote outside text. */
  secretsOut(value: string): string {
    return this.pattern ? value.replace(this.pattern, REDACTED) : value;
  }

  /**
   * Every string of a parsed JSON answer, cleaned in place. Iterative: an answer nested a million
   * levels deep must not overflow the stack.
   */
  answer(json: unknown): unknown {
    if (typeof json === 'string') return this.text(json);
    const pending: (Record<string, unknown> | unknown[])[] = [];
    if (json !== null && typeof json === 'object') pending.push(json as Record<string, unknown>);
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
      const target = node as Record<string | number, unknown>;
      for (const key of keys) {
        const value = target[key];
        if (typeof value === 'string') target[key] = this.text(value);
        else if (value !== null && typeof value === 'object') pending.push(value as Record<string, unknown>);
      }
    }
    return json;
  }

  /**
   * An error from the network stack, rebuilt from its name, code and cleaned message only: a
   * parser error keeps the raw bytes it choked on (our request, password included) in fields a
   * logger would print. Its own cause is scrubbed the same way.
   */
  cause(error: unknown, depth = 0): Error {
    const e = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(error);
    const scrubbed = new Error(
      this.text(message),
      e.cause !== undefined && depth < 3 ? { cause: this.cause(e.cause, depth + 1) } : undefined,
    );
    scrubbed.name = typeof e.name === 'string' ? this.text(e.name) : 'Error';
    // Codes come from Node (ECONNRESET, CERT_HAS_EXPIRED), not from the wire.
    if (typeof e.code === 'string') Object.assign(scrubbed, { code: e.code });
    // The stack names our files, not CBS data, but its first line repeats the message.
    scrubbed.stack = `${scrubbed.name}: ${scrubbed.message}`;
    return scrubbed;
  }
}

/** How a secret may come back: as sent, escaped for HTML, encoded for a URL or a form, escaped in JSON. */
function formsOf(secret: string): string[] {
  const html = secret
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  // Every form of a non-empty secret is non-empty (the constructor skips empty secrets).
  return [
    secret,
    html,
    html.replace(/&#39;/g, '&#x27;'),
    html.replace(/&quot;/g, '&#34;'),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    // Percent-encoding in lower-case hex is the same text to a server.
    encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    JSON.stringify(secret).slice(1, -1),
    // JSON written with every non-ASCII character escaped (\u00e9).
    JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
