import { wrapText } from '../../lambda/adapters/render/text-wrap';

const REASON =
  'could not list the jobs of 2026-11-28 or the jobs of 2026-11-29 or the backup sets: ' +
  'ListBackupJobStatus: CBS answered Error: User "erin" not found (com.ahsay.obs.core.dbs.DbsException)';

describe('wrapText', () => {
  test('breaks at spaces so that no line passes 80 columns, indent included', () => {
    // act
    const lines = wrapText(REASON, { indent: 2 }).split('\n');

    // assert
    expect(lines).toEqual([
      '  could not list the jobs of 2026-11-28 or the jobs of 2026-11-29 or the backup',
      '  sets: ListBackupJobStatus: CBS answered Error: User "erin" not found',
      '  (com.ahsay.obs.core.dbs.DbsException)',
    ]);
  });

  test('indents the following lines by `hang`', () => {
    // act
    const lines = wrapText('* bob (sub-admin reseller-east) / a set name that goes on and on and on', {
      hang: 2,
      width: 40,
    }).split('\n');

    // assert
    expect(lines).toEqual(['* bob (sub-admin reseller-east) / a set', '  name that goes on and on and on']);
  });

  test('cuts a word longer than a line, filling the line it starts on', () => {
    // prepare
    const path = `x \\\\fileserver01\\${'d'.repeat(100)}`;

    // act
    const lines = wrapText(path, { indent: 2 }).split('\n');

    // assert
    expect(lines.map((l) => l.length)).toEqual([80, 41]);
    expect(lines.join('').replace(/ {2}/g, '')).toBe(path);
  });

  test('never breaks at a no-break space', () => {
    // prepare
    const text = `${'a'.repeat(74)} 12.5\u00a0MB`;

    // act
    const lines = wrapText(text).split('\n');

    // assert
    expect(lines).toEqual(['a'.repeat(74), '12.5\u00a0MB']);
  });

  test('an empty paragraph is an empty string, without trailing spaces', () => {
    // act
    const wrapped = wrapText('', { indent: 4 });

    // assert
    expect(wrapped).toBe('');
  });
});
