import { parseCbsTime, parseJobId, reportedTime } from '../../lambda/adapters/cbs/cbs-time';

const BERLIN = 'Europe/Berlin';

describe('parseCbsTime', () => {
  test('reads CBS-local time in the CBS zone', () => {
    // act
    const time = parseCbsTime('2026-11-28 22:00:00', BERLIN);

    // assert
    expect(time?.toUTC().toISO()).toBe('2026-11-28T21:00:00.000Z');
  });

  test.each([
    ['a T separator', '2026-11-28T22:00:00'],
    ['surrounding blanks', ' 2026-11-28 22:00:00 '],
  ])('accepts %s', (_name, raw) => {
    // act
    const time = parseCbsTime(raw, BERLIN);

    // assert
    expect(time?.toUTC().toISO()).toBe('2026-11-28T21:00:00.000Z');
  });

  test.each<[string, unknown]>([
    ['the docs typo 11;34:15', '2026-11-28 11;34:15'],
    ['an empty string', ''],
    ['garbage', 'garbage'],
    ['February 30', '2026-02-30 10:00:00'],
    ['April 31', '2026-04-31 10:00:00'],
    ['hour 24', '2026-11-28 24:00:00'],
    ['a date only', '2026-11-28'],
    ['a time with a zone', '2026-11-28T22:00:00Z'],
    ['text before the time', 'at 2026-11-28 22:00:00'],
    ['a second of three digits', '2026-11-28 22:00:000'],
    ['a one-digit hour', '2026-11-28 2:00:00'],
    ['null', null],
    ['a number', 1764363600000],
  ])('gives undefined for %s', (_name, raw) => {
    // act
    const time = parseCbsTime(raw, BERLIN);

    // assert
    expect(time).toBeUndefined();
  });

  test('a time in the spring-forward gap (02:30) still parses, shifted to 03:30 CEST', () => {
    // act
    const time = parseCbsTime('2026-03-29 02:30:00', BERLIN);

    // assert
    expect(time?.toISO({ suppressMilliseconds: true })).toBe('2026-03-29T03:30:00+02:00');
  });

  test('a leap day parses', () => {
    // act
    const time = parseCbsTime('2028-02-29 01:00:00', 'UTC');

    // assert
    expect(time?.toISO({ suppressMilliseconds: true })).toBe('2028-02-29T01:00:00Z');
  });
});

describe('parseJobId', () => {
  test('a job id is its CBS-local start time', () => {
    // act
    const time = parseJobId('2024-08-23-10-00-36', BERLIN);

    // assert
    expect(time?.toISO({ suppressMilliseconds: true })).toBe('2024-08-23T10:00:36+02:00');
  });

  test.each([
    '2024-08-23 10:00:36',
    '2026-02-30-10-00-00',
    '2024-08-23-10-00',
    '',
    'x2024-08-23-10-00-36',
    '2024-08-23-10-00-36-1',
  ])('gives undefined for %j', (raw) => {
    // act
    const time = parseJobId(raw, BERLIN);

    // assert
    expect(time).toBeUndefined();
  });
});

describe('reportedTime', () => {
  test('a readable time is its instant', () => {
    // act
    const time = reportedTime('2026-11-28 22:00:00', BERLIN);

    // assert
    expect(time?.at?.toISO({ suppressMilliseconds: true })).toBe('2026-11-28T22:00:00+01:00');
    expect(time?.unreadable).toBeUndefined();
  });

  test('an unreadable time keeps CBS text as it came, to be quoted in the digest', () => {
    // act
    const time = reportedTime(' 2026-11-28 11;34:15', BERLIN);

    // assert
    expect(time).toEqual({ unreadable: ' 2026-11-28 11;34:15' });
  });

  test.each(['', '   ', '\t'])('%j is no time at all: CBS sent none (a running job has no end)', (raw) => {
    // act
    const time = reportedTime(raw, BERLIN);

    // assert
    expect(time).toBeUndefined();
  });
});

describe('job ids and reported times, at their edges', () => {
  test('a job id with blanks around it still reads', () => {
    expect(parseJobId(' 2024-08-23-10-00-36 ', 'UTC')?.toISO({ suppressMilliseconds: true })).toBe(
      '2024-08-23T10:00:36Z',
    );
  });

  test('a reported time: nothing for blanks, the instant, or the text CBS sent as it sent it', () => {
    expect(reportedTime('   ', 'UTC')).toBeUndefined();
    expect(reportedTime('2026-11-28 22:00:00', 'UTC')?.at?.toISO({ suppressMilliseconds: true })).toBe(
      '2026-11-28T22:00:00Z',
    );
    expect(reportedTime(' 11;34:15 ', 'UTC')).toEqual({ unreadable: ' 11;34:15 ' });
  });
});
