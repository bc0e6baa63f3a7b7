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
   * How much text each row that could be shown in full brings, in the order detail spends them:
   * relative weights (characters of the row's fields), not bytes.
   */
  rowWeights(): readonly number[];
}

export interface Fitted {
  detail: Detail;
  html: string;
  bytes: number;
}

// Stryker disable next-line StringLiteral: Buffer.byteLength reads an empty encoding name as UTF-8
const bytesOf = (s: string) => Buffer.byteLength(s, 'utf8');

/** Short of room: 30 OK users without set names, and `fullRows` rows in full. */
const short = (fullRows: number): Detail => ({ fullRows, okUsers: OK_USERS_WHEN_SHORT, okSetNames: false });

/**
 * The most detailed HTML that fits `budget`. Detail goes in this order: first OK jobs lose their
 * set names, then most OK users share one line, and only then do rows stop being shown in full,
 * the last sections (running, then warnings) first, so problems are the last to be cut.
 * `fullRowsWanted` is how many rows could be shown in full.
 *
 * The first render is every row that could be in full with the 30 OK users of a short mail:
 * when even that is over budget, so is every fuller level, and those (the largest HTML there is,
 * half the render's time at 10,000 jobs) are never rendered. Otherwise the fuller levels are tried,
 * fullest first. Short of room, rather than render every candidate, the rows' bytes in all (that
 * render less the frame with no row) are shared out by each row's weight, and candidates are sized
 * from those per-row byte counts. Each pick is then rendered and measured, so the answer never
 * rests on the estimate; should the estimate keep missing, candidates are rendered one by one.
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
  const rowCap = Math.min(MOST_DETAIL.fullRows, fullRowsWanted);
  const allRows = finish(short(rowCap));
  if (allRows.bytes <= budget) {
    const first = finish(MOST_DETAIL);
    if (first.bytes <= budget) return first;
    const noSetNames = finish({ ...MOST_DETAIL, okSetNames: false });
    return noSetNames.bytes <= budget ? noSetNames : allRows;
  }

  const frame = rowCap === 0 ? allRows : finish(short(0));
  if (frame.bytes > budget) return finish({ fullRows: 0, okUsers: 0, okSetNames: false });
  const rowBytes = shareOut(allRows.bytes - frame.bytes, renderings.rowWeights().slice(0, rowCap));
  // Bytes left for rows once the frame and 30 OK users are in.
  let room = budget - frame.bytes;
  for (let i = 0; i < MOST_TRIES; i += 1) {
    const fitted = finish(mostRowsWithin(room, rowBytes));
    if (fitted.bytes <= budget) return fitted;
    // Missed by this much: aim that much lower next time.
    room -= fitted.bytes - budget + 1;
    // Missed by all the room there was: the estimate is no guide, and aiming at no room would
    // settle for no row at all when some fit. Measure instead.
    if (room <= 0) break;
  }
  return bisect(finish, rowCap, budget, frame);
}

/** `total` bytes shared out in proportion to `weights`. */
function shareOut(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / weights.length);
}

/** As many rows in full as the estimate lets into `room` bytes, with the 30 OK users. */
function mostRowsWithin(room: number, rowBytes: readonly number[]): Detail {
  let used = 0;
  let rows = 0;
  while (rows < rowBytes.length && used + (rowBytes[rows] ?? 0) <= room) {
    used += rowBytes[rows] ?? 0;
    rows += 1;
  }
  return short(rows);
}

/**
 * Rows shown in full only ever add bytes, so the largest count that fits is found by bisection,
 * between `frame` (no row: fits) and all `rowCap` rows (do not).
 */
function bisect(finish: (d: Detail) => Fitted, rowCap: number, budget: number, frame: Fitted): Fitted {
  let best = frame;
  let fits = 0;
  let over = rowCap;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    const tried = finish(short(mid));
    if (tried.bytes <= budget) {
      fits = mid;
      best = tried;
    } else over = mid;
  }
  return best;
}
