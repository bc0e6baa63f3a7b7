import { MAX_TEXT_LENGTH, Redactor } from '../../lambda/adapters/cbs/redactor';

const SECRET = `p<a&s"s w/r>d'é+%`;

describe('Redactor', () => {
  const redactor = new Redactor([SECRET]);

  test.each([
    ['plain', SECRET],
    ['HTML-escaped', 'p&lt;a&amp;s&quot;s w/r&gt;d&#39;é+%'],
    ['HTML-escaped with hex apostrophe', 'p&lt;a&amp;s&quot;s w/r&gt;d&#x27;é+%'],
    ['HTML-escaped with decimal quote', 'p&lt;a&amp;s&#34;s w/r&gt;d&#39;é+%'],
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

    expect(out).toBe(`${'x'.repeat(MAX_TEXT_LENGTH - 3)}***… (5000000 more characters)`);
  });

  test('a password behind thousands of invisible characters is hidden whole, not cut in half', () => {
    // Was: the string was cut at four times the cap before cleaning, so the password straddled
    // the cut, escaped the match, and 10 of its characters were shown once the invisibles went.
    const echo = `${'\u200B'.repeat(6_000)}${'x'.repeat(1_990)}${SECRET} tail`;

    expect(redactor.text(echo)).toBe(`${'x'.repeat(1_990)}*** tail`);
  });

  test('text cut after cleaning says how much of it was cut', () => {
    // Was: 1,000 characters shown and 2,000 dropped without a word.
    const padded = `${'\u200B'.repeat(7_000)}${'a'.repeat(3_000)}`;

    expect(redactor.text(padded)).toBe(`${'a'.repeat(MAX_TEXT_LENGTH)}… (1000 more characters)`);
  });

  test('a string that only invisible characters made long is kept whole', () => {
    const text = `${'a'.repeat(MAX_TEXT_LENGTH)}${'\u200B'.repeat(10)}`;

    expect(redactor.text(text)).toBe('a'.repeat(MAX_TEXT_LENGTH));
  });

  test('nothing longer than the cap leaves, even when hiding a short password lengthens the text', () => {
    const short = new Redactor(['ab']);

    expect(short.text('ab'.repeat(MAX_TEXT_LENGTH / 2))).toBe(
      `${'*'.repeat(MAX_TEXT_LENGTH)}… (1000 more characters)`,
    );
  });

  test('hides every echo of the password in a string, not only the first', () => {
    expect(redactor.text(`${SECRET} and again ${encodeURIComponent(SECRET)}, ${SECRET}`)).toBe(
      '*** and again ***, ***',
    );
  });

  test('an escaped echo that begins with the plain password is hidden whole', () => {
    // `pass&` plain is a prefix of `pass&amp;`: the longer form must win, leaving no `amp;` behind.
    const ampersand = new Redactor(['pass&']);

    expect(ampersand.text('said pass&amp; twice: pass&amp;')).toBe('said *** twice: ***');
  });

  test('hides the password of each of several secrets', () => {
    const two = new Redactor(['first-secret', '', 'second<secret']);

    expect(two.text('first-secret / second&lt;secret / second%3Csecret')).toBe('*** / *** / ***');
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

  test('leaves nulls, numbers and booleans of an answer as they are', () => {
    const answer = { Status: 'OK', Data: [null, 0, false, { Size: null, Done: true, Name: SECRET }] };

    expect(redactor.answer(answer)).toEqual({
      Status: 'OK',
      Data: [null, 0, false, { Size: null, Done: true, Name: '***' }],
    });
    expect(redactor.answer(42)).toBe(42);
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
    expect(scrubbed.stack).toBe('HTTPParserError: parse failed near ***');
    expect(redactor.cause('a string thrown')).toMatchObject({ name: 'Error', message: 'a string thrown' });
  });

  test('an error without a cause gets none, and a code that is not a string is dropped', () => {
    const error = Object.assign(new Error('reset'), { code: { raw: SECRET } });

    const scrubbed = redactor.cause(error);

    expect(scrubbed).not.toHaveProperty('cause');
    expect(scrubbed).not.toHaveProperty('code');
    expect(redactor.cause(new Error('plain'))).not.toHaveProperty('code');
  });

  test('follows a cause chain three levels down and stops, even when the chain loops', () => {
    const chain = (depth: number): Error =>
      new Error(`level ${depth} ${SECRET}`, depth < 5 ? { cause: chain(depth + 1) } : undefined);
    const looped = new Error('loop');
    Object.assign(looped, { cause: looped });

    const scrubbed = redactor.cause(chain(0));

    const messages: string[] = [];
    for (let e: unknown = scrubbed; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages).toEqual(['level 0 ***', 'level 1 ***', 'level 2 ***', 'level 3 ***']);
    expect((((redactor.cause(looped).cause as Error).cause as Error).cause as Error).cause).toBeUndefined();
  });

  test('with no secret it still cleans invisible characters and caps length', () => {
    expect(new Redactor(['']).text('a\u202Eb')).toBe('ab');
  });
});
