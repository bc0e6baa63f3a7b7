import { DateTime } from 'luxon';
import type { Acknowledgement } from '../../lambda/core/acknowledgement';
import { buildDigest, NO_EXTRAS } from '../../lambda/core/build-digest';
import type { DigestRow } from '../../lambda/core/digest';
import { applyAcknowledgements, endsShownWith } from '../../lambda/core/known-issues';
import { shippedRenderer } from '../support/shipped-renderers';

const NOW = new Date('2026-12-02T06:00:00Z');

function row(
  loginName: string,
  backupSetId: string,
  jobClass: DigestRow['jobClass'],
  extra: Partial<DigestRow> = {},
): DigestRow {
  return {
    jobClass,
    reason: `${jobClass} reason`,
    user: { loginName },
    backupSetId,
    backupSetName: `Set ${backupSetId}`,
    notes: [],
    ...extra,
  };
}

function ack(target: Acknowledgement['target'], extra: Partial<Acknowledgement> = {}): Acknowledgement {
  return {
    target,
    note: 'laptop in repair',
    by: 'alice',
    createdAt: '2026-11-30T10:00:00Z',
    expiresAt: '2026-12-07T10:00:00Z',
    ...extra,
  };
}

describe('applyAcknowledgements', () => {
  test('a set acknowledged as failed moves its failed row to known; other rows still count', () => {
    const rows = [row('bob', '1', 'failed'), row('bob', '2', 'failed'), row('carol', '1', 'ok')];
    const held = ack({ loginName: 'bob', backupSetId: '1' }, { kind: 'failed' });

    const result = applyAcknowledgements(rows, [held], NOW);

    expect(result.known).toEqual([{ row: rows[0], ack: held }]);
    expect(result.rows).toEqual([rows[1], rows[2]]);
    expect(result.ended).toEqual([]);
  });

  test('a user acknowledged moves every problem of that user, never its OK, warning or running rows', () => {
    const rows = [
      row('bob', '1', 'failed'),
      row('bob', '2', 'missed'),
      row('bob', '3', 'warning'),
      row('bob', '4', 'ok'),
      row('bob', '5', 'error'),
      row('bobby', '1', 'failed'),
    ];

    const result = applyAcknowledgements(rows, [ack({ loginName: 'bob' })], NOW);

    expect(result.known.map((k) => k.row.backupSetId)).toEqual(['1', '2', '5']);
    expect(result.rows.map((r) => `${r.user.loginName}/${r.backupSetId}`)).toEqual([
      'bob/3',
      'bob/4',
      'bobby/1',
    ]);
  });

  test('an owner or a job in the target narrows it', () => {
    const rows = [
      row('bob', '1', 'failed', { user: { loginName: 'bob', owner: 'east' }, jobId: '2026-12-01-22-00-00' }),
      row('bob', '1', 'failed', { user: { loginName: 'bob', owner: 'west' }, jobId: '2026-12-01-23-00-00' }),
    ];

    const byOwner = applyAcknowledgements(rows, [ack({ loginName: 'bob', owner: 'west' })], NOW);
    const byJob = applyAcknowledgements(
      rows,
      [ack({ loginName: 'bob', backupSetId: '1', jobId: '2026-12-01-22-00-00' })],
      NOW,
    );

    expect(byOwner.known.map((k) => k.row.user.owner)).toEqual(['west']);
    expect(byJob.known.map((k) => k.row.jobId)).toEqual(['2026-12-01-22-00-00']);
  });

  test('an acknowledgement past its expiry ends: the row counts again and the end is reported', () => {
    const rows = [row('bob', '1', 'failed')];
    const expired = ack({ loginName: 'bob', backupSetId: '1' }, { expiresAt: '2026-12-02T06:00:00Z' });

    const result = applyAcknowledgements(rows, [expired], NOW);

    expect(result.rows).toEqual(rows);
    expect(result.known).toEqual([]);
    expect(result.ended).toEqual([{ ack: expired, why: 'expired' }]);
  });

  test('a problem that changed kind (failed → missed) ends the acknowledgement', () => {
    const rows = [row('bob', '1', 'missed')];
    const held = ack({ loginName: 'bob', backupSetId: '1' }, { kind: 'failed' });

    const result = applyAcknowledgements(rows, [held], NOW);

    expect(result.rows).toEqual(rows);
    expect(result.ended).toEqual([{ ack: held, why: 'changed', from: 'failed', to: 'missed' }]);
  });

  test('a set now OK does not end an acknowledgement of its failure, nor get moved', () => {
    const rows = [row('bob', '1', 'ok')];
    const held = ack({ loginName: 'bob', backupSetId: '1' }, { kind: 'failed' });

    const result = applyAcknowledgements(rows, [held], NOW);

    expect(result).toEqual({ rows, known: [], ended: [] });
  });

  test('an acknowledgement expiring this very instant has ended; one a millisecond later holds', () => {
    const rows = [row('bob', '1', 'failed'), row('carol', '2', 'failed')];
    const now = ack({ loginName: 'bob' }, { expiresAt: NOW.toISOString() });
    const later = ack({ loginName: 'carol' }, { expiresAt: new Date(NOW.getTime() + 1).toISOString() });

    const result = applyAcknowledgements(rows, [now, later], NOW);

    expect(result.ended).toEqual([{ ack: now, why: 'expired' }]);
    expect(result.known).toEqual([{ row: rows[1], ack: later }]);
    expect(result.rows).toEqual([rows[0]]);
  });

  test('a changed problem brings back every row of that acknowledgement, the unchanged ones too', () => {
    const rows = [row('bob', '1', 'failed'), row('bob', '2', 'missed'), row('carol', '1', 'missed')];
    const held = ack({ loginName: 'bob' }, { kind: 'failed' });

    const result = applyAcknowledgements(rows, [held], NOW);

    expect(result.ended).toEqual([{ ack: held, why: 'changed', from: 'failed', to: 'missed' }]);
    expect(result.known).toEqual([]);
    expect(result.rows).toEqual(rows);
  });

  test("another user's problem of another kind, or a warning, does not end an acknowledgement", () => {
    const rows = [row('bob', '1', 'failed'), row('bob', '2', 'warning'), row('carol', '1', 'missed')];
    const held = ack({ loginName: 'bob' }, { kind: 'failed' });

    const result = applyAcknowledgements(rows, [held], NOW);

    expect(result.ended).toEqual([]);
    expect(result.known).toEqual([{ row: rows[0], ack: held }]);
  });

  test('an acknowledgement of any problem holds whatever the problem becomes', () => {
    const rows = [row('bob', '1', 'missed'), row('bob', '2', 'unknown')];
    const held = ack({ loginName: 'bob' });

    const result = applyAcknowledgements(rows, [held], NOW);

    expect(result.ended).toEqual([]);
    expect(result.known.map((k) => k.row.backupSetId)).toEqual(['1', '2']);
  });

  test('a row covered by two acknowledgements is known under the first', () => {
    const rows = [row('bob', '1', 'failed')];
    const first = ack({ loginName: 'bob', backupSetId: '1' }, { note: 'first' });
    const second = ack({ loginName: 'bob' }, { note: 'second' });

    expect(applyAcknowledgements(rows, [first, second], NOW).known).toEqual([{ row: rows[0], ack: first }]);
  });
});

