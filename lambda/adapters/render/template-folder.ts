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
    const path = join(this.dir, name);
    const source = this.read(path);
    this.parse(path, source);
    return this.hbs.compile(source, options);
  }

  /**
   * Registers every `partials/*.hbs` under its file name. A folder without `partials/` has none.
   * Registered as source: each partial then compiles with the options of the template using it.
   */
  registerPartials(): void {
    const partialsDir = join(this.dir, 'partials');
    for (const file of listTemplates(partialsDir)) {
      const path = join(partialsDir, file);
      const source = this.read(path);
      this.parse(path, source);
      this.hbs.registerPartial(basename(file, '.hbs'), source);
    }
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
