import { MAX_TEXT_LENGTH, Redactor } from '../../lambda/adapters/cbs/redactor';

const SECRET = `p<a&s"s w/rd'é+%`;

describe('Redactor', () => {
  const redactor = new Redactor([SECRET]);

  test.each([
    ['plain', SECRET],
    ['HTML-escaped', 'p&lt;a&amp;s&quot;s w/rd&#39;é+%'],
    ['HTML-escaped with hex apostrophe', 'p&lt;a&amp;s&quot;s w/rd&#x27;é+%'],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['URL-encoded in lower case', encodeURIComponent(SECRET).toLowerCase()],
    ['form-encoded', encodeURIComponent(SECRET).replace(/%20/g, '+')],
    ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
    ['JSON-escaped, non-ASCII as \\u', JSON.stringify(SECRET).slice(1, -1).replace('é', '\\u00e9')],
    ['split by a zero-width space', SECRET.replace('w/', 'w\u200B/')],
  ])('hides the password %s', (_form, echo) => {
    expect(redactor.text(`before ${echo} after`)).toBe('before *** after');
  });

  test('removes bidi overrides, isolates, marks and zero-width characters, and nothing else', () => {
    const spoof =
      'invoice\u202Egpj.exe\u202C \u2066x\u2069\u200E\u200F\u061C\u200B\u200C\u200D\u2060\uFEFF ünï 日本 ✓';

    expect(redactor.text(spoof)).toBe('invoicegpj.exe x ünï 日本 ✓');
  });

  test('caps a long string, saying how much was cut, and still hides a password past the cap', () => {
    const long = `${'x'.repeat(MAX_TEXT_LENGTH - 3)}${SECRET}${'y'.repeat(5_000_000)}`;

    const out = redactor.text(long);

    expect(out).toBe(
      `${'x'.repeat(MAX_TEXT_LENGTH - 3)}***… (${long.length - MAX_TEXT_LENGTH} more characters)`,
    );
  });

  test('a string at the cap is kept whole', () => {
    const atCap = 'z'.repeat(MAX_TEXT_LENGTH);
    expect(redactor.text(atCap)).toBe(atCap);
  });

  test('cleans every string of a parsed answer, however deep, in place', () => {
    let deep: unknown = SECRET;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const answer = {
      Status: 'OK',
      Data: [{ Name: `a ${SECRET}`, Size: 5, Nested: { Note: 'x\u202Ey' } }],
      deep,
    };

    const cleaned = redactor.answer(answer) as typeof answer;

    expect(cleaned.Data[0]).toEqual({ Name: 'a ***', Size: 5, Nested: { Note: 'xy' } });
    let innermost: unknown = cleaned.deep;
    while (Array.isArray(innermost)) innermost = innermost[0];
    expect(innermost).toBe('***');
    expect(redactor.answer(`${SECRET}!`)).toBe('***!');
    expect(redactor.answer(null)).toBeNull();
  });

  test('rebuilds an error from its name, code and cleaned message, dropping the raw bytes it kept', () => {
    const inner = Object.assign(new Error(`socket said ${SECRET}`), { code: 'ECONNRESET' });
    const error = Object.assign(
      new Error(`parse failed near ${encodeURIComponent(SECRET)}`, { cause: inner }),
      {
        name: 'HTTPParserError',
        code: 'HPE_INVALID_HEADER_TOKEN',
        data: `raw {"SysPwd":"${SECRET}"}`,
      },
    );

    const scrubbed = redactor.cause(error);

    expect(scrubbed).toMatchObject({
      name: 'HTTPParserError',
      message: 'parse failed near ***',
      code: 'HPE_INVALID_HEADER_TOKEN',
    });
    expect(scrubbed.cause).toMatchObject({ message: 'socket said ***', code: 'ECONNRESET' });
    expect(scrubbed).not.toHaveProperty('data');
    expect(redactor.cause('a string thrown')).toMatchObject({ name: 'Error', message: 'a string thrown' });
  });

  test('with no secret it still cleans invisible characters and caps length', () => {
    expect(new Redactor(['']).text('a\u202Eb')).toBe('ab');
  });
});
