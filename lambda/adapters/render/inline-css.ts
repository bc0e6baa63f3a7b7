import juice from 'juice';

/**
 * Moves the templates' `<style>` rules into `style` attributes, because Gmail, Outlook and most
 * phone clients honour little else. Media queries (dark mode, narrow screens) cannot be inlined and
 * stay in a `<style>` block for the clients that read one. Nothing is fetched: plain `juice()` only
 * reads the document it is given.
 */
export function inlineCss(html: string): string {
  return juice(html, {
    preserveMediaQueries: true,
    preserveFontFaces: false,
    preserveKeyFrames: false,
    removeStyleTags: true,
    applyWidthAttributes: true,
    applyAttributesTableElements: true,
  });
}
