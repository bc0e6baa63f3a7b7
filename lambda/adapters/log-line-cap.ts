/**
 * Bounds what one log line can hold, whatever a call site passes: a 5 MB CBS message, a list of
 * 100,000 names or an error whose cause chain repeats an answer must not become a line of that size
 * (CloudWatch splits events past 256 KB, and a huge line is expensive to store and to read).
 */

/** One line at most, JSON included; Powertools' own fields (level, time, service, request) fit in the rest. */
export const LOG_LINE_MAX_BYTES = 16 * 1024;
/** Room kept for the fields Powertools adds to every line. */
const POWERTOOLS_FIELDS_BYTES = 1024;
/** A longer string keeps its start, then says how much was cut. */
export const LOG_FIELD_MAX_CHARS = 2_000;
/** A longer array keeps its first entries, then says how many more there were. */
export const LOG_ARRAY_MAX_ENTRIES = 50;
const MAX_DEPTH = 6;

/** The message and attributes of one line, cut to fit LOG_LINE_MAX_BYTES. */
export function capLogLine(
  message: string,
  attributes: Record<string, unknown> | undefined,
): { message: string; attributes: Record<string, unknown> | undefined } {
  const budget = { left: LOG_LINE_MAX_BYTES - POWERTOOLS_FIELDS_BYTES };
  const cappedMessage = capString(message, budget);
  if (attributes === undefined) return { message: cappedMessage, attributes };
  return { message: cappedMessage, attributes: capObject(attributes, budget, 0) };
}

type Budget = { left: number };

/** Marks what was cut, in words a reader of the log understands. */
const cutMarker = (what: string) => `… [log line cap: ${what}]`;

function capValue(value: unknown, budget: Budget, depth: number): unknown {
  if (typeof value === 'string') return capString(value, budget);
  if (value === null || typeof value !== 'object') {
    budget.left -= 24; // a number, boolean or null, with its key's punctuation
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (depth >= MAX_DEPTH) return capString(cutMarker('nested too deep'), budget);
  if (Array.isArray(value)) return capArray(value, budget, depth);
  if (value instanceof Error) return capObject(errorFields(value), budget, depth);
  if (value instanceof Date) return capString(value.toISOString(), budget);
  return capObject(value as Record<string, unknown>, budget, depth);
}

function capString(value: string, budget: Budget): string {
  let capped = value.length > LOG_FIELD_MAX_CHARS ? cut(value, LOG_FIELD_MAX_CHARS) : value;
  // Escapes (a control character is six bytes in JSON) count: halve until the string fits what is left.
  for (let keep = capped.length; jsonBytes(capped) > budget.left && keep > 0; ) {
    keep = Math.floor(keep / 2);
    capped = cut(value, keep);
  }
  budget.left -= jsonBytes(capped);
  return capped;
}

/** The first `keep` characters of `value` and a marker saying how many of how many were cut. */
function cut(value: string, keep: number): string {
  return `${value.slice(0, keep)}${cutMarker(`${value.length - keep} of ${value.length} characters cut`)}`;
}

function capArray(values: readonly unknown[], budget: Budget, depth: number): unknown[] {
  const out: unknown[] = [];
  for (const entry of values) {
    if (out.length >= LOG_ARRAY_MAX_ENTRIES || budget.left < 200) break;
    out.push(capValue(entry, budget, depth + 1));
  }
  if (out.length < values.length) {
    out.push(capString(cutMarker(`${values.length - out.length} of ${values.length} entries cut`), budget));
  }
  return out;
}

function capObject(value: Record<string, unknown>, budget: Budget, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  let index = 0;
  for (; index < keys.length; index++) {
    const key = keys[index] as string;
    if (budget.left < 200) break;
    const cappedKey = key.length > 100 ? `${key.slice(0, 100)}…` : key;
    budget.left -= jsonBytes(cappedKey) + 2;
    out[cappedKey] = capValue(value[key], budget, depth + 1);
  }
  if (index < keys.length) out.logLineCap = cutMarker(`${keys.length - index} of ${keys.length} fields cut`);
  return out;
}

/** What Powertools would print of an error, as plain fields, so the caps apply to its message and cause. */
function errorFields(error: Error): Record<string, unknown> {
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** Bytes of the string as the line holds it: quoted, escaped, UTF-8. Only short strings get here. */
function jsonBytes(value: string): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
