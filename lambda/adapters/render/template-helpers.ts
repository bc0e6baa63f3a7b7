import type Handlebars from 'handlebars';
import { TEXT_WIDTH, wrapText } from './text-wrap';

/** Handlebars passes named arguments (`indent=2`) in the last argument's `hash`. */
interface HelperOptions {
  hash: Record<string, unknown>;
  /** Set when the helper is used as a block: renders the block's content. */
  fn?: (context: unknown) => string;
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/**
 * Strict mode checks the fields a template prints, but not those it passes to a helper. Every
 * field of the view is always set, so an undefined argument is a misspelt name: fail, and the
 * renderer's start-up check reports it.
 */
function given(helper: string, args: readonly unknown[]): unknown[] {
  const values = args.slice(0, -1);
  if (values.some((v) => v === undefined)) {
    throw new Error(`{{${helper}}} was given a field that does not exist: is its name misspelt?`);
  }
  return values;
}

/**
 * The helpers templates may use, listed in docs/templates.md:
 * - `{{#if (eq a b)}}`: whether two values are the same.
 * - `{{wrap text indent=2 hang=4 width=80}}`, or `{{#wrap indent=2}}…{{/wrap}}` around a block:
 *   the text as one paragraph wrapped to `width` columns (80 unless given), the first line
 *   indented by `indent` spaces and the others by `hang` (`indent` unless given). For the text part.
 * - `{{rule "="}}`: a line of that character, 80 columns wide (`{{rule "-" 40}}` for another width).
 * - `{{concat a " · " b}}`: its arguments joined into one string, e.g. to `wrap` several fields.
 */
export function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (...args: unknown[]) => {
    const [a, b] = given('eq', args);
    return a === b;
  });
  hbs.registerHelper('wrap', function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as HelperOptions;
    const [value] = given('wrap', args);
    const text = args.length > 1 ? String(value) : (options.fn?.(this) ?? '');
    const indent = numberOr(options.hash.indent, 0);
    // A block's own line breaks are layout, not content: the paragraph is wrapped afresh. Not
    // `\s`, which would also take the no-break spaces that hold "9 MB" together.
    return wrapText(text.replace(/[ \t\r\n]+/g, ' ').trim(), {
      indent,
      hang: numberOr(options.hash.hang, indent),
      width: numberOr(options.hash.width, TEXT_WIDTH),
    });
  });
  hbs.registerHelper('concat', (...args: unknown[]) => given('concat', args).map(String).join(''));
  hbs.registerHelper('rule', (...args: unknown[]) => {
    const [char = '-', width] = given('rule', args);
    return String(char).repeat(numberOr(width, TEXT_WIDTH));
  });
}
