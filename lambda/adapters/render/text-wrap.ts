/** Terminals and mail clients showing plain text are 80 columns wide unless told otherwise. */
export const TEXT_WIDTH = 80;

export interface WrapOptions {
  /** Spaces before the first line. */
  indent?: number;
  /** Spaces before every following line; the first line's indent unless given. */
  hang?: number;
  width?: number;
}

/**
 * Wraps a paragraph to `width` columns at spaces; a no-break space (between a number and its unit)
 * holds its neighbours together. A word longer than a whole line (a long set
 * name or id) is cut, so no line ever runs past the width. Columns are counted in code points.
 */
export function wrapText(text: string, options: WrapOptions = {}): string {
  const width = options.width ?? TEXT_WIDTH;
  const indent = options.indent ?? 0;
  const hang = options.hang ?? indent;
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const room = () => Math.max(1, width - (lines.length === 0 ? indent : hang));
  const flush = () => {
    lines.push(line);
    line = '';
    used = 0;
  };
  for (const word of text.split(' ').filter((w) => w !== '')) {
    let chars = [...word];
    const gap = used > 0 ? 1 : 0;
    if (used + gap + chars.length <= room()) {
      line += (gap ? ' ' : '') + word;
      used += gap + chars.length;
      continue;
    }
    if (chars.length <= room()) {
      flush();
      line = word;
      used = chars.length;
      continue;
    }
    // Longer than any line: fill what is left of this one, then cut it into whole lines.
    if (used + gap < room()) {
      const fits = room() - used - gap;
      line += (gap ? ' ' : '') + chars.slice(0, fits).join('');
      chars = chars.slice(fits);
    }
    flush();
    while (chars.length > room()) {
      line = chars.slice(0, room()).join('');
      chars = chars.slice(room());
      flush();
    }
    line = chars.join('');
    used = chars.length;
  }
  if (used > 0) flush();
  return lines.map((l, i) => ' '.repeat(i === 0 ? indent : hang) + l).join('\n');
}
