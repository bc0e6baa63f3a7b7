import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError } from './template-error';

export type Template = Handlebars.TemplateDelegate;
export type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/**
 * The Handlebars loader of both renderers: one environment per template folder, whose files are
 * read and parsed when loaded, so a missing file or a syntax error fails at start-up naming the
 * file, not half-way through a run (Handlebars itself compiles lazily, on first use).
 */
export class TemplateFolder {
  /** An environment of its own: helpers and partials of one folder never leak into another. */
  readonly hbs: typeof Handlebars = Handlebars.create();

  constructor(readonly dir: string) {}

  /** `name` in the folder, compiled with `options`. */
  compile(name: string, options: CompileOptions): Template {
    return this.hbs.compile(this.source(name), options);
  }

  /** The source of `name` in the folder, read and parsed. */
  source(name: string): string {
    const path = join(this.dir, name);
    const source = this.read(path);
    this.parse(path, source);
    return source;
  }

  /** Every `partials/*.hbs`, read and parsed, by file name. A folder without `partials/` has none. */
  partialSources(): Map<string, string> {
    const partials = new Map<string, string>();
    for (const file of listTemplates(join(this.dir, 'partials'))) {
      partials.set(basename(file, '.hbs'), this.source(join('partials', file)));
    }
    return partials;
  }

  /**
   * Registers every `partials/*.hbs` under its file name, or the source `replaced` gives for it.
   * Registered as source: each partial then compiles with the options of the template using it.
   */
  registerPartials(
    partials: ReadonlyMap<string, string> = this.partialSources(),
    replaced: ReadonlyMap<string, string> = new Map(),
  ): void {
    for (const [name, source] of partials) this.hbs.registerPartial(name, replaced.get(name) ?? source);
  }

  private parse(path: string, source: string): void {
    try {
      this.hbs.parse(source);
    } catch (cause) {
      throw new TemplateError(`template ${path} does not compile: ${(cause as Error).message}`, { cause });
    }
  }

  private read(path: string): string {
    try {
      return readFileSync(path, 'utf8');
    } catch (cause) {
      throw new TemplateError(`cannot read template ${path}: ${(cause as Error).message}`, { cause });
    }
  }
}

function listTemplates(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.hbs'));
  } catch {
    return [];
  }
}
