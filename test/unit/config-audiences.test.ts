import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../../lambda/config/load-config';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { configErrorOf } from '../support/config-message';

const MINIMAL_CONFIG = resolve(__dirname, '../fixtures/config/minimal.config.json');

/** The minimal config with `mail.audiences` (and, if given, `report`) set. */
function withAudiences(audiences: unknown, report?: unknown): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(MINIMAL_CONFIG, 'utf8')) as Record<string, Record<string, unknown>>;
  raw.mail = { ...raw.mail, audiences };
  if (report !== undefined) raw.report = report as Record<string, unknown>;
  return raw;
}

const east = { name: 'east', to: ['noc@east.example'], select: { owners: ['reseller-east'] } };

describe('mail.audiences', () => {
  test('none by default; report.sendWhen defaults to always', () => {
    const config = parseConfig(withAudiences(undefined));

    expect(config.mail.audiences).toEqual([]);
    expect(config.report.sendWhen).toBe('always');
  });

  test("an audience's title and sendWhen default from the report", () => {
    const settings = digestSettings(
      parseConfig(withAudiences([east], { title: 'Nightly', sendWhen: 'attention' })),
    );

    expect(settings.mail.audiences).toEqual([
      {
        name: 'east',
        to: ['noc@east.example'],
        replyTo: undefined,
        title: 'Nightly for east',
        sendWhen: 'attention',
        select: { owners: ['reseller-east'] },
      },
    ]);
  });

  test.each([
    [
      'no selector',
      [{ ...east, select: {} }],
      'mail.audiences[0].select: must select everything, or name owners, loginNames or backupSets',
    ],
    [
      'an empty owners list',
      [{ ...east, select: { owners: [] } }],
      'mail.audiences[0].select.owners: must name at least one sub-admin',
    ],
    [
      'everything: false',
      [{ ...east, select: { everything: false } }],
      'mail.audiences[0].select.everything: must be true, or left out',
    ],
    [
      'an unknown selector',
      [{ ...east, select: { resellers: ['x'] } }],
      'mail.audiences[0].select: Unrecognized key: "resellers"',
    ],
    [
      'a recipient that is not an address',
      [{ ...east, to: ['east'] }],
      'mail.audiences[0].to[0]: must be an email address',
    ],
    ['no recipients', [{ ...east, to: [] }], 'mail.audiences[0].to: must list at least one recipient'],
    [
      'a name with a space',
      [{ ...east, name: 'east coast' }],
      'mail.audiences[0].name: must be 1-64 letters, digits, ".", "-" or "_"',
    ],
    [
      'two audiences of one name',
      [east, { ...east, to: ['b@east.example'] }],
      'mail.audiences[1].name: "east" is the name of an earlier audience; names must be unique',
    ],
    [
      'a sendWhen it does not know',
      [{ ...east, sendWhen: 'never' }],
      'mail.audiences[0].sendWhen: must be "always" or "attention"',
    ],
  ])('%s is refused, naming the field', (_, audiences, expected) => {
    expect(configErrorOf(() => parseConfig(withAudiences(audiences)))).toContain(expected);
  });

  test('report.sendWhen is checked too', () => {
    expect(configErrorOf(() => parseConfig(withAudiences([], { sendWhen: 'sometimes' })))).toContain(
      'report.sendWhen: must be "always" or "attention"',
    );
  });
});
