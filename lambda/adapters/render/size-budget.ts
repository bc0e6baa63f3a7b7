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
   * How much text the i-th row that could be shown in full brings, in the order detail spends
   * them: a relative weight (characters of the row's fields), not bytes. Asked only of the rows an
   * estimate reaches.
   */
  rowWeight(i: number): number;
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
 * Rows rendered first to price a row: at most this many. About what a 96 KB mail holds; the 400 a
 * large digest could show made the largest HTML of the render, and the first render of a run is
 * also the one that warms the templates up (half the render's time at 10,000 jobs).
 */
const SAMPLE_ROWS = 100;

/**
 * The most detailed HTML that fits `budget`. Detail goes in this order: first OK jobs lose their
 * set names, then most OK users share one line, and only then do rows stop being shown in full,
 * the last sections (running, then warnings) first, so problems are the last to be cut.
 * `fullRowsWanted` is how many rows could be shown in full.
 *
 * The first render is a short mail (30 OK users, no set names) with the first rows in full, up to
 * 100: when every row that could be shown is in it and it fits, the fuller levels are tried,
 * fullest first. Otherwise what those rows added to the bare frame prices every row by its
 * weight, candidates are sized from those per-row byte counts, and each pick is rendered and
 * measured, so the answer never rests on the estimate; should the estimate keep missing,
 * candidates are rendered one by one. A full level is never rendered when rows already must go.
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
  /** Every row fits with 30 OK users: the fullest level that fits, else that. */
  const fuller = (allRows: Fitted): Fitted => {
    const first = finish(MOST_DETAIL);
    if (first.bytes <= budget) return first;
    const noSetNames = finish({ ...MOST_DETAIL, okSetNames: false });
    return noSetNames.bytes <= budget ? noSetNames : allRows;
  };
  const rowCap = Math.min(MOST_DETAIL.fullRows, fullRowsWanted);
  const sampled = Math.min(rowCap, SAMPLE_ROWS);
  const sample = finish(short(sampled));
  const sampleFits = sample.bytes <= budget;
  if (sampleFits && sampled === rowCap) return fuller(sample);

  const frame = sampled === 0 ? sample : finish(short(0));
  if (frame.bytes > budget) return finish({ fullRows: 0, okUsers: 0, okSetNames: false });
  const rowBytes = priced(sample.bytes - frame.bytes, sampled, rowCap, (i) => renderings.rowWeight(i));
  // The most rows known to fit, with their HTML, and the fewest known not to.
  const best = sampleFits ? sample : frame;
  const fits = sampleFits ? sampled : 0;
  let over = sampleFits ? rowCap + 1 : sampled;
  // Bytes left for rows once the frame and 30 OK users are in.
  let room = budget - frame.bytes;
  for (let i = 0; i < MOST_TRIES; i += 1) {
    const rows = Math.min(mostRowsWithin(room, rowBytes), over - 1);
    // The estimate allows no more than is known to fit.
    if (rows <= fits) return best;
    const tried = finish(short(rows));
    if (tried.bytes <= budget) return rows === rowCap ? fuller(tried) : tried;
    over = rows;
    // Missed by this much: aim that much lower next time.
    room -= tried.bytes - budget + 1;
    // Missed by all the room there was: the estimate is no guide, and aiming at no room would
    // settle for no row at all when some fit. Measure instead.
    if (room <= 0) break;
  }
  return bisect(finish, budget, { best, fits, over });
}

/**
 * Bytes of the i-th of `rowCap` rows: the first `sampled` share out the bytes they added, by
 * weight; the rest are priced at the sample's bytes per unit of weight (per row, if the sample
 * weighs nothing). Each row is weighed when first asked, and once.
 */
function priced(
  sampleBytes: number,
  sampled: number,
  rowCap: number,
  weightOf: (i: number) => number,
): (i: number) => number | undefined {
  const weights: number[] = [];
  const weight = (i: number): number => {
    weights[i] ??= weightOf(i);
    return weights[i];
  };
  let sampleWeight = 0;
  for (let i = 0; i < sampled; i += 1) sampleWeight += weight(i);
  const perWeight = sampleBytes / sampleWeight;
  const perRow = sampleBytes / Math.max(1, sampled);
  return (i) => (i >= rowCap ? undefined : sampleWeight === 0 ? perRow : perWeight * weight(i));
}

/** As many rows in full as the estimate lets into `room` bytes (`rowBytes` is undefined past the last row). */
function mostRowsWithin(room: number, rowBytes: (i: number) => number | undefined): number {
  let used = 0;
  let rows = 0;
  for (let bytes = rowBytes(0); bytes !== undefined && used + bytes <= room; bytes = rowBytes(rows)) {
    used += bytes;
    rows += 1;
  }
  return rows;
}

/**
 * Rows shown in full only ever add bytes, so the largest count that fits is found by bisection,
 * between `fits` rows (fit: `best`) and `over` (do not).
 */
function bisect(
  finish: (d: Detail) => Fitted,
  budget: number,
  known: { best: Fitted; fits: number; over: number },
): Fitted {
  let { best, fits, over } = known;
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
