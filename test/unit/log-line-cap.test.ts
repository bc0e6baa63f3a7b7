import { Logger } from '@aws-lambda-powertools/logger';
import {
  LOG_ARRAY_MAX_ENTRIES,
  LOG_FIELD_MAX_CHARS,
  LOG_LINE_MAX_BYTES,
} from '../../lambda/adapters/log-line-cap';
import { createLog } from '../../lambda/adapters/powertools-log';
import type { Log } from '../../lambda/core/log';

/** The lines the one logger writes while `act` runs, raw. */
function linesOf(act: (log: Log) => void): string[] {
  const chunks: string[] = [];
  // Powertools writes warnings and errors to stderr, the rest to stdout.
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const capture = ((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    act(createLog(new Logger({ serviceName: 'backup-digest', logLevel: 'DEBUG' })));
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '');
}

/** The one line `act` writes, checked against the cap, parsed. */
function oneLine(act: (log: Log) => void): Record<string, unknown> {
  const lines = linesOf(act);
  expect(lines).toHaveLength(1);
  const line = lines[0] as string;
  expect(Buffer.byteLength(line)).toBeLessThanOrEqual(LOG_LINE_MAX_BYTES);
  return JSON.parse(line) as Record<string, unknown>;
}

const FIVE_MB = 'x'.repeat(5 * 1024 * 1024);

describe('the one logger caps every line', () => {
  test('a line within the caps is written as given', () => {
    const attributes = {
      loginName: 'alice',
      reason: 'HTTP 502',
      attempt: 2,
      ok: false,
      nested: { a: [1, 2] },
    };

    const line = oneLine((log) => log.warn('not checked', attributes));

    expect(line).toMatchObject({ level: 'WARN', message: 'not checked', ...attributes });
    expect(line).not.toHaveProperty('logLineCap');
  });

  test('a 5 MB CBS message in a field keeps its start and says how much was cut', () => {
    const reason = `CBS said: ${FIVE_MB}`;

    const line = oneLine((log) => log.warn('not checked', { loginName: 'alice', reason }));

    expect(line.loginName).toBe('alice');
    const kept = line.reason as string;
    expect(kept.startsWith('CBS said: xxxx')).toBe(true);
    expect(kept).toMatch(
      new RegExp(
        `… \\[log line cap: ${reason.length - LOG_FIELD_MAX_CHARS} of ${reason.length} characters cut\\]$`,
      ),
    );
  });

  test('a 5 MB message is cut the same way', () => {
    const line = oneLine((log) => log.error(FIVE_MB));

    expect(line.message).toMatch(/^x{2000}… \[log line cap: \d+ of 5242880 characters cut\]$/);
  });

  test('an error with a 5 MB message and a cause chain: name, message and cause kept, each cut', () => {
    const cause = new Error(`socket said ${FIVE_MB}`);
    const error = Object.assign(new Error(FIVE_MB, { cause }), { name: 'ServerAnswerError' });

    const line = oneLine((log) => log.error('no digest', { error }));

    const logged = line.error as { name: string; message: string; cause: { message: string } };
    expect(logged.name).toBe('ServerAnswerError');
    expect(logged.message).toContain('[log line cap:');
    expect(logged.cause.message.startsWith('socket said x')).toBe(true);
  });

  test('a list of 200,000 entries keeps the first ones and counts the rest', () => {
    const unmatched = Array.from({ length: 200_000 }, (_, i) => `user${i}`);

    const line = oneLine((log) => log.warn('exclusions that matched no user', { unmatched }));

    const kept = line.unmatched as string[];
    expect(kept.slice(0, 3)).toEqual(['user0', 'user1', 'user2']);
    expect(kept).toHaveLength(LOG_ARRAY_MAX_ENTRIES + 1);
    expect(kept.at(-1)).toBe(`… [log line cap: ${200_000 - LOG_ARRAY_MAX_ENTRIES} of 200000 entries cut]`);
  });

  test('many fields, each under the field cap, stop at the line cap and say how many were left out', () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`field${i}`, 'y'.repeat(1500)]),
    );

    const line = oneLine((log) => log.info('wide', attributes));

    expect(line.field0).toBe('y'.repeat(1500));
    expect(line.logLineCap).toMatch(/^… \[log line cap: \d+ of 1000 fields cut\]$/);
  });

  test('control characters, six bytes each once escaped, count at their escaped size', () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`f${i}`, '\u0001'.repeat(1900)]),
    );

    const line = oneLine((log) => log.info('escaped', attributes));

    expect(line.f0).toBe('\u0001'.repeat(1900));
    expect(line.logLineCap).toBeDefined();
  });

  test('nesting 10,000 deep neither overflows the stack nor writes it all', () => {
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 10_000; i++) deep = { inner: deep };

    const line = oneLine((log) => log.debug('deep', { deep }));

    expect(JSON.stringify(line)).toContain('nested too deep');
  });
});
