import juice from 'juice';
import type { ClassStyles, InlineStyles } from './inline-styles';
import { TemplateError } from './template-error';

/**
 * Moves the HTML template's `<style>` rules into `style` attributes once, when the templates are
 * prepared, instead of parsing every rendered digest: Gmail, Outlook and most phone clients honour
 * little else. Media queries (dark mode, narrow screens) cannot be inlined and stay in a `<style>`
 * block. juice does the inlining, on the template source with every `{{…}}` held aside, so the
 * result is what juice made of each rendered digest before.
 *
 * A class chosen from data (`class="t-{{jobClass}}"`) cannot be matched in the source, so juice
 * is run again once per class the stylesheet names, with that class in its place; the `style`
 * each element gets is kept in a table (`InlineStyles`) that the `inlineStyle` helper reads at
 * render time. Limits, all outside what the shipped templates do: one class from data per element
 * is styled (the last the stylesheet knows wins); an element with both a class from data and its
 * own `style` attribute keeps only the styles its fixed classes give; partials are inlined on their
 * own, so a rule that needs an ancestor outside the partial (`.foot p`) does not reach into it; and
 * structural selectors (`:first-child`, `+`) see the template, not the digest.
 *
 * Runs where juice is installed: when the stack bundles the function (the function ships prepared
 * templates and no juice), and in the CLI, the demo and the tests.
 */
export function prepareTemplateCss(
  html: string,
  partials: ReadonlyMap<string, string>,
  where: string,
): PreparedCss {
  const css = [...html.matchAll(STYLE_BLOCK)].map((m) => m[1] ?? '').join('\n');
  const vocabulary = [
    ...new Set([...stripMediaQueries(css).matchAll(CLASS_SELECTOR)].map((m) => m[1] ?? '')),
  ];
  const styles: InlineStyles = {};
  let next = 0;
  const inline = (source: string, run: (text: string) => string): string => {
    const held = holdMustaches(source);
    const marked = markDynamicClasses(held.text, () => String(next++));
    const base = run(marked.variant(undefined));
    for (const id of marked.ids) styles[id] = { base: styleOf(base, id), byClass: {} };
    for (const cls of vocabulary) {
      const out = run(marked.variant(cls));
      for (const id of marked.ids) {
        const entry = styles[id] as ClassStyles;
        const style = styleOf(out, id);
        if (style !== entry.base) entry.byClass[cls] = style;
      }
    }
    return held.restore(withStyleHelpers(base, marked.classSources));
  };

  try {
    const preparedHtml = inline(html, (text) => juice(text, JUICE_OPTIONS));
    const prepared = new Map<string, string>();
    for (const [name, source] of partials) {
      prepared.set(
        name,
        inline(source, (text) => juice.inlineContent(text, css, JUICE_OPTIONS)),
      );
    }
    return { html: preparedHtml, partials: prepared, styles };
  } catch (cause) {
    if (cause instanceof TemplateError) throw cause;
    throw new TemplateError(`cannot inline the CSS of ${where}: ${(cause as Error).message}`, { cause });
  }
}

export interface PreparedCss {
  html: string;
  /** The HTML template's partials, inlined; the text template's are not touched. */
  partials: Map<string, string>;
  styles: InlineStyles;
}

/** The options the digest was inlined with when juice ran on each rendered digest; kept. */
export const JUICE_OPTIONS = {
  preserveMediaQueries: true,
  preserveFontFaces: false,
  preserveKeyFrames: false,
  removeStyleTags: true,
  applyWidthAttributes: true,
  applyAttributesTableElements: true,
};

