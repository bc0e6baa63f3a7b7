import type Handlebars from 'handlebars';

/** The `style` of one element whose class comes from data: as written, and per class it may get. */
export interface ClassStyles {
  base: string;
  /** Only the classes that change the style. */
  byClass: Record<string, string>;
}

/** Per marked element (see prepare-css.ts): the styles juice worked out when the templates were prepared. */
export type InlineStyles = Record<string, ClassStyles>;

/** Beside prepared templates: their table of styles. Its presence says the folder is prepared. */
export const INLINE_STYLES_FILE = 'inline-styles.json';

interface BlockOptions {
  fn: (context: unknown) => string;
}

/**
 * `{{#inlineStyle "id"}}classes{{/inlineStyle}}`, written by the preparation, never by hand: renders
 * the element's class attribute as the data makes it, and prints the `style` attribute juice gave
 * an element with those classes (nothing when it gave none).
 */
export function registerInlineStyle(hbs: typeof Handlebars, styles: InlineStyles): void {
  hbs.registerHelper('inlineStyle', function (this: unknown, id: unknown, options: BlockOptions) {
    const entry = styles[String(id)];
    if (!entry)
      throw new Error(`{{#inlineStyle}} names element ${String(id)}, which the prepared styles do not hold`);
    let style = entry.base;
    for (const cls of options.fn(this).split(/\s+/)) {
      const chosen = entry.byClass[cls];
      if (chosen !== undefined) style = chosen;
    }
    return style === '' ? '' : new hbs.SafeString(` style="${style}"`);
  });
}
