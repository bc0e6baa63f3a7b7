import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INLINE_STYLES_FILE } from './inline-styles';
import { htmlPartials } from './partial-use';
import { prepareTemplateCss } from './prepare-css';
import { TemplateFolder } from './template-folder';

/**
 * Copies a template folder to `outDir` with the HTML template's CSS inlined (prepare-css.ts) and
 * the table of styles beside it: what the stack ships, so the function needs no juice. The text
 * templates and the failure templates are copied as they are. Throws TemplateError for a template
 * that cannot be read or parsed, or whose CSS cannot be inlined.
 */
export function writePreparedTemplates(dir: string, outDir: string): void {
  const folder = new TemplateFolder(dir);
  const htmlName = 'digest.html.hbs';
  const html = folder.source(htmlName);
  const text = folder.source('digest.txt.hbs');
  const partials = folder.partialSources();
  const prepared = prepareTemplateCss(html, htmlPartials(html, partials, text), join(dir, htmlName));
  cpSync(dir, outDir, { recursive: true });
  writeFileSync(join(outDir, htmlName), prepared.html);
  for (const [name, source] of prepared.partials)
    writeFileSync(join(outDir, 'partials', `${name}.hbs`), source);
  writeFileSync(join(outDir, INLINE_STYLES_FILE), `${JSON.stringify(prepared.styles, null, 1)}\n`);
}
