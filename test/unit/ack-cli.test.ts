import { ackCommandOfArgs } from '../../lambda/entry/ack-cli';
import { EventError } from '../../lambda/entry/event-error';

describe('npm run ack flags', () => {
  test('the README example becomes a 7-day acknowledgement of one set, by the CLI user', () => {
    const command = ackCommandOfArgs(
      ['--user', 'bob', '--set', '1690000000000', '--days', '7', '--note', 'laptop in repair'],
      'ops (CLI)',
    );

    expect(command).toEqual({
      type: 'ack',
      input: { user: 'bob', set: '1690000000000', days: 7, note: 'laptop in repair', by: 'ops (CLI)' },
    });
  });

  test('--list and --remove', () => {
    expect(ackCommandOfArgs(['--list'], 'me')).toEqual({ type: 'list' });
    expect(ackCommandOfArgs(['--remove', '--user', 'bob', '--set', '1'], 'me')).toEqual({
      type: 'unack',
      target: { loginName: 'bob', owner: undefined, backupSetId: '1', jobId: undefined },
    });
  });

  test.each([
    [['--user', 'bob', '--days', '45', '--note', 'x'], 'ack.days: must be at most 30'],
    [['--user', 'bob', '--days', 'seven', '--note', 'x'], 'ack.days:'],
    [['--user', 'bob', '--days', '7'], 'ack.note:'],
    [['--days', '7', '--note', 'x'], 'ack.user:'],
    [['--remove', '--set', '1'], 'unack.user:'],
  ])('%j is refused naming %s', (args, message) => {
    expect(() => ackCommandOfArgs(args, 'me')).toThrow(EventError);
    expect(() => ackCommandOfArgs(args, 'me')).toThrow(message);
  });
});
