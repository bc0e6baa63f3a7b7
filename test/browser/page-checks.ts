/*
 * Functions that run inside the page (through `page.evaluate`), so they may use only what they
 * take from the browser's globals. The project compiles without the DOM library, to keep browser
 * globals out of the Lambda code; these few structural types describe what the checks touch.
 */

interface PageNode {
  nodeType: number;
  textContent: string | null;
}

interface PageElement extends PageNode {
  parentElement: PageElement | null;
  childNodes: ArrayLike<PageNode>;
  innerText: string;
  getClientRects(): { length: number };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

interface PageStyle {
  color: string;
  backgroundColor: string;
  visibility: string;
  opacity: string;
}

interface PageGlobals {
  innerWidth: number;
  document: {
    documentElement: PageElement & { scrollWidth: number };
    body: PageElement;
  };
  getComputedStyle(element: PageElement): PageStyle;
}

export interface PageWidths {
  scrollWidth: number;
  innerWidth: number;
}

/** How wide the content is against the viewport: wider means scrolling sideways. */
export function pageWidths(): PageWidths {
  const page = globalThis as unknown as PageGlobals;
  return { scrollWidth: page.document.documentElement.scrollWidth, innerWidth: page.innerWidth };
}

export interface PageText {
  /** The first paragraph: the verdict. */
  first: string;
  headings: string[];
  visible: string;
}

export function pageText(): PageText {
  const { document } = globalThis as unknown as PageGlobals;
  const first = document.body.querySelectorAll('p')[0];
  return {
    first: first?.textContent ?? '',
    headings: Array.from(document.body.querySelectorAll('h2')).map((h) => h.textContent ?? ''),
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a reader sees, which is the point here
    visible: document.body.innerText,
  };
}

export interface Contrast {
  ratio: number;
  text: string;
}

/**
 * The lowest contrast, by WCAG 2's formula, between a visible text and the background behind it
 * (the nearest ancestor with an opaque background colour).
 */
export function lowestContrast(): Contrast {
  const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
  const rgba = (color: string): number[] => {
    const parts = color.match(/[\d.]+/g)?.map(Number) ?? [];
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const luminance = (rgb: number[]): number => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(rgb[0] ?? 0) + 0.7152 * channel(rgb[1] ?? 0) + 0.0722 * channel(rgb[2] ?? 0);
  };
  const backdrop = (element: PageElement): number[] => {
    for (let e: PageElement | null = element; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if ((bg[3] ?? 0) >= 0.99) return bg;
    }
    // Nothing painted: the viewport's canvas, white unless the page says otherwise.
    return [255, 255, 255, 1];
  };
  let worst: Contrast = { ratio: 21, text: '' };
  for (const element of Array.from(document.body.querySelectorAll('*'))) {
    const own = Array.from(element.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    if (own === '' || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const [light = 1, dark = 0] = [luminance(rgba(style.color)), luminance(backdrop(element))].sort(
      (a, b) => b - a,
    );
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < worst.ratio) worst = { ratio: Math.round(ratio * 100) / 100, text: own.slice(0, 60) };
  }
  return worst;
}
