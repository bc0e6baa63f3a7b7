import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Digest } from '../../core/digest';
import type { DigestRenderer, RenderedDigest } from '../../core/digest-renderer';
import { type Detail, MOST_DETAIL } from './detail';
import { digestViews, type SnoozeLinks } from './digest-view';
import { INLINE_STYLES_FILE, type InlineStyles, registerInlineStyle } from './inline-styles';
import { jobsAttachment, jobsFileName } from './jobs-attachment';
import { htmlPartials } from './partial-use';
import { SAMPLE_SHORT_DETAIL, sampleDigest, sampleSnoozeLink, UNESCAPED_MARKER } from './sample-digest';
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
    private readonly snoozeLinks: SnoozeLinks | undefined,
  ) {}

  /** `snoozeLinks`: where snoozing is set up, the signed link of each row that needs attention. */
  static fromDirectory(
    dir: string,
    options: { snoozeLinks?: SnoozeLinks | undefined } = {},
  ): HandlebarsRenderer {
    const folder = new TemplateFolder(dir);
    registerHelpers(folder.hbs);
    const partials = folder.partialSources();
    const html = folder.source(HTML_TEMPLATE);
    const text = folder.source(TEXT_TEMPLATE);
    const css = inlinedCss(dir, html, partials, text);
    registerInlineStyle(folder.hbs, css.styles);
    folder.registerPartials(partials, css.partials);
    const renderer = new HandlebarsRenderer(
      folder.hbs.compile(css.html, { strict: true }),
      folder.hbs.compile(text, { strict: true, noEscape: true }),
      dir,
      options.snoozeLinks,
    );
    renderer.tryOnSample();
    return renderer;
  }

  render(digest: Digest): RenderedDigest {
    const attachment = jobsAttachment(digest);
    const views = digestViews(digest, attachment.filename, this.snoozeLinks);
    const view = (plain: boolean, detail: Detail) => views({ plain, detail });
    const fullRowsWanted = digest.totals.rows - digest.totals.byClass.ok;
    const fitted = fitToBudget(
      {
        render: (detail) => this.apply(this.html, HTML_TEMPLATE, view(false, detail)),
        rowWeight: views.rowText,
      },
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

  /** Both templates, every branch the view can take, and the inlined styles, before the first real run. */
  private tryOnSample(): void {
    const digest = sampleDigest();
    const views = digestViews(digest, jobsFileName(digest, false), sampleSnoozeLink);
    for (const detail of [MOST_DETAIL, SAMPLE_SHORT_DETAIL]) {
      const html = this.apply(this.html, HTML_TEMPLATE, views({ plain: false, detail }));
      this.apply(this.text, TEXT_TEMPLATE, views({ plain: true, detail }));
      if (html.includes(UNESCAPED_MARKER)) {
        throw new TemplateError(
          `template ${join(this.dir, HTML_TEMPLATE)} prints a value unescaped: use {{value}}, not {{{value}}}, for anything from CBS`,
        );
      }
    }
  }
}

/**
 * The HTML template and its partials with their CSS inlined: as prepared when the function was
 * bundled (the folder then holds the table of styles), or prepared now, where juice is installed
 * (CLI, demo, tests). The function bundle leaves juice out, so it is loaded only when needed.
 */
function inlinedCss(
  dir: string,
  html: string,
  partials: ReadonlyMap<string, string>,
  text: string,
): { html: string; partials: ReadonlyMap<string, string>; styles: InlineStyles } {
  const table = join(dir, INLINE_STYLES_FILE);
  if (existsSync(table)) {
    try {
      return { html, partials: new Map(), styles: JSON.parse(readFileSync(table, 'utf8')) as InlineStyles };
    } catch (cause) {
      throw new TemplateError(`cannot read ${table}: ${(cause as Error).message}`, { cause });
    }
  }
  let prepare: typeof import('./prepare-css').prepareTemplateCss;
  try {
    prepare = (require('./prepare-css') as typeof import('./prepare-css')).prepareTemplateCss;
  } catch (cause) {
    throw new TemplateError(
      `the templates in ${dir} have no ${INLINE_STYLES_FILE}, and juice, which inlines their CSS, is not installed: ship templates prepared by the stack (infra/bundle-files.ts)`,
      { cause },
    );
  }
  return prepare(html, htmlPartials(html, partials, text), join(dir, HTML_TEMPLATE));
}
