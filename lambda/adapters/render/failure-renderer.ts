import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { FailureNotice, FailureRenderer } from '../../core/failure-notice';
import { formatTime, oneLine } from './format';
import { TemplateError } from './template-error';

/**
 * Renders `failure.html.hbs` and `failure.txt.hbs`: the short email sent when no digest could be
 * made. Compiled and tried at start-up like the digest templates, so the one email that must go
 * out on a bad day is not the one with a broken template.
 */
export class HandlebarsFailureRenderer implements FailureRenderer {
  private constructor(
    private readonly html: Handlebars.TemplateDelegate,
    private readonly text: Handlebars.TemplateDelegate,
  ) {}

  static fromDirectory(dir: string): HandlebarsFailureRenderer {
    const hbs = Handlebars.create();
    const load = (name: string, noEscape: boolean) => {
      const path = join(dir, name);
      try {
        const source = readFileSync(path, 'utf8');
        hbs.parse(source);
        return hbs.compile(source, { strict: true, noEscape });
      } catch (cause) {
        throw new TemplateError(`template ${path} does not compile: ${(cause as Error).message}`, { cause });
      }
    };
    const renderer = new HandlebarsFailureRenderer(
      load('failure.html.hbs', false),
      load('failure.txt.hbs', true),
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
