import { type Detail, MOST_DETAIL } from './detail';

/**
 * Gmail clips HTML past about 102 KB and hides the rest behind "View entire message"; stay well
 * under it. The CSV attachment holds whatever the mail leaves out.
 */
export const HTML_BUDGET_BYTES = 96 * 1024;

/** OK users named once the mail is short of room: enough to see who, not a phone book. */
const OK_USERS_WHEN_SHORT = 30;

/** Inlining CSS is the slow step (a parse of the whole document), so few candidates get it. */
const MOST_INLININGS = 5;

export interface Renderings {
  /** The template's output before CSS is inlined: cheap, tried on many candidates. */
  raw(detail: Detail): string;
  /** The finished HTML. */
  inline(raw: string): string;
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
 * Candidates are sized before inlining, scaled by how much inlining grew the last one; each pick
 * is then inlined and measured, so the answer never rests on the estimate.
 */
export function fitToBudget(
  renderings: Renderings,
  fullRowsWanted: number,
  budget = HTML_BUDGET_BYTES,
): Fitted {
  const rawSize = (detail: Detail) => bytesOf(renderings.raw(detail));
  const finish = (detail: Detail): Fitted => {
    const raw = renderings.raw(detail);
    const html = renderings.inline(raw);
    return { detail, html, bytes: bytesOf(html) };
  };

  const first = finish(MOST_DETAIL);
  if (first.bytes <= budget) return first;
  let growth = first.bytes / rawSize(MOST_DETAIL);
  let last = first;
  for (let i = 1; i < MOST_INLININGS; i += 1) {
    const detail = mostDetailWithin(Math.floor(budget / growth), rawSize, fullRowsWanted);
    last = finish(detail);
    if (last.bytes <= budget) return last;
    // A little more than measured, so the next pick lands under rather than on the line.
    growth = (last.bytes / rawSize(detail)) * 1.02;
  }
  return last;
}

/** The most detailed candidate whose output, before inlining, is at most `rawBudget` bytes. */
function mostDetailWithin(rawBudget: number, rawSize: (d: Detail) => number, fullRowsWanted: number): Detail {
  const noSetNames: Detail = { ...MOST_DETAIL, okSetNames: false };
  if (rawSize(noSetNames) <= rawBudget) return noSetNames;
  const short: Detail = { ...noSetNames, okUsers: OK_USERS_WHEN_SHORT };
  // Rows shown in full only ever add bytes, so the largest count that fits is found by bisection.
  let fits = -1;
  let over = Math.min(short.fullRows, fullRowsWanted) + 1;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (rawSize({ ...short, fullRows: mid }) <= rawBudget) fits = mid;
    else over = mid;
  }
  return fits >= 0 ? { ...short, fullRows: fits } : { ...short, fullRows: 0, okUsers: 0 };
}
