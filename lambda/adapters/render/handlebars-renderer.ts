import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { buildDigest } from '../../core/build-digest';
import { CLASS_ORDER } from '../../core/classify-job';
import type { Digest, DigestRow } from '../../core/digest';
import type { DigestRenderer, RenderedDigest } from '../../core/digest-renderer';
import { TemplateError } from '../../errors';
import { digestView } from './digest-view';

type Template = Handlebars.TemplateDelegate;
type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/**
 * Renders `digest.html.hbs` and `digest.txt.hbs` from a template folder (partials in
 * `partials/`). A broken template fails when the renderer is made, not half-way through a run:
 * every file is parsed, then both templates render a sample digest with a row of every class, which
 * also catches a missing partial or helper. The HTML template escapes every value (`{{ }}`); the
 * text one is compiled with `noEscape`, its values stripped of control characters instead.
 */
export class HandlebarsRenderer implements DigestRenderer {
  private constructor(
    private readonly html: Template,
    private readonly text: Template,
    private readonly dir: string,
  ) {}

  static fromDirectory(dir: string): HandlebarsRenderer {
    const hbs = Handlebars.create();
    hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    const partialsDir = join(dir, 'partials');
    for (const file of listPartials(partialsDir)) {
      const path = join(partialsDir, file);
      const source = read(path);
      parse(hbs, path, source);
      // Registered as source: each partial then compiles with the options of the template using it.
      hbs.registerPartial(basename(file, '.hbs'), source);
    }
    const renderer = new HandlebarsRenderer(
      compile(hbs, join(dir, 'digest.html.hbs'), { strict: true }),
      compile(hbs, join(dir, 'digest.txt.hbs'), { strict: true, noEscape: true }),
      dir,
    );
    renderer.render(sampleDigest());
    return renderer;
  }

  render(digest: Digest): RenderedDigest {
    const htmlView = digestView(digest, false);
    return {
      subject: htmlView.subject,
      html: this.apply(this.html, 'digest.html.hbs', htmlView),
      text: this.apply(this.text, 'digest.txt.hbs', digestView(digest, true)),
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
}

function compile(hbs: typeof Handlebars, path: string, options: CompileOptions): Template {
  const source = read(path);
  parse(hbs, path, source);
  return hbs.compile(source, options);
}

/** Handlebars compiles lazily; parsing now surfaces syntax errors at start-up. */
function parse(hbs: typeof Handlebars, path: string, source: string): void {
  try {
    hbs.parse(source);
  } catch (cause) {
    throw new TemplateError(`template ${path} does not compile: ${(cause as Error).message}`, { cause });
  }
}

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

/** A digest with one fully filled row of every class, to try templates on before any real run. */
function sampleDigest(): Digest {
  const start = DateTime.fromISO('2026-01-01T00:00:00Z', { zone: 'UTC' });
  const rows: DigestRow[] = CLASS_ORDER.map((jobClass) => ({
    jobClass,
    reason: 'sample',
    user: { loginName: 'sample', owner: 'owner' },
    backupSetId: '1',
    backupSetName: 'Sample',
    destinationId: '2',
    jobId: '2026-01-01-00-00-00',
    status: 'BS_STOP_SUCCESS',
    start: '2026-01-01T00:00:00Z',
    end: '2026-01-01T01:00:00Z',
    durationSeconds: 3600,
    files: { new: { count: 1, bytes: 1 }, updated: {}, deleted: {}, moved: {} },
    errorEntries: 1,
    warnEntries: 1,
    dedupeSaving: 1,
    notes: ['sample'],
  }));
  const window = { start, end: start.plus({ days: 1 }), label: '2026-01-01', timeZone: 'UTC' };
  return buildDigest({ title: 'Sample', window, cbsTimeZone: 'UTC', generatedAt: new Date(0) }, rows);
}
