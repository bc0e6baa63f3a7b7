import type { FailureNotice, FailureRenderer } from '../../core/failure-notice';
import { formatTime, oneLine } from './format';
import { TemplateError } from './template-error';
import { type Template, TemplateFolder } from './template-folder';

/**
 * Renders `failure.html.hbs` and `failure.txt.hbs`: the short email sent when no digest could be
 * made. Compiled and tried at start-up like the digest templates, so the one email that must go
 * out on a bad day is not the one with a broken template.
 */
export class HandlebarsFailureRenderer implements FailureRenderer {
  private constructor(
    private readonly html: Template,
    private readonly text: Template,
  ) {}

  static fromDirectory(dir: string): HandlebarsFailureRenderer {
    const folder = new TemplateFolder(dir);
    const renderer = new HandlebarsFailureRenderer(
      folder.compile('failure.html.hbs', { strict: true }),
      folder.compile('failure.txt.hbs', { strict: true, noEscape: true }),
    );
    try {
      renderer.renderFailure(SAMPLE);
    } catch (cause) {
      throw new TemplateError(`failure templates in ${dir} do not render: ${(cause as Error).message}`, {
        cause,
      });
    }
    return renderer;
  }

  renderFailure(notice: FailureNotice): { subject: string; html: string; text: string } {
    const zone = notice.window.timeZone;
    const subject = oneLine(`${notice.title} ${notice.label}: FAILED, no digest: ${notice.cause}`).slice(
      0,
      200,
    );
    const view = (clean: (s: string) => string) => ({
      subject,
      title: clean(notice.title),
      label: notice.label,
      cause: clean(notice.cause),
      advice: clean(notice.advice),
      window: `${formatTime(notice.window.start, zone)} to ${formatTime(notice.window.end, zone)}`,
      generatedAt: formatTime(notice.generatedAt, zone),
    });
    return { subject, html: this.html(view((s) => s)), text: this.text(view(oneLine)) };
  }
}

const SAMPLE: FailureNotice = {
  title: 'Backups',
  label: '2026-01-01',
  window: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z', timeZone: 'UTC' },
  cause: 'sample',
  advice: 'sample',
  generatedAt: '2026-01-02T00:00:00Z',
};
