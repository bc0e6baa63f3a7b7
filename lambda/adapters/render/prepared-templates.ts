import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { INLINE_STYLES_FILE } from './inline-styles';
import { htmlPartials } from './partial-use';
import { prepareTemplateCss } from './prepare-css';

/**
 * Copies a template folder to `outDir` with the HTML template's CSS inlined (prepare-css.ts) and
 * the table of styles beside it: what the stack ships, so the function needs no juice. The text
 * templates and the failure templates are copied as they are. Throws TemplateError for a template
 * whose CSS cannot be inlined.
 */
export function writePreparedTemplates(dir: string, outDir: string): void {
  cpSync(dir, outDir, { recursive: true });
  const partialsDir = join(dir, 'partials');
  const partials = new Map<string, string>();
  if (existsSync(partialsDir)) {
    for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')))
      partials.set(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  const htmlPath = join(dir, 'digest.html.hbs');
  const html = readFileSync(htmlPath, 'utf8');
  const text = readFileSync(join(dir, 'digest.txt.hbs'), 'utf8');
  const prepared = prepareTemplateCss(html, htmlPartials(html, partials, text), htmlPath);
  writeFileSync(join(outDir, 'digest.html.hbs'), prepared.html);
  for (const [name, source] of prepared.partials)
    writeFileSync(join(outDir, 'partials', `${name}.hbs`), source);
  writeFileSync(join(outDir, INLINE_STYLES_FILE), `${JSON.stringify(prepared.styles, null, 1)}\n`);
}
