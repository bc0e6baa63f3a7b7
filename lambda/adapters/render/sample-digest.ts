import { DateTime } from 'luxon';
import { buildDigest } from '../../core/build-digest';
import { CLASS_ORDER } from '../../core/classify-job';
import type { Digest, DigestRow } from '../../core/digest';
import type { Detail } from './detail';

/**
 * Markup in every sample value: if it comes out of the HTML template as a tag, the template
 * prints a CBS value unescaped (`{{{ }}}`), and the renderer refuses it at start-up.
 */
export const UNESCAPED_MARKER = '<x-unescaped>';

/**
 * Detail that leaves rows out, so the "not shown" branches of a template run at start-up too: the
 * sample has one row of each class and two OK users.
 */
export const SAMPLE_SHORT_DETAIL: Detail = { fullRows: 3, okUsers: 1, okSetNames: false };

/** A digest with a fully filled row of every class, to try templates on before any real run. */
export function sampleDigest(): Digest {
  const start = DateTime.fromISO('2026-01-01T00:00:00Z', { zone: 'UTC' });
  const row = (loginName: string, jobClass: DigestRow['jobClass']): DigestRow => ({
    jobClass,
    reason: `sample ${UNESCAPED_MARKER}`,
    user: { loginName: `${loginName} ${UNESCAPED_MARKER}`, owner: `owner ${UNESCAPED_MARKER}` },
    backupSetId: `1 ${UNESCAPED_MARKER}`,
    backupSetName: `Sample ${UNESCAPED_MARKER}`,
    destinationId: `2 ${UNESCAPED_MARKER}`,
    jobId: `2026-01-01-00-00-00 ${UNESCAPED_MARKER}`,
    status: `BS_STOP_SUCCESS ${UNESCAPED_MARKER}`,
    start: '2026-01-01T00:00:00Z',
    end: '2026-01-01T01:00:00Z',
    durationSeconds: 3600,
    files: { new: { count: 1, bytes: 1 }, updated: {}, deleted: {}, moved: {} },
    errorEntries: 1,
    warnEntries: 1,
    dedupeSaving: 1,
    notes: [`sample ${UNESCAPED_MARKER}`],
  });
  const rows = [
    ...CLASS_ORDER.map((jobClass) => row('sample', jobClass)),
    row('second', 'ok'),
    row('known', 'failed'),
    row('ended', 'missed'),
  ];
  const window = { start, end: start.plus({ days: 1 }), label: '2026-01-01', timeZone: 'UTC' };
  // One row acknowledged (Known issues) and one acknowledgement ended (its line): every branch renders.
  const ack = (loginName: string, expiresAt: string) => ({
    target: { loginName: `${loginName} ${UNESCAPED_MARKER}` },
    note: `sample ${UNESCAPED_MARKER}`,
    by: `sample ${UNESCAPED_MARKER}`,
    createdAt: '1969-12-31T00:00:00Z',
    expiresAt,
  });
  return buildDigest(
    { title: `Sample ${UNESCAPED_MARKER}`, window, cbsTimeZone: 'UTC', generatedAt: new Date(0) },
    rows,
    {
      notices: [],
      notScheduled: [],
      removed: [],
      remembers: false,
      acknowledgements: [ack('known', '1970-01-02T00:00:00Z'), ack('ended', '1969-12-31T12:00:00Z')],
    },
  );
}

/** A Snooze link for every sample row, so the link's branch renders (escaped) at start-up too. */
export const sampleSnoozeLink = (): string => `https://snooze.invalid/?t=${UNESCAPED_MARKER}`;
