import { type Detail, MOST_DETAIL } from './detail';

/**
 * Gmail clips HTML past about 102 KB and hides the rest behind "View entire message"; stay well
 * under it. The CSV attachment holds whatever the mail leaves out.
 */
export const HTML_BUDGET_BYTES = 96 * 1024;

/** OK users named once the mail is short of room: enough to see who, not a phone book. */
const OK_USERS_WHEN_SHORT = 30;

/** Exact renders after the estimate before falling back to a bisection of exact renders. */
const MOST_TRIES = 3;

export interface Renderings {
  /** The finished HTML at a level of detail. */
  render(detail: Detail): string;
  /**
   * How much text each row that could be shown in full, and each OK user, brings, in the order
   * detail spends them: relative weights (characters of the row's fields), not bytes.
   */
  weights(): { rows: readonly number[]; okUsers: readonly number[] };
}

export interface Fitted {
  detail: Detail;
  html: string;
  bytes: number;
}

const bytesOf = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The most detailed HTML that fits `budget`. Detail goes in this order: first OK jobs lose their
 * set names, then most OK users share one line, and only then do rows stop being shown in full,
 * the last sections (running, then warnings) first, so problems are the last to be cut.
 * `fullRowsWanted` is how many rows could be shown in full.
 *
 * Rather than render every candidate, a few renders measure what the rows and the OK users cost
 * in all, that is shared out by each one's weight, and candidates are sized from those per-row
 * byte counts. Each pick is then rendered and measured, so the answer never rests on the estimate;
 * should the estimate keep missing, candidates are rendered one by one.
 */
export function fitToBudget(
  renderings: Renderings,
  fullRowsWanted: number,
  budget = HTML_BUDGET_BYTES,
): Fitted {
  const finish = (detail: Detail): Fitted => {
    const html = renderings.render(detail);
    return { detail, html, bytes: bytesOf(html) };
  };
  const first = finish(MOST_DETAIL);
  if (first.bytes <= budget) return first;
  const noSetNames = finish({ ...MOST_DETAIL, okSetNames: false });
  if (noSetNames.bytes <= budget) return noSetNames;

  const rowCap = Math.min(MOST_DETAIL.fullRows, fullRowsWanted);
  const bare = finish({ fullRows: 0, okUsers: 0, okSetNames: false });
  const rowsOnly = finish({ fullRows: rowCap, okUsers: 0, okSetNames: false });
  const weights = renderings.weights();
  const rowBytes = shareOut(rowsOnly.bytes - bare.bytes, weights.rows.slice(0, rowCap));
  const userBytes = shareOut(
    noSetNames.bytes - rowsOnly.bytes,
    weights.okUsers.slice(0, MOST_DETAIL.okUsers),
  );
  const shortOk = userBytes.slice(0, OK_USERS_WHEN_SHORT).reduce((a, b) => a + b, 0);

  let room = budget;
  for (let i = 0; i < MOST_TRIES; i += 1) {
    const detail = mostRowsWithin(room - bare.bytes - shortOk, rowBytes);
    const fitted = finish(detail);
    if (fitted.bytes <= budget) return fitted;
    // Missed by this much: aim that much lower next time.
    room -= fitted.bytes - budget + 1;
  }
  return bisect(finish, rowCap, budget);
}

/** `total` bytes shared out in proportion to `weights`. */
function shareOut(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / weights.length);
}

/** Short of room: 30 OK users and as many rows in full as the estimate lets in. */
function mostRowsWithin(room: number, rowBytes: readonly number[]): Detail {
  let used = 0;
  let rows = 0;
  while (rows < rowBytes.length && used + (rowBytes[rows] ?? 0) <= room) {
    used += rowBytes[rows] ?? 0;
    rows += 1;
  }
  return room < 0
    ? { fullRows: 0, okUsers: 0, okSetNames: false }
    : { fullRows: rows, okUsers: OK_USERS_WHEN_SHORT, okSetNames: false };
}

/** Rows shown in full only ever add bytes, so the largest count that fits is found by bisection. */
function bisect(finish: (d: Detail) => Fitted, rowCap: number, budget: number): Fitted {
  const short: Detail = { fullRows: 0, okUsers: OK_USERS_WHEN_SHORT, okSetNames: false };
  let best: Fitted | undefined;
  let fits = -1;
  // Stryker disable next-line ArithmeticOperator: bisection follows tries of at most rowCap rows that did not fit, so rowCap never fits and either bound gives the same answer
  let over = rowCap + 1;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    const tried = finish({ ...short, fullRows: mid });
    if (tried.bytes <= budget) {
      fits = mid;
      best = tried;
    } else over = mid;
  }
  return best ?? finish({ fullRows: 0, okUsers: 0, okSetNames: false });
}
