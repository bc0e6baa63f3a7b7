import {
  countOf,
  formatBytes,
  formatCount,
  formatDuration,
  formatTime,
  oneLine,
  shorten,
} from '../../lambda/adapters/render/format';

const BERLIN = 'Europe/Berlin';
/** Expected values are written with plain spaces; between a number and its unit the code uses a no-break space. */
const nb = (shown: string) => shown.replace(/(\d) (bytes?|KB|MB|GB|TB|PB|s|min|h)\b/g, '$1\u00a0$2');

describe('formatBytes', () => {
  test.each<[number | undefined, string]>([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024 + 512, '10.5 KB'],
    [123.4 * 1024, '123 KB'],
    [1024 ** 2, '1 MB'],
    [1024 * 1023.99, '1 MB'],
    [1024 ** 3 - 1, '1 GB'],
    [1.25 * 1024 ** 3, '1.25 GB'],
    [3.2 * 1024 ** 4, '3.2 TB'],
    [1024 ** 5, '1 PB'],
    [2000 * 1024 ** 5, '2000 PB'],
    [undefined, '–'],
    [Number.NaN, '–'],
    [Number.POSITIVE_INFINITY, '–'],
  ])('%p → %s', (bytes, expected) => {
    // act
    const shown = formatBytes(bytes);

    // assert
    expect(shown).toBe(nb(expected));
  });

  test('keeps the number and its unit on one line', () => {
    // act
    const shown = formatBytes(1536);

    // assert
    expect(shown).toBe('1.5\u00a0KB');
  });
});

describe('formatDuration', () => {
  test.each<[number | undefined, string]>([
    [0, '0 s'],
    [45, '45 s'],
    [59.4, '59 s'],
    [59.6, '1 min'],
    [60, '1 min'],
    [89, '1 min'],
    [90, '2 min'],
    [3599, '1 h'],
    [3600, '1 h'],
    [4320, '1 h 12 min'],
    [86400, '24 h'],
    [-1, '–'],
    [undefined, '–'],
    [Number.NaN, '–'],
  ])('%p → %s', (seconds, expected) => {
    // act
    const shown = formatDuration(seconds);

    // assert
    expect(shown).toBe(nb(expected));
  });
});

describe('counts', () => {
  test.each<[number, string, string | undefined, string]>([
    [0, 'backup', undefined, '0 backups'],
    [1, 'backup', undefined, '1 backup'],
    [2000, 'backup', undefined, '2,000 backups'],
    [1, 'more user', undefined, '1 more user'],
    [3, 'entry', 'entries', '3 entries'],
  ])('countOf(%p, %s) → %s', (count, one, many, expected) => {
    // act
    const shown = countOf(count, one, many);

    // assert
    expect(shown).toBe(expected);
  });

  test('formatCount marks thousands', () => {
    // act
    const shown = [formatCount(999), formatCount(1000), formatCount(1_234_567)];

    // assert
    expect(shown).toEqual(['999', '1,000', '1,234,567']);
  });
});

describe('formatTime', () => {
  test.each<[string | undefined, string, string]>([
    ['2026-11-28T21:00:00Z', BERLIN, '2026-11-28 22:00 CET'],
    ['2026-07-01T21:00:00Z', BERLIN, '2026-07-01 23:00 CEST'],
    ['2026-11-28T22:00:00+01:00', 'UTC', '2026-11-28 21:00 UTC'],
    ['2026-11-28T22:00:00+01:00', 'America/New_York', '2026-11-28 16:00 EST'],
    ['2026-11-28T22:00:00+01:00', 'Asia/Tokyo', '2026-11-29 06:00 Asia/Tokyo'],
    [undefined, BERLIN, '–'],
    ['not a time', BERLIN, '–'],
  ])('formatTime(%p, %s) → %s', (iso, zone, expected) => {
    // act
    const shown = formatTime(iso, zone);

    // assert
    expect(shown).toBe(expected);
  });

  test('names summer and winter time apart in the same zone, however often it is asked', () => {
    // act
    const shown = ['2026-11-28T21:00:00Z', '2026-07-01T21:00:00Z', '2026-11-28T21:00:00Z'].map((iso) =>
      formatTime(iso, BERLIN),
    );

    // assert
    expect(shown).toEqual(['2026-11-28 22:00 CET', '2026-07-01 23:00 CEST', '2026-11-28 22:00 CET']);
  });
});

describe('oneLine and shorten', () => {
  test('oneLine turns CR, LF, tabs and line separators into spaces', () => {
    // act
    const line = oneLine('a\r\nb\tc\u2028d\u0000e');

    // assert
    expect(line).toBe('a b c d e');
  });

  test('oneLine replaces exactly the control characters (\\p{Cc}) and line separators, every BMP code unit checked', () => {
    const reference = (value: string) => value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
    for (let code = 0; code <= 0xffff; code++) {
      const value = `a${String.fromCharCode(code)}b`;
      expect(oneLine(value)).toBe(reference(value));
    }
    // Runs of them become one space; astral characters and lone surrogates pass as they are.
    for (const value of ['\u0085\u009f\u0000x', 'x\u2029\u2028', '😀\u0001😀', '\ud800\u0007\udc00', 'plain'])
      expect(oneLine(value)).toBe(reference(value));
  });

  test('shorten cuts at a character count and marks the cut', () => {
    // act
    const shown = [shorten('short', 10), shorten('exactly10!', 10), shorten('a longer sentence', 10)];

    // assert
    expect(shown).toEqual(['short', 'exactly10!', 'a longer…']);
  });
});