const STYLE_BLOCK = /<style[^>]*>([\s\S]*?)<\/style>/gi;
const CLASS_SELECTOR = /\.(-?[_a-zA-Z][\w-]*)/g;
const MUSTACHE = /\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;
const HELD = /__HBS_(\d+)__/g;
const MARK = 'data-digest-inline';
const START_TAG = /<([a-zA-Z][\w:-]*)(\s[^<>]*?)?(\/?)>/g;
const CLASS_ATTR = /(\sclass\s*=\s*")([^"]*)(")/i;

/** Rules inside `@media` blocks are never inlined, so their classes need no table. */
function stripMediaQueries(css: string): string {
  let out = '';
  let depth = 0;
  let inMedia = false;
  for (let i = 0; i < css.length; i += 1) {
    const ch = css[i];
    if (!inMedia && css.startsWith('@media', i)) inMedia = true;
    if (ch === '{') depth += 1;
    if (ch === '}') {
      depth -= 1;
      if (inMedia && depth === 0) {
        inMedia = false;
        continue;
      }
    }
    if (!inMedia) out += ch;
  }
  return out;
}

/** Every `{{…}}` becomes `__HBS_n__`, which HTML parsers and juice leave alone. */
function holdMustaches(source: string): { text: string; restore: (text: string) => string } {
  const held: string[] = [];
  const text = source.replace(MUSTACHE, (m) => `__HBS_${held.push(m) - 1}__`);
  const restore = (out: string) => out.replace(HELD, (_, n: string) => held[Number(n)] ?? '');
  return { text, restore };
}

interface MarkedTemplate {
  ids: string[];
  /** The class attribute's source (mustaches still held) of each marked element. */
  classSources: Map<string, string>;
  /** The text with each marked element's class from data replaced by `cls` (none: as written). */
  variant(cls: string | undefined): string;
}

/** Marks each start tag whose class attribute holds a mustache, so juice's output can be read back. */
function markDynamicClasses(text: string, nextId: () => string): MarkedTemplate {
  const pieces: (string | { fixed: string[]; source: string })[] = [];
  const ids: string[] = [];
  const classSources = new Map<string, string>();
  let last = 0;
  for (const tag of text.matchAll(START_TAG)) {
    const attrs = tag[2] ?? '';
    const cls = CLASS_ATTR.exec(attrs);
    if (!cls?.[2]?.includes('__HBS_') || /\sstyle\s*=/i.test(attrs)) continue;
    const id = nextId();
    ids.push(id);
    const source = cls[2];
    classSources.set(id, source);
    const start = (tag.index ?? 0) + 1 + (tag[1]?.length ?? 0) + cls.index + (cls[1]?.length ?? 0);
    pieces.push(text.slice(last, start));
    pieces.push({ fixed: source.split(/\s+/).filter((t) => t !== '' && !t.includes('__HBS_')), source });
    const afterClass = start + source.length;
    const tagEnd = (tag.index ?? 0) + tag[0].length - 1 - (tag[3]?.length ?? 0);
    pieces.push(`${text.slice(afterClass, tagEnd)} ${MARK}="${id}"`);
    last = tagEnd;
  }
  pieces.push(text.slice(last));
  return {
    ids,
    classSources,
    variant: (chosen) =>
      pieces
        .map((p) =>
          typeof p === 'string' ? p : chosen === undefined ? p.source : [...p.fixed, chosen].join(' '),
        )
        .join(''),
  };
}

/** The `style` juice gave the marked element `id`, or '' for none. */
function styleOf(html: string, id: string): string {
  const tag = new RegExp(`<[^<>]*\\s${MARK}="${id}"[^<>]*>`).exec(html);
  if (!tag) throw new TemplateError(`element ${id} was lost while inlining CSS`);
  return /\sstyle="([^"]*)"/.exec(tag[0])?.[1] ?? '';
}

/** Each marked element's `style` becomes `{{#inlineStyle "id"}}classes{{/inlineStyle}}`. */
function withStyleHelpers(html: string, classSources: ReadonlyMap<string, string>): string {
  return html.replace(new RegExp(`<[^<>]*\\s${MARK}="(\\d+)"[^<>]*>`, 'g'), (tag, id: string) => {
    const helper = `{{#inlineStyle "${id}"}}${classSources.get(id) ?? ''}{{/inlineStyle}}`;
    const unmarked = tag.replace(` ${MARK}="${id}"`, '');
    if (/\sstyle="[^"]*"/.test(unmarked)) return unmarked.replace(/\sstyle="[^"]*"/, helper);
    return unmarked.replace(/\s*(\/?)>$/, (_m, slash: string) => `${helper}${slash}>`);
  });
}
