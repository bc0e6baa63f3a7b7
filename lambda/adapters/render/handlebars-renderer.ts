import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { Digest } from '../../core/digest';
import type { DigestRenderer, RenderedDigest } from '../../core/digest-renderer';
import { TemplateError } from '../../errors';
import { digestView } from './digest-view';

type Template = Handlebars.TemplateDelegate;

/**
 * Renders `digest.html.hbs` and `digest.txt.hbs` from a template folder (partials in
 * `partials/`). Everything compiles when the renderer is made, so a broken template fails at
 * start-up, not half-way through a run. The HTML template escapes every value (`{{ }}`); the text
 * one is compiled with `noEscape`, its values stripped of control characters instead.
 */
export class HandlebarsRenderer implements DigestRenderer {
  private constructor(
    private readonly html: Template,
    private readonly text: Template,
  ) {}

  static fromDirectory(dir: string): HandlebarsRenderer {
    const hbs = Handlebars.create();
    hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    for (const file of listPartials(join(dir, 'partials'))) {
      hbs.registerPartial(basename(file, '.hbs'), read(join(dir, 'partials', file)));
    }
    const html = compile(hbs, dir, 'digest.html.hbs', { strict: true });
    const text = compile(hbs, dir, 'digest.txt.hbs', { strict: true, noEscape: true });
    return new HandlebarsRenderer(html, text);
  }

  render(digest: Digest): RenderedDigest {
    const htmlView = digestView(digest, false);
    return {
      subject: htmlView.subject,
      html: this.html(htmlView),
      text: this.text(digestView(digest, true)),
    };
  }
}

function compile(hbs: typeof Handlebars, dir: string, name: string, options: CompileOptions): Template {
  const path = join(dir, name);
  try {
    const template = hbs.compile(read(path), options);
    // Handlebars compiles lazily; a first call surfaces syntax errors now rather than mid-run.
    hbs.precompile(read(path), options);
    return template;
  } catch (cause) {
    if (cause instanceof TemplateError) throw cause;
    throw new TemplateError(`template ${path} does not compile: ${(cause as Error).message}`, { cause });
  }
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new TemplateError(`cannot read template ${path}: ${(cause as Error).message}`, { cause });
  }
}

/** Partials are optional: a template folder without `partials/` has none. */
function listPartials(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.hbs'));
  } catch {
    return [];
  }
}