describe('endsShownWith', () => {
  test('keeps the ends whose target has a row in this digest, in their order', () => {
    const ends = [
      { ack: ack({ loginName: 'erin', backupSetId: '4' }), why: 'expired' as const },
      { ack: ack({ loginName: 'gone' }), why: 'expired' as const },
      {
        ack: ack({ loginName: 'bob' }),
        why: 'changed' as const,
        from: 'failed' as const,
        to: 'missed' as const,
      },
    ];
    const rows = [row('bob', '1', 'missed'), row('erin', '4', 'ok'), row('erin', '5', 'failed')];

    expect(endsShownWith(ends, rows)).toEqual([ends[0], ends[2]]);
    expect(endsShownWith(ends, [])).toEqual([]);
  });
});

describe('a digest with known issues', () => {
  const start = DateTime.fromISO('2026-12-01T07:00:00', { zone: 'Europe/Berlin' });
  const header = {
    title: 'Backups',
    window: { start, end: start.plus({ days: 1 }), label: '2026-12-01', timeZone: 'Europe/Berlin' },
    cbsTimeZone: 'Europe/Berlin',
    generatedAt: NOW,
  };
  const rows = [
    row('bob', '1', 'failed'),
    row('carol', '2', 'missed'),
    row('dave', '3', 'ok'),
    row('erin', '4', 'failed'),
  ];
  const acks = [
    ack({ loginName: 'bob', backupSetId: '1' }, { kind: 'failed', label: 'Set 1' }),
    ack({ loginName: 'carol', backupSetId: '2' }, { kind: 'failed', note: 'moving office', by: 'frank' }),
    ack({ loginName: 'erin', backupSetId: '4' }, { expiresAt: '2026-12-01T09:00:00Z', note: 'old news' }),
    ack({ loginName: 'gone', backupSetId: '9' }, { expiresAt: '2026-12-01T09:00:00Z' }),
  ];
  // Built in each test, never while jest collects the tests nor in a hook: code run outside a test
  // counts as every test's, so StrykerJS would run the whole suite for each of its mutants.
  const digestOf = () => buildDigest(header, rows, { ...NO_EXTRAS, acknowledgements: acks });

  test('known rows leave the totals, the verdict and the subject', () => {
    const digest = digestOf();
    const rendered = shippedRenderer.render(digest);

    expect(digest.totals.byClass).toMatchObject({ failed: 1, missed: 1, ok: 1 });
    expect(digest.totals.rows).toBe(3);
    expect(digest.known?.map((k) => k.row.user.loginName)).toEqual(['bob']);
    expect(rendered.subject).toBe('Backups 2026-12-01: 1 failed, 1 missed, 1 ok');
    expect(rendered.text).toContain('2 of 3 backup sets need attention');
  });

  test('ended snoozes are said once each, for rows of this digest only', () => {
    const digest = digestOf();
    const rendered = shippedRenderer.render(digest);

    expect(digest.snoozesEnded?.map((e) => `${e.ack.target.loginName} ${e.why}`)).toEqual([
      'carol changed',
      'erin expired',
    ]);
    expect(rendered.text.replace(/\s+/g, ' ')).toContain(
      'Snooze ended: carol / 2 counts again, it was acknowledged as failed ("moving office", frank) and is now missed.',
    );
    expect(rendered.html.replace(/\s+/g, ' ')).toContain(
      'Snooze ended: erin / 4 counts again, its acknowledgement (&quot;old news&quot;, alice) expired 2026-12-01 10:00 CET.',
    );
    expect(rendered.text).not.toContain('gone');
  });

  test('the Known issues section comes last, with the note, who and until when, in HTML and text', () => {
    const rendered = shippedRenderer.render(digestOf());

    const text = rendered.text;
    expect(text.indexOf('Known issues (1), not counted above')).toBeGreaterThan(
      text.indexOf('OK (1), by user'),
    );
    expect(text).toContain('Known issue: laptop in repair (alice, until 2026-12-07 11:00 CET)');
    expect(rendered.html).toContain('Known issues (1), not counted above');
    expect(rendered.html).toContain('Known issue: laptop in repair (alice, until 2026-12-07 11:00 CET)');
  });

  test('without acknowledgements read, the digest has no known section at all', () => {
    const plain = buildDigest(header, rows);

    expect(plain.known).toBeUndefined();
    expect(plain.totals.rows).toBe(4);
  });
});
