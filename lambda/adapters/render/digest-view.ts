import { describeTarget } from '../../core/acknowledgement';
import { CLASS_ORDER, type JobClass } from '../../core/classify-job';
import type { Digest, DigestRow, SetLine, SnoozeEnd } from '../../core/digest';
import { STRIP_LEGEND } from '../../core/history-view';

import { COUNT_LABEL, NEEDS_ATTENTION, SECTION_HEADING } from './class-words';
import { type Detail, MOST_DETAIL } from './detail';
import { countOf, formatBytes, formatCount, formatTime, oneLine, shorten } from './format';
import { okView, tallyByUser } from './ok-summary';
import { describeFiles, rowView } from './row-view';
import { subjectLine } from './subject-line';
import type { CountView, DigestView, RowView, SectionView } from './view-model';

export type { DigestView, RowView } from './view-model';

/**
 * The Snooze link of a row that needs attention, signed for that row (lambda/adapters/snooze),
 * or undefined where snoozing is not set up. `issuedAt` is the digest's time: links expire from it.
 */
export type SnoozeLinks = (row: DigestRow, issuedAt: Date) => string | undefined;

export interface ViewOptions {
  /** For the text part: strips control characters so a CBS value cannot forge lines. */
  plain: boolean;
  detail?: Detail | undefined;
}

/** Inbox previews show about this much after the subject. */
const PREHEADER_LENGTH = 140;

/** Builds the template view of a digest; see `digestViews`. */
export function digestView(digest: Digest, options: ViewOptions & { attachmentName?: string }): DigestView {
  return digestViews(digest, options.attachmentName)(options);
}

/**
 * The template views of one digest, in the order an admin reads: verdict, counts, what needs
 * attention, warnings, running jobs, then OK jobs by user. Rows are sorted into classes and OK jobs
 * counted once, so trying several levels of detail on 50,000 rows stays cheap. HTML escaping is
 * Handlebars' job; `plain` only keeps CR/LF out of the text part. `attachmentName` is the file
 * that holds every job, named where the mail leaves rows out.
 */
export function digestViews(digest: Digest, attachmentName?: string, snoozeLinks?: SnoozeLinks): DigestViews {
  const zone = digest.window.timeZone;
  const by = digest.totals.byClass;
  const attention = NEEDS_ATTENTION.reduce((n, c) => n + by[c], 0);
  const buckets = new Map<JobClass, DigestRow[]>(CLASS_ORDER.map((c) => [c, []]));
  for (const row of digest.rows) buckets.get(row.jobClass)?.push(row);
  const okTallies = tallyByUser(buckets.get('ok') ?? []);
  const elsewhere = attachmentName ? `the attached ${attachmentName}` : 'the attached list';
  const verdict = verdictOf(digest, attention);
  // The same for every level of detail tried: worked out once, not once per candidate.
  const subject = subjectLine(digest);
  const preheader = shorten(preheaderOf(verdict, digest.rows), PREHEADER_LENGTH);
  const issuedAt = new Date(digest.generatedAt);
  // Each row shaped once for the HTML and once for the text, however many levels of detail are tried.
  const shaper = (plain: boolean) => {
    const clean = plain ? oneLine : (s: string) => s;
    const cache = new WeakMap<DigestRow, RowView>();
    return (row: DigestRow): RowView => {
      let view = cache.get(row);
      if (!view) {
        const link = NEEDS_ATTENTION.includes(row.jobClass) ? snoozeLinks?.(row, issuedAt) : undefined;
        view = { ...rowView(row, zone, clean, digest.generatedAt), snooze: link ? clean(link) : '' };
        cache.set(row, view);
      }
      return view;
    };
  };
  const shapes = { plain: shaper(true), html: shaper(false) };
  // The rows that can be shown in full, in the order `fullRows` spends them.
  const spent = CLASS_ORDER.filter((c) => c !== 'ok').flatMap((c) => buckets.get(c) ?? []);

  const views = ({ plain, detail = MOST_DETAIL }: ViewOptions): DigestView => {
    const clean = plain ? oneLine : (s: string) => s;
    const shape = plain ? shapes.plain : shapes.html;
    const known = (digest.known ?? []).map(({ row, ack }) => ({
      ...rowView(row, zone, clean, digest.generatedAt),
      ack: clean(`${ack.note} (${ack.by}, until ${formatTime(ack.expiresAt, zone)})`),
    }));

    let fullRowsLeft = detail.fullRows;
    const sections: SectionView[] = [];
    for (const jobClass of CLASS_ORDER.filter((c) => c !== 'ok' && by[c] > 0)) {
      const rows = buckets.get(jobClass) ?? [];
      const shown = rows.slice(0, Math.max(0, fullRowsLeft));
      fullRowsLeft -= shown.length;
      const hidden = rows.length - shown.length;
      sections.push({
        jobClass,
        needsAttention: NEEDS_ATTENTION.includes(jobClass),
        heading: SECTION_HEADING[jobClass],
        count: formatCount(rows.length),
        rows: shown.map(shape),
        more:
          hidden === 0
            ? ''
            : `${formatCount(hidden)}${shown.length === 0 ? '' : ' more'} not shown here for lack of room; every job is in ${elsewhere}.`,
      });
    }

    return {
      subject,
      preheader,
      title: clean(digest.title),
      label: digest.label,
      verdict,
      needsAttention: attention > 0,
      window: `${formatTime(digest.window.start, zone)} to ${formatTime(digest.window.end, zone)}`,
      timeZone: zone,
      cbsTimeZone: digest.cbsTimeZone,
      counts: countsOf(digest),
      sections,
      ok: okView(okTallies, detail, clean),
      totals: {
        files: describeFiles(digest.totals.files),
        dedupeSaving: formatBytes(digest.totals.dedupeSaving),
      },
      notices: (digest.notices ?? []).map(clean),
      known,
      knownCount: formatCount(known.length),
      snoozesEnded: (digest.snoozesEnded ?? []).map((end) => clean(endLine(end, zone))),
      notScheduled: setList(
        digest.notScheduled ?? [],
        'not scheduled (no schedule in CBS, no expectation in the config); never counted as missed',
        clean,
      ),
      removed: setList(digest.removed ?? [], 'no longer listed by CBS (removed)', clean),
      legend: digest.remembers ? `Last 14 nights, oldest first: ${STRIP_LEGEND}.` : '',
      attachmentNote: attachmentName
        ? `Every job, with its figures, is in the attached ${attachmentName}.`
        : '',
      generatedAt: formatTime(digest.generatedAt, zone),
    };
  };
  return Object.assign(views, {
    rowText: (i: number) => {
      const row = spent[i];
      return row ? textWeight(shapes.html(row)) : 0;
    },
  });
}

