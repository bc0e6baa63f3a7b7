import { ACKNOWLEDGEABLE, type Acknowledgement, targetCovers } from './acknowledgement';
import type { DigestRow, KnownIssue, SnoozeEnd } from './digest';

export interface KnownIssues {
  /** The rows that still count: everything not acknowledged. */
  rows: DigestRow[];
  known: KnownIssue[];
  /** Every acknowledgement that ended tonight, whether or not a row of it is in this digest. */
  ended: SnoozeEnd[];
}

/**
 * Sorts tonight's rows by the acknowledgements held. An acknowledgement holds until `expiresAt`,
 * and only while the problem is the kind it was made for: a set acknowledged as failed that is now
 * missed comes back (with any other row of the same acknowledgement). Rows that do not need
 * attention are never moved. Pure: the same rows, acknowledgements and time give the same answer.
 */
export function applyAcknowledgements(
  rows: readonly DigestRow[],
  acks: readonly Acknowledgement[],
  now: Date,
): KnownIssues {
  const ended: SnoozeEnd[] = [];
  const holding: Acknowledgement[] = [];
  for (const ack of acks) {
    if (Date.parse(ack.expiresAt) <= now.getTime()) {
      ended.push({ ack, why: 'expired' });
      continue;
    }
    const changed = changedKind(ack, rows);
    if (changed) ended.push(changed);
    else holding.push(ack);
  }

  const counted: DigestRow[] = [];
  const known: KnownIssue[] = [];
  for (const row of rows) {
    const ack = ACKNOWLEDGEABLE.has(row.jobClass)
      ? holding.find((a) => targetCovers(a.target, row))
      : undefined;
    if (ack) known.push({ row, ack });
    else counted.push(row);
  }
  return { rows: counted, known, ended };
}

/** The end of an acknowledgement made for one kind of problem whose rows now show another kind. */
function changedKind(ack: Acknowledgement, rows: readonly DigestRow[]): SnoozeEnd | undefined {
  const { kind } = ack;
  // Made for any problem: no change of kind ends it.
  if (kind === undefined) return undefined;
  const changed = rows.find(
    (r) => ACKNOWLEDGEABLE.has(r.jobClass) && r.jobClass !== kind && targetCovers(ack.target, r),
  );
  return changed && { ack, why: 'changed', from: kind, to: changed.jobClass };
}

/** The ends worth a line in a digest of these rows: those whose target has a row in it. */
export function endsShownWith(ended: readonly SnoozeEnd[], rows: readonly DigestRow[]): SnoozeEnd[] {
  return ended.filter((end) => rows.some((row) => targetCovers(end.ack.target, row)));
}
