import { parseConfig } from '../../lambda/config/load-config';
import type { Acknowledgement } from '../../lambda/core/acknowledgement';
import { AcknowledgementStoreError } from '../../lambda/core/acknowledgement-store';
import type { DigestRequest } from '../../lambda/core/digest-request';
import { silentLog } from '../../lambda/core/log';
import { runOrReport } from '../../lambda/core/run-or-report';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';
import { MemoryAcknowledgementStore } from '../support/memory-acknowledgement-store';
import { RecordingMailer } from '../support/recording-mailer';
import { shippedFailureRenderer, shippedRenderer } from '../support/shipped-renderers';

// The run reads the acknowledgements, the digest applies them, and ended ones are forgotten once sent.
const config = parseConfig({
  cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/bd/cbs', timeZone: 'Europe/Berlin' },
  report: { timeZone: 'Europe/Berlin', windowEndsAt: '07:00' },
  mail: { from: 'digest@example.com', to: ['ops@example.com'] },
  watch: { users: [{ loginName: 'alice' }, { loginName: 'bob' }] },
});
const NOW = new Date('2026-11-29T06:00:05Z');
const scheduled: DigestRequest = {
  anchor: new Date('2026-11-29T06:00:00Z'),
  dryRun: false,
  trigger: 'schedule',
};

function server(): FakeBackupServer {
  const failed = listedJob('alice', '1', '2026-11-28 22:00:00', { status: 'BS_STOP_BY_SYSTEM_ERROR' });
  const ok = listedJob('bob', '2', '2026-11-28 23:00:00');
  return new FakeBackupServer()
    .listingOf('alice', '2026-11-28', { jobs: [failed], unreadable: [] })
    .listingOf('bob', '2026-11-28', { jobs: [ok], unreadable: [] })
    .summaryOf('alice', '1', failed.jobId, summaryFor(failed))
    .summaryOf('bob', '2', ok.jobId, summaryFor(ok));
}

const ack = (extra: Partial<Acknowledgement> = {}): Acknowledgement => ({
  target: { loginName: 'alice', backupSetId: '1' },
  kind: 'failed',
  note: 'disk replaced on Monday',
  by: 'carol',
  createdAt: '2026-11-28T10:00:00Z',
  expiresAt: '2026-12-05T10:00:00Z',
  ...extra,
});

async function run(store: MemoryAcknowledgementStore, request: DigestRequest = scheduled) {
  const mailer = new RecordingMailer();
  const outcome = await runOrReport(
    {
      connect: async () => server(),
      renderer: shippedRenderer,
      failureRenderer: shippedFailureRenderer,
      mailer,
      log: silentLog,
      now: () => NOW,
      acknowledgements: store,
    },
    digestSettings(config),
    request,
  );
  return { outcome, mailer };
}

describe('a run with acknowledgements', () => {
  test('the acknowledged failure is under Known issues and the mail says all is well', async () => {
    const { outcome, mailer } = await run(new MemoryAcknowledgementStore([ack()]));

    expect(outcome.summary.counts.failed).toBe(0);
    expect(outcome.summary.known).toBe(1);
    expect(mailer.sent[0]?.subject).toBe('Backups 2026-11-28: 1 ok');
    expect(mailer.sent[0]?.text).toContain('Known issue: disk replaced on Monday (carol, until 2026-12-05');
  });

  test('an expired acknowledgement: the failure counts, the digest says so, and it is forgotten once sent', async () => {
    const store = new MemoryAcknowledgementStore([ack({ expiresAt: '2026-11-29T05:00:00Z' })]);

    const { outcome, mailer } = await run(store);

    expect(outcome.summary.counts.failed).toBe(1);
    expect(mailer.sent[0]?.text.replace(/\s+/g, ' ')).toContain('Snooze ended: alice / 1 counts again');
    expect(store.acks.size).toBe(0);
  });

  test('a dry run changes nothing in the store', async () => {
    const store = new MemoryAcknowledgementStore([ack({ expiresAt: '2026-11-29T05:00:00Z' })]);

    await run(store, { ...scheduled, dryRun: true });

    expect(store.acks.size).toBe(1);
  });

  test('a store that cannot be read: every row counts and one line says why', async () => {
    const store = new MemoryAcknowledgementStore([ack()]);
    store.failWith = new AcknowledgementStoreError('could not read acknowledgements in t: ECONNREFUSED');

    const { outcome, mailer } = await run(store);

    expect(outcome.summary.counts.failed).toBe(1);
    expect(outcome.summary.sent).toBe(true);
    expect(mailer.sent[0]?.text.replace(/\s+/g, ' ')).toContain(
      'Note: Acknowledgements could not be read tonight (could not read acknowledgements in t: ECONNREFUSED): known issues are counted as problems.',
    );
  });
});
