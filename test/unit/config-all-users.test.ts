import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../../lambda/config/load-config';
import { configErrorOf } from '../support/config-message';

const MINIMAL_CONFIG = resolve(__dirname, '../fixtures/config/minimal.config.json');

/** The minimal config with `watch` replaced. */
function withWatch(watch: unknown): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(MINIMAL_CONFIG, 'utf8')) as Record<string, unknown>;
  raw.watch = watch;
  return raw;
}

describe('watch.allUsers', () => {
  test('alone is enough to watch, and its exclusion lists default to empty', () => {
    const config = parseConfig(withWatch({ allUsers: {} }));

    expect(config.watch.allUsers).toEqual({ excludeLoginNames: [], excludeOwners: [] });
    expect(config.watch.users).toEqual([]);
  });

  test('keeps both kinds of exclusion', () => {
    const config = parseConfig(
      withWatch({ allUsers: { excludeLoginNames: ['test-account'], excludeOwners: ['reseller-gone'] } }),
    );

    expect(config.watch.allUsers).toEqual({
      excludeLoginNames: ['test-account'],
      excludeOwners: ['reseller-gone'],
    });
  });

  test.each<[string, unknown, string]>([
    ['a misspelt key', { exclude: ['x'] }, 'watch.allUsers: Unrecognized key: "exclude"'],
    ['true instead of an object', true, 'watch.allUsers: Invalid input: expected object, received boolean'],
    [
      'an empty login name',
      { excludeLoginNames: [''] },
      'watch.allUsers.excludeLoginNames[0]: must not be empty',
    ],
    [
      'a control character in an owner',
      { excludeOwners: ['a\nb'] },
      'watch.allUsers.excludeOwners[0]: must not contain control characters',
    ],
  ])('rejects %s, naming the field', (_what, allUsers, expected) => {
    expect(configErrorOf(() => parseConfig(withWatch({ allUsers })))).toContain(expected);
  });
});
