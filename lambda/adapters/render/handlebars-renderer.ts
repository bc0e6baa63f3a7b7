import { join } from 'node:path';
import type { Digest } from '../../core/digest';
import type { DigestRenderer, RenderedDigest } from '../../core/digest-renderer';
import { type Detail, MOST_DETAIL } from './detail';
import { digestViews } from './digest-view';
import { inlineCss } from './inline-css';
import { jobsAttachment, jobsFileName } from './jobs-attachment';
import { SAMPLE_SHORT_DETAIL, sampleDigest, UNESCAPED_MARKER } from './sample-digest';
import { fitToBudget } from './size-budget';
import { TemplateError } from './template-error';
import { type Template, TemplateFolder } from './template-folder';
import { registerHelpers } from './template-helpers';

const HTML_TEMPLATE = 'digest.html.hbs';
const TEXT_TEMPLATE = 'digest.txt.hbs';

/**
 * Renders `digest.html.hbs` and `digest.txt.hbs` from a template folder (partials in
 * `partials/`), inlines the HTML's CSS, keeps the HTML under Gmail's clipping size, and attaches
 * every job as CSV. A broken template fails when the renderer is made, not half-way through a run:
 * every file is parsed, then both templates render a sample digest with a row of every class, in
 * full and cut short, which also catches a misspelt field, a missing partial or helper, and a
 * value printed unescaped. The HTML template escapes every value (`{{ }}`); the text one is
 * compiled with `noEscape`, its values stripped of control characters instead.
 */
export class HandlebarsRenderer implements DigestRenderer {
  private constructor(
    private readonly html: Template,
    private readonly text: Template,
    private readonly dir: string,
  ) {}

  static fromDirectory(dir: string): HandlebarsRenderer {
    const folder = new TemplateFolder(dir);
    registerHelpers(folder.hbs);
    folder.registerPartials();
    const renderer = new HandlebarsRenderer(
      folder.compile(HTML_TEMPLATE, { strict: true }),
      folder.compile(TEXT_TEMPLATE, { strict: true, noEscape: true }),
      dir,
    );
    renderer.tryOnSample();
    return renderer;
  }

  render(digest: Digest): RenderedDigest {
    const attachment = jobsAttachment(digest);
    const views = digestViews(digest, attachment.filename);
    const view = (plain: boolean, detail: Detail) => views({ plain, detail });
    const fullRowsWanted = digest.totals.rows - digest.totals.byClass.ok;
    const fitted = fitToBudget(
      { raw: (detail) => this.apply(this.html, HTML_TEMPLATE, view(false, detail)), inline: inlineCss },
      fullRowsWanted,
    );
    const textView = view(true, fitted.detail);
    return {
      subject: textView.subject,
      html: fitted.html,
      text: this.apply(this.text, TEXT_TEMPLATE, textView),
      attachments: [attachment],
    };
  }

  private apply(template: Template, name: string, view: unknown): string {
    try {
      return template(view);
    } catch (cause) {
      throw new TemplateError(`template ${join(this.dir, name)} failed: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  /** Both templates, every branch the view can take, and the CSS inlining, before the first real run. */
  private tryOnSample(): void {
    const digest = sampleDigest();
    const views = digestViews(digest, jobsFileName(digest, false));
    for (const detail of [MOST_DETAIL, SAMPLE_SHORT_DETAIL]) {
      const html = this.apply(this.html, HTML_TEMPLATE, views({ plain: false, detail }));
      this.apply(this.text, TEXT_TEMPLATE, views({ plain: true, detail }));
      inlineCss(html);
      if (html.includes(UNESCAPED_MARKER)) {
        throw new TemplateError(
          `template ${join(this.dir, HTML_TEMPLATE)} prints a value unescaped: use {{value}}, not {{{value}}}, for anything from CBS`,
        );
      }
    }
  }
}
