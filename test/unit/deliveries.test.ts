import { buildDigest } from '../../lambda/core/build-digest';
import type { JobClass } from '../../lambda/core/classify-job';
import {
  ADMINS,
  type DeliveryTarget,
  deliver,
  deliveryKey,
  needsAttention,
} from '../../lambda/core/deliveries';
import type { Digest } from '../../lambda/core/digest';
import type { DigestRenderer } from '../../lambda/core/digest-renderer';
import type { Mailer } from '../../lambda/core/mailer';
import { rowsOf } from '../support/digest-fixtures';
import { RecordingLog } from '../support/recording-log';
import { RecordingMailer } from '../support/recording-mailer';
import { HEADER_OF_28TH as header } from '../support/report-night';

const digestOf = (...classes: JobClass[]): Digest =>
  buildDigest(
    header,
    classes.flatMap((jobClass) => rowsOf(jobClass, 1)),
  );

/** Renders the subject from the rows, so a test can tell which digest it was given. */
const renderer: DigestRenderer = {
  render: (digest) => ({
    subject: `${digest.title}: ${digest.totals.rows} rows`,
    html: '<p>digest</p>',
    text: 'digest',
  }),
};

const target = (overrides: Partial<DeliveryTarget> = {}): DeliveryTarget => ({
  audience: ADMINS,
  from: 'digest@example.com',
  to: ['ops@example.com', 'boss@example.com'],
  replyTo: 'helpdesk@example.com',
  sendWhen: 'always',
  onceKey: 'schedule:2026-11-29',
  ...overrides,
});

describe('needsAttention', () => {
  test.each<JobClass>(['failed', 'missed', 'unknown', 'error'])('a %s row needs attention', (jobClass) => {
    expect(needsAttention(digestOf('ok', jobClass, 'warning').totals)).toBe(true);
  });

  test('warnings, running jobs and OK rows do not', () => {
    expect(needsAttention(digestOf('ok', 'warning', 'running').totals)).toBe(false);
    expect(needsAttention(digestOf().totals)).toBe(false);
  });
});

describe('deliveryKey', () => {
  test("the admins' email goes by the run's key, an audience's by the run's key and its name", () => {
    expect(deliveryKey('schedule:2026-11-29', ADMINS)).toBe('schedule:2026-11-29');
    expect(deliveryKey('schedule:2026-11-29', 'east')).toBe('schedule:2026-11-29#audience#east');
  });

  test('a run without a key gives none to any email', () => {
    expect(deliveryKey(undefined, ADMINS)).toBeUndefined();
    expect(deliveryKey(undefined, 'east')).toBeUndefined();
  });
});

describe('deliver', () => {
  test('renders the digest and sends it to the target, with its reply-to and idempotency key', async () => {
    const mailer = new RecordingMailer();
    const log = new RecordingLog();
    const digest = digestOf('failed', 'ok');

    const { outcome, rendered } = await deliver({ renderer, mailer, log }, target(), digest, false);

    expect(mailer.sent).toEqual([
      {
        from: 'digest@example.com',
        to: ['ops@example.com', 'boss@example.com'],
        replyTo: 'helpdesk@example.com',
        onceKey: 'schedule:2026-11-29',
        subject: 'Backups: 2 rows',
        html: '<p>digest</p>',
        text: 'digest',
      },
    ]);
    expect(outcome).toEqual({
      audience: 'admins',
      subject: 'Backups: 2 rows',
      counts: digest.totals.byClass,
      rows: 2,
      recipients: 2,
      sent: true,
      quiet: false,
      messageId: 'm-1',
    });
    expect(rendered?.subject).toBe('Backups: 2 rows');
    expect(log.lines).toEqual([]);
  });

  test('a dry run renders and sends nothing', async () => {
    const mailer = new RecordingMailer();

    const { outcome, rendered } = await deliver(
      { renderer, mailer, log: new RecordingLog() },
      target(),
      digestOf('failed'),
      true,
    );

    expect(mailer.sent).toEqual([]);
    expect(outcome).toMatchObject({ sent: false, quiet: false, subject: 'Backups: 1 rows' });
    expect(outcome.messageId).toBeUndefined();
    expect(rendered?.text).toBe('digest');
  });

  test('sendWhen "attention": an all-clear digest is quiet and not sent, though rendered', async () => {
    const mailer = new RecordingMailer();

    const { outcome, rendered } = await deliver(
      { renderer, mailer, log: new RecordingLog() },
      target({ audience: 'east', sendWhen: 'attention' }),
      digestOf('ok', 'warning'),
      false,
    );

    expect(mailer.sent).toEqual([]);
    expect(outcome).toMatchObject({ audience: 'east', sent: false, quiet: true, subject: 'Backups: 2 rows' });
    expect(rendered).toBeDefined();
  });

  test('sendWhen "attention": a digest with a problem is sent', async () => {
    const mailer = new RecordingMailer();

    const { outcome } = await deliver(
      { renderer, mailer, log: new RecordingLog() },
      target({ sendWhen: 'attention' }),
      digestOf('ok', 'missed'),
      false,
    );

    expect(mailer.sent).toHaveLength(1);
    expect(outcome).toMatchObject({ sent: true, quiet: false });
  });

  test('sendWhen "always": an all-clear digest is sent too', async () => {
    const mailer = new RecordingMailer();

    const { outcome } = await deliver(
      { renderer, mailer, log: new RecordingLog() },
      target({ sendWhen: 'always' }),
      digestOf('ok'),
      false,
    );

    expect(mailer.sent).toHaveLength(1);
    expect(outcome).toMatchObject({ sent: true, quiet: false });
  });

  test('a send that fails is caught: the outcome says why, the error is logged, the rendering kept', async () => {
    const refusing: Mailer = {
      send: async () => {
        throw new TypeError('throttled');
      },
    };
    const log = new RecordingLog();

    const { outcome, rendered } = await deliver(
      { renderer, mailer: refusing, log },
      target({ audience: 'east' }),
      digestOf('failed'),
      false,
    );

    expect(outcome).toMatchObject({
      sent: false,
      failure: 'TypeError: throttled',
      subject: 'Backups: 1 rows',
    });
    expect(outcome.messageId).toBeUndefined();
    expect(rendered?.subject).toBe('Backups: 1 rows');
    expect(log.lines).toEqual([
      ['error', 'digest not delivered', { audience: 'east', error: 'TypeError: throttled' }],
    ]);
  });

  test('a render that fails, even with something not an Error: no rendering, no send, the reason kept', async () => {
    const mailer = new RecordingMailer();
    const log = new RecordingLog();
    const broken: DigestRenderer = {
      render: () => {
        throw 'template missing';
      },
    };

    const result = await deliver({ renderer: broken, mailer, log }, target(), digestOf('failed'), false);

    expect(result).toEqual({
      outcome: {
        audience: 'admins',
        counts: expect.any(Object),
        rows: 1,
        recipients: 2,
        sent: false,
        quiet: false,
        failure: 'Error: template missing',
      },
    });
    expect('rendered' in result).toBe(false);
    expect(mailer.sent).toEqual([]);
    expect(log.lines).toEqual([
      ['error', 'digest not delivered', { audience: 'admins', error: 'Error: template missing' }],
    ]);
  });
});
