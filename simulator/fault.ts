/**
 * Faults the simulator can inject, to test a client against what real CBS deployments do: slow
 * answers, dropped connections, reverse proxies answering HTML, broken or huge JSON, credentials
 * that stop working, rate limits.
 */

/**
 * Which calls a fault hits. Every field given narrows it; none means every API call (any
 * `/obs/api/json/<Name>.do` the simulator serves; unknown paths and non-POST requests never fault).
 */
export interface FaultScope {
  /** Only this endpoint, keyed as in `calls()`: `GetBackupJobReportSummary`, `2/ListUsers`. */
  endpoint?: string;
  /** Only calls whose body's `LoginName` is this (a call without one, e.g. `2/ListUsers`, never matches). */
  loginName?: string;
  /** Only the first N calls in scope that reach this fault; later ones pass: "fails N times, then succeeds". */
  first?: number;
  /** Each call in scope is hit with this chance in (0, 1], drawn from the seeded PRNG; default 1. */
  probability?: number;
}

/** What goes wrong; fields other than `mode` tune it and have defaults where marked. */
export type FaultEffect =
  /** The normal answer, `delayMs` later (on top of `latencyMs`). */
  | { mode: 'slow'; delayMs: number }
  /** The TCP connection is reset after the request is read, with no answer: the client sees ECONNRESET. */
  | { mode: 'reset' }
  /** A reverse proxy's HTML error page with this status; default 503. */
  | { mode: 'proxy-error'; status?: 502 | 503 }
  /** HTTP 200 with an HTML sign-in page where JSON was expected (a proxy or SSO portal in the way). */
  | { mode: 'html-page' }
  /** HTTP 200, `application/json`, a complete HTTP body holding the first half of the normal JSON. */
  | { mode: 'malformed-json' }
  /** HTTP 200, valid JSON of exactly `bytes` bytes (default 8 MiB), streamed chunked, never held in memory. */
  | { mode: 'huge-body'; bytes?: number }
  /** The exact CBS answer to a wrong SysUser or SysPwd, whatever was sent. */
  | { mode: 'wrong-credentials' }
  /** The CBS Error of a system user whose password has expired, whatever was sent. */
  | { mode: 'password-expired' }
  /** HTTP 429 with an HTML page and `Retry-After: retryAfterSeconds` (default 1). */
  | { mode: 'too-many-requests'; retryAfterSeconds?: number };

/** One fault: what goes wrong, and for which calls. */
export type Fault = FaultScope & FaultEffect;

export type FaultMode = Fault['mode'];

export const DEFAULT_PROXY_STATUS = 503;
export const DEFAULT_HUGE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;
