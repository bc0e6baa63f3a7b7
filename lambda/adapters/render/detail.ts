/**
 * How much the mail shows in full. Gmail clips a message whose HTML passes about 102 KB, so a
 * large digest shows less of what needs no one and points to the attached CSV, which always
 * holds every job.
 */
export interface Detail {
  /** Rows shown in full, spent on the sections in reading order: problems first. */
  fullRows: number;
  /** OK users listed by name; the rest share one line. */
  okUsers: number;
  /** Whether each OK user's line names its backup sets. */
  okSetNames: boolean;
}

/**
 * The most any digest shows. Even the most frugal row takes a few hundred bytes of HTML, so more
 * than this never fits the budget; the cap keeps the first try at 50,000 rows cheap.
 */
export const MOST_DETAIL: Detail = { fullRows: 400, okUsers: 400, okSetNames: true };