/**
 * The views of one digest at any level of detail, and `rowText(i)`: the characters of the i-th
 * row that can be shown in full, in the order detail spends them (shaped as the HTML shows it, so
 * only rows the mail may show are ever shaped).
 */
export type DigestViews = ((options: ViewOptions) => DigestView) & { rowText(i: number): number };

/** Characters of every string in a row's view: what a row adds to the HTML, give or take its markup. */
function textWeight(view: RowView): number {
  let n = 0;
  for (const value of Object.values(view)) {
    if (typeof value === 'string') n += value.length;
    else if (Array.isArray(value)) for (const item of value) n += typeof item === 'string' ? item.length : 0;
  }
  return n;
}

/** Why an acknowledgement no longer holds, in one line. */
function endLine(end: SnoozeEnd, zone: string): string {
  const what = describeTarget(end.ack.target, end.ack.label);
  const was = `"${end.ack.note}", ${end.ack.by}`;
  return end.why === 'expired'
    ? `Snooze ended: ${what} counts again, its acknowledgement (${was}) expired ${formatTime(end.ack.expiresAt, zone)}.`
    : `Snooze ended: ${what} counts again, it was acknowledged as ${CLASS_NOUN[end.from]} (${was}) and is now ${CLASS_NOUN[end.to]}.`;
}

const CLASS_NOUN: Record<JobClass, string> = {
  failed: 'failed',
  missed: 'missed',
  unknown: 'of unknown status',
  error: 'not checked',
  warning: 'with warnings',
  running: 'running',
  ok: 'OK',
};

/** The first line an admin reads, and often the only one. */
function verdictOf(digest: Digest, attention: number): string {
  const total = digest.totals.rows;
  const by = digest.totals.byClass;
  if (total === 0) return 'No backups to report';
  if (attention > 0) {
    const fresh = digest.totals.newProblems;
    const news = digest.remembers ? ` (${fresh === attention ? 'all' : formatCount(fresh)} new)` : '';
    return `${formatCount(attention)} of ${countOf(total, 'backup set')} ${attention === 1 ? 'needs' : 'need'} attention${news}`;
  }
  // Counted per backup set: an hourly set with 24 jobs is one set, its latest run deciding.
  if (by.ok === total)
    return total === 1 ? 'The one backup set is OK' : `All ${countOf(total, 'backup set')} OK`;
  const rest = [
    by.warning > 0 ? `${formatCount(by.warning)} with warnings` : '',
    by.running > 0 ? `${formatCount(by.running)} still running` : '',
  ].filter((s) => s !== '');
  return `Nothing needs attention: ${formatCount(by.ok)} OK, ${rest.join(', ')}`;
}

/** The verdict, then the first problems by name, so the inbox list already says which. */
function preheaderOf(verdict: string, rows: readonly DigestRow[]): string {
  const problems: string[] = [];
  // Stops at the fifth: rows come worst first, so this reads a few rows, not 50,000.
  for (const r of rows) {
    if (problems.length === 5) break;
    if (NEEDS_ATTENTION.includes(r.jobClass))
      problems.push(`${r.user.loginName} ${r.backupSetName ?? r.backupSetId ?? ''}`.trim());
  }
  return oneLine(problems.length === 0 ? `${verdict}.` : `${verdict}: ${problems.join(', ')}`);
}

function countsOf(digest: Digest): CountView[] {
  const by = digest.totals.byClass;
  return CLASS_ORDER.filter((c) => by[c] > 0 || c === 'ok').map((jobClass) => ({
    jobClass,
    count: formatCount(by[jobClass]),
    label: COUNT_LABEL[jobClass],
  }));
}

/** Sets named in one line: `2 backup sets not scheduled …: bob / Photos, carol / Old`; at most 10 named. */
function setList(sets: readonly SetLine[], what: string, clean: (s: string) => string): string {
  if (sets.length === 0) return '';
  const named = sets
    .slice(0, 10)
    .map((s) => `${s.user.loginName} / ${s.name ?? s.backupSetId}`)
    .join(', ');
  const more = sets.length > 10 ? `, and ${formatCount(sets.length - 10)} more` : '';
  return clean(`${countOf(sets.length, 'backup set')} ${what}: ${named}${more}.`);
}
