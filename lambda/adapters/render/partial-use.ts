import { TemplateError } from './template-error';

const PARTIAL_CALL = /\{\{~?#?>\s*([\w./-]+)/g;

/** The partials `source` calls, and those they call in turn. */
function calledFrom(source: string, partials: ReadonlyMap<string, string>): Set<string> {
  const found = new Set<string>();
  const visit = (text: string) => {
    for (const m of text.matchAll(PARTIAL_CALL)) {
      const name = m[1] ?? '';
      if (found.has(name) || !partials.has(name)) continue;
      found.add(name);
      visit(partials.get(name) ?? '');
    }
  };
  visit(source);
  return found;
}

/**
 * The partials of the HTML template, whose CSS gets inlined. One the text template calls too
 * cannot be: the text part would get `style` attributes.
 */
export function htmlPartials(
  html: string,
  partials: ReadonlyMap<string, string>,
  text: string,
): Map<string, string> {
  const fromText = calledFrom(text, partials);
  const chosen = new Map<string, string>();
  for (const name of calledFrom(html, partials)) {
    if (fromText.has(name)) {
      throw new TemplateError(
        `partial ${name} is used by both the HTML and the text template: give each its own, as the CSS of the HTML one is inlined`,
      );
    }
    chosen.set(name, partials.get(name) ?? '');
  }
  return chosen;
}
