import { parseConfig } from '../../lambda/config/load-config';
import type { DigestRequest } from '../../lambda/core/digest-request';
import { CredentialsError, DigestFailedError, LoginRefusedError } from '../../lambda/core/errors';
import type { FailureNotice, FailureRenderer } from '../../lambda/core/failure-notice';
import type { Mailer } from '../../lambda/core/mailer';
import { computeWindow } from '../../lambda/core/report-window';
import { reportingFailure } from '../../lambda/core/run-or-report';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { RecordingLog } from '../support/recording-log';
import { RecordingMailer } from '../support/recording-mailer';

// reportingFailure as fan-out mode's steps use it: around any piece of work, not only a whole run.
const settings = digestSettings(
  parseConfig({
    cbs: { baseUrl: 'https://cbs.example.com', credentialsParameter: '/bd/cbs', timeZone: 'Europe/Berlin' },
    report: { title: 'Nightly backups', timeZone: 'Europe/Berlin', windowEndsAt: '07:00' },
    mail: {
      from: 'digest@example.com',
      to: ['ops@example.com', 'boss@example.com'],
      replyTo: 'help@example.com',
    },
    watch: { users: [{ loginName: 'alice' }] },
  }),
);
const request: DigestRequest = {
  anchor: new Date('2026-11-29T06:00:00Z'),
  dryRun: false,
  trigger: 'schedule',
};
const window = computeWindow(settings.report, request.anchor);
const NOW = new Date('2026-11-29T06:00:05Z');

/** Renders the notice as a line of its fields, and keeps what it was given. */
class NoticeRenderer implements FailureRenderer {
  readonly notices: FailureNotice[] = [];

  renderFailure(notice: FailureNotice) {
    this.notices.push(notice);
    return {
      subject: `${notice.title} ${notice.label}: ${notice.cause}`,
      html: `<p>${notice.advice}</p>`,
      text: notice.advice,
    };
  }
}

function setup(overrides: { mailer?: Mailer; failureRenderer?: FailureRenderer } = {}) {
  const mailer = new RecordingMailer();
  const failureRenderer = new NoticeRenderer();
  const log = new RecordingLog();
  const deps = { mailer, failureRenderer, log, now: () => NOW, ...overrides };
  return { deps, mailer, failureRenderer, log };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('reportingFailure', () => {
  test('work that succeeds: its value, and nothing sent or logged', async () => {
    const { deps, mailer, log } = setup();

    const value = await reportingFailure(deps, settings, request, window, async () => 42);

    expect(value).toBe(42);
    expect(mailer.sent).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  test('an error that leaves a digest possible passes unchanged, with no notice', async () => {
    const { deps, mailer, log } = setup();
    const bug = new TypeError('rows is not iterable');

    const error = await rejection(
      reportingFailure(deps, settings, request, window, async () => {
        throw bug;
      }),
    );

    expect(error).toBe(bug);
    expect(mailer.sent).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  test('no digest possible: the admins get the notice, the reason is logged, the run fails saying so', async () => {
    const { deps, mailer, failureRenderer, log } = setup();
    const unreadable = new CredentialsError('SSM parameter /bd/cbs is not JSON');

    const error = await rejection(
      reportingFailure(deps, settings, request, window, async () => {
        throw unreadable;
      }),
    );

    expect(error).toBeInstanceOf(DigestFailedError);
    expect(error).toMatchObject({
      message: 'no digest: The CBS credentials could not be read: SSM parameter /bd/cbs is not JSON',
      noticeSent: true,
      cause: unreadable,
    });
    expect(failureRenderer.notices).toEqual([
      expect.objectContaining({
        title: 'Nightly backups',
        label: '2026-11-28',
        cause: 'The CBS credentials could not be read: SSM parameter /bd/cbs is not JSON',
        generatedAt: '2026-11-29T06:00:05.000Z',
      }),
    ]);
    expect(mailer.sent).toEqual([
      {
        from: 'digest@example.com',
        to: ['ops@example.com', 'boss@example.com'],
        replyTo: 'help@example.com',
        subject:
          'Nightly backups 2026-11-28: The CBS credentials could not be read: SSM parameter /bd/cbs is not JSON',
        html: expect.stringContaining('/bd/cbs'),
        text: expect.stringContaining('Check the SSM parameter /bd/cbs'),
      },
    ]);
    expect(log.lines).toEqual([
      [
        'error',
        'no digest',
        {
          cause: 'The CBS credentials could not be read: SSM parameter /bd/cbs is not JSON',
          error: 'CredentialsError',
        },
      ],
    ]);
  });

  test('a dry run renders and sends no notice, and still fails', async () => {
    const { deps, mailer, failureRenderer } = setup();

    const error = await rejection(
      reportingFailure(deps, settings, { ...request, dryRun: true }, window, async () => {
        throw new CredentialsError('parameter not found');
      }),
    );

    expect(error).toMatchObject({ name: 'DigestFailedError', noticeSent: false });
    expect(failureRenderer.notices).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });

  test('a notice that cannot be sent: the run fails all the same, saying no notice went, and the reason is logged', async () => {
    const refusing: Mailer = {
      send: async () => {
        throw new Error('SES: Email address is not verified');
      },
    };
    const { deps, log } = setup({ mailer: refusing });
    const refused = new LoginRefusedError('Login refused', 'Incorrect system username/password');

    const error = await rejection(
      reportingFailure(deps, settings, request, window, async () => {
        throw refused;
      }),
    );

    expect(error).toMatchObject({
      name: 'DigestFailedError',
      message: 'no digest: CBS refused the system user: Incorrect system username/password',
      noticeSent: false,
      cause: refused,
    });
    expect(log.lines).toEqual([
      [
        'error',
        'no digest',
        {
          cause: 'CBS refused the system user: Incorrect system username/password',
          error: 'LoginRefusedError',
        },
      ],
      ['error', 'failure notice not sent', { error: 'SES: Email address is not verified' }],
    ]);
  });

  test('a notice that cannot be rendered is not sent, and the run fails all the same', async () => {
    const broken: FailureRenderer = {
      renderFailure: () => {
        throw new Error('template failure.html.hbs missing');
      },
    };
    const { deps, mailer, log } = setup({ failureRenderer: broken });

    const error = await rejection(
      reportingFailure(deps, settings, request, window, async () => {
        throw new CredentialsError('parameter not found');
      }),
    );

    expect(error).toMatchObject({ name: 'DigestFailedError', noticeSent: false });
    expect(mailer.sent).toEqual([]);
    expect(log.lines.at(-1)).toEqual([
      'error',
      'failure notice not sent',
      { error: 'template failure.html.hbs missing' },
    ]);
  });
});
