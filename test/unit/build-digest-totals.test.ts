import { totalRows } from '../../lambda/core/build-digest';
import type { DigestRow, JobFiles } from '../../lambda/core/digest';

const files = (count: number, bytes: number): JobFiles => ({
  new: { count, bytes },
  updated: { count: 0, bytes: 0 },
  deleted: { count: 0, bytes: 0 },
  moved: { count: 0, bytes: 0 },
});

const row = (jobClass: DigestRow['jobClass'], extra: Partial<DigestRow> = {}): DigestRow => ({
  jobClass,
  reason: jobClass,
  user: { loginName: 'alice' },
  backupSetId: '1',
  notes: [],
  ...extra,
});

describe('totalRows', () => {
  test("counts one row per set by class, but every job's files and dedupe saving, superseded runs too", () => {
    const rows = [
      row('warning', {
        files: files(10, 1000),
        dedupeSaving: 5,
        earlierJobs: [
          row('failed', { files: files(3, 300), dedupeSaving: 2 }),
          row('ok', { files: files(1, 7) }),
        ],
      }),
      row('ok', { backupSetId: '2', files: files(4, 40), dedupeSaving: 1 }),
    ];

    const totals = totalRows(rows);

    expect(totals.rows).toBe(2);
    expect(totals.byClass).toMatchObject({ warning: 1, ok: 1, failed: 0 });
    expect(totals.files.new).toEqual({ count: 18, bytes: 1347 });
    expect(totals.dedupeSaving).toBe(8);
  });
});
