import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBackupSetSettings } from '../../lambda/adapters/cbs/backup-set-settings';

const fixture = (): { Data: Record<string, unknown> } =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/cbs/get-backup-set.json'), 'utf8'));

describe('readBackupSetSettings', () => {
  test('reads daily and weekly schedules, skips a one-off date, names the destination', () => {
    // act
    const settings = readBackupSetSettings('1691412388120', fixture().Data);

    // assert
    expect(settings.name).toBe('File Server');
    expect(settings.destinations).toEqual([{ id: '1691412410932', name: 'Wasabi eu-central-2' }]);
    expect(settings.schedule).toEqual({
      kind: 'rules',
      rules: [
        { kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 22, minute: 30 } },
        { kind: 'calendar', weekdays: [6, 7], at: { hour: 3, minute: 0 } },
      ],
    });
  });

  test('Data as the one-element array the page describes reads the same', () => {
    const data = fixture().Data;
    expect(readBackupSetSettings('1691412388120', [data])).toEqual(
      readBackupSetSettings('1691412388120', data),
    );
  });

  test('schedules switched off, or an empty list, mean "not scheduled"', () => {
    const off = fixture().Data;
    (off.ScheduleSettings as Record<string, unknown>).Enable = false;
    const empty = fixture().Data;
    (empty.ScheduleSettings as Record<string, unknown>).ScheduleList = [];

    expect(readBackupSetSettings('1', off).schedule).toEqual({ kind: 'off' });
    expect(readBackupSetSettings('1', empty).schedule).toEqual({ kind: 'off' });
  });

  test('a periodic schedule owes a run in every 24 hours, not one per interval', () => {
    const data = fixture().Data;
    const list = (data.ScheduleSettings as { ScheduleList: Record<string, unknown>[] }).ScheduleList;
    data.ScheduleSettings = { ScheduleList: [{ ...list[0], BackupInterval: 60 }] };

    expect(readBackupSetSettings('1', data).schedule).toEqual({
      kind: 'rules',
      rules: [{ kind: 'interval', hours: 24 }],
    });
  });

  test('days as a comma string, as day flags, and a monthly day number', () => {
    const data = {
      Schedules: [
        { Type: 'WEEKLY', Time: { Hour: 20, Minute: 0, Days: 'Mon,Wed' } },
        { Type: 'weekly', Time: { Hour: 21, Minute: 15, Friday: true, Saturday: 'false' } },
        { Type: 'MONTHLY', Time: { Hour: 2, Minute: 0, Day: 'Last' } },
      ],
    };

    expect(readBackupSetSettings('1', data).schedule).toEqual({
      kind: 'rules',
      rules: [
        { kind: 'calendar', weekdays: [1, 3], at: { hour: 20, minute: 0 } },
        { kind: 'calendar', weekdays: [5], at: { hour: 21, minute: 15 } },
        { kind: 'calendar', monthDays: [-1], at: { hour: 2, minute: 0 } },
      ],
    });
  });

  test('shapes it does not know become a reason, never an exception', () => {
    const weekdaysAsNumbers = {
      ScheduleSettings: { ScheduleList: [{ Type: 'WEEKLY', Time: { Days: [1, 3] } }] },
    };
    const strangeType = { ScheduleSettings: { ScheduleList: [{ Type: 'YEARLY', Time: { Hour: 1 } }] } };

    expect(readBackupSetSettings('1', weekdaysAsNumbers).schedule).toEqual({
      kind: 'unknown',
      reason: 'schedule 1: a weekly schedule whose days could not be read',
    });
    expect(readBackupSetSettings('1', strangeType).schedule).toEqual({
      kind: 'unknown',
      reason: 'schedule 1: unknown Type "YEARLY"',
    });
    expect(readBackupSetSettings('1', { Name: 'x' }).schedule.kind).toBe('unknown');
    expect(readBackupSetSettings('1', null)).toEqual({
      id: '1',
      schedule: { kind: 'unknown', reason: "Data is null, expected the set's settings" },
      destinations: [],
    });
  });
});

describe('readBackupSetSettings, shape by shape', () => {
  const scheduleOf = (data: unknown) => readBackupSetSettings('1', data).schedule;
  const one = (entry: Record<string, unknown>) => scheduleOf({ ScheduleSettings: { ScheduleList: [entry] } });

  test('destinations: Id or ID, names trimmed, blank names absent, entries without an id or not objects skipped', () => {
    const settings = readBackupSetSettings('1', {
      DestinationSettings: {
        DestinationList: [
          { Id: ' 11 ', Name: ' Cloud ' },
          { ID: 12, Name: '' },
          { Name: 'no id' },
          'not an object',
          null,
        ],
      },
    });

    expect(settings.destinations).toEqual([
      { id: '11', name: 'Cloud' },
      { id: '12', name: undefined },
    ]);
    expect(
      readBackupSetSettings('1', { DestinationSettings: { DestinationList: 'x' } }).destinations,
    ).toEqual([]);
    expect(readBackupSetSettings('1', { DestinationSettings: [] }).destinations).toEqual([]);
  });

  test('a name is kept as sent; a blank one is absent; Data as an array picks the set by ID, else the first object', () => {
    expect(readBackupSetSettings('1', { Name: 'Files' }).name).toBe('Files');
    expect(readBackupSetSettings('1', { Name: '' }).name).toBeUndefined();
    expect(readBackupSetSettings('2', ['x', { ID: '1', Name: 'One' }, { ID: 2, Name: 'Two' }]).name).toBe(
      'Two',
    );
    expect(readBackupSetSettings('3', ['x', { ID: '1', Name: 'One' }, { ID: '2', Name: 'Two' }]).name).toBe(
      'One',
    );
    expect(readBackupSetSettings('1', [])).toMatchObject({
      schedule: { kind: 'unknown', reason: "Data is an empty array, expected the set's settings" },
    });
    expect(readBackupSetSettings('1', 'text').schedule).toEqual({
      kind: 'unknown',
      reason: "Data is a string, expected the set's settings",
    });
    expect(readBackupSetSettings('1', undefined).schedule).toMatchObject({
      reason: "Data is missing, expected the set's settings",
    });
  });

  test('daily: at a time (StartHour/StartMinute too, minute 0 when absent), or every 24 hours when the time is unreadable', () => {
    expect(one({ Type: 'DAILY', Time: { Hour: 22, Minute: 30 } })).toEqual({
      kind: 'rules',
      rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 22, minute: 30 } }],
    });
    expect(one({ Type: ' daily ', StartHour: '7' })).toEqual({
      kind: 'rules',
      rules: [{ kind: 'calendar', weekdays: [1, 2, 3, 4, 5, 6, 7], at: { hour: 7, minute: 0 } }],
    });
    for (const time of [
      { Hour: 24 },
      { Hour: -1 },
      { Hour: 3, Minute: 60 },
      { Hour: 3, Minute: -1 },
      {},
      { Hour: 'x' },
      { Hour: Number.NaN },
    ]) {
      expect(one({ Type: 'DAILY', Time: time })).toEqual({
        kind: 'rules',
        rules: [{ kind: 'interval', hours: 24 }],
      });
    }
    expect(one({ Type: 'DAILY', Time: { Hour: 23, Minute: 59 } })).toMatchObject({
      rules: [{ at: { hour: 23, minute: 59 } }],
    });
    expect(one({ Type: 'DAILY', Time: { Hour: 0, Minute: 0 } })).toMatchObject({
      rules: [{ at: { hour: 0, minute: 0 } }],
    });
    // A periodic one with BackupInterval 0 or -1 is a normal schedule at its time.
    expect(one({ Type: 'DAILY', BackupInterval: 0, Time: { Hour: 5 } })).toMatchObject({
      rules: [{ at: { hour: 5, minute: 0 } }],
    });
  });

  test('weekly: days under any of their usual keys, as names of any length and case, repeated days once, sorted', () => {
    for (const key of ['Days', 'DaysOfWeek', 'WeekDays', 'Weekdays', 'DayOfWeek', 'Day', 'Week']) {
      expect(one({ Type: 'WEEKLY', Time: { Hour: 1, [key]: ['sunday', 'MON', 'Mon'] } })).toEqual({
        kind: 'rules',
        rules: [{ kind: 'calendar', weekdays: [1, 7], at: { hour: 1, minute: 0 } }],
      });
    }
    expect(one({ Type: 'WEEKLY', Time: { Hour: 1, Days: 'tue; thu  sat' } })).toMatchObject({
      rules: [{ weekdays: [2, 4, 6] }],
    });
    expect(
      one({ Type: 'WEEKLY', Time: { Hour: 1, Days: { Monday: 'true', Tuesday: false, Friday: true } } }),
    ).toMatchObject({
      rules: [{ weekdays: [1, 5] }],
    });
    // Flags on the TimeBean: only day names of three letters or more count.
    expect(
      one({ Type: 'WEEKLY', Time: { Hour: 1, Wednesday: true, We: true, Thursday: 'TRUE', Sunday: 'yes' } }),
    ).toMatchObject({
      rules: [{ weekdays: [3, 4] }],
    });
    expect(one({ Type: 'WEEKLY', Time: { Hour: 1, Days: [] } })).toEqual({
      kind: 'unknown',
      reason: 'schedule 1: a weekly schedule whose days could not be read',
    });
    expect(one({ Type: 'WEEKLY', Time: { Hour: 1, Days: 'Mon,Funday' } })).toMatchObject({ kind: 'unknown' });
  });

  test('monthly: a day number 1 to 31 (as text too), "last", or at least once a month when the day cannot be read', () => {
    expect(one({ Type: 'MONTHLY', Time: { Hour: 2, DayOfMonth: 15 } })).toEqual({
      kind: 'rules',
      rules: [{ kind: 'calendar', monthDays: [15], at: { hour: 2, minute: 0 } }],
    });
    expect(one({ Type: 'MONTHLY', Time: { Hour: 2, Date: ' 31 ' } })).toMatchObject({
      rules: [{ monthDays: [31] }],
    });
    expect(one({ Type: 'MONTHLY', Time: { Hour: 2, Day: '1' } })).toMatchObject({
      rules: [{ monthDays: [1] }],
    });
    expect(one({ Type: 'MONTHLY', Time: { Hour: 2, Day: ' LAST ' } })).toMatchObject({
      rules: [{ monthDays: [-1] }],
    });
    for (const day of [0, 32, 'first Monday', undefined, 1.5]) {
      expect(one({ Type: 'MONTHLY', Time: { Hour: 2, DayOfMonth: day } })).toEqual({
        kind: 'rules',
        rules: [{ kind: 'interval', hours: 744 }],
      });
    }
  });

  test('a schedule switched off on its own is skipped; a one-off CUSTOM date owes nothing; none left is off', () => {
    const list = [
      { Type: 'DAILY', Enabled: false, Time: { Hour: 1 } },
      { Type: 'DAILY', Enable: 'False', Time: { Hour: 2 } },
      { Type: 'CUSTOM', Time: { Hour: 3 } },
    ];
    expect(scheduleOf({ ScheduleSettings: { ScheduleList: list } })).toEqual({ kind: 'off' });
    expect(
      scheduleOf({
        ScheduleSettings: { ScheduleList: [...list, { Type: 'DAILY', Enabled: true, Time: { Hour: 4 } }] },
      }),
    ).toMatchObject({
      kind: 'rules',
      rules: [{ at: { hour: 4, minute: 0 } }],
    });
  });

  test('the list is found by what its entries look like: a Type, a TimeBean or a BackupInterval', () => {
    expect(scheduleOf({ Anything: [{ Time: { Hour: 1 }, Type: 'DAILY' }] })).toMatchObject({ kind: 'rules' });
    expect(scheduleOf({ Anything: [{ Time: { Hour: 1 } }] })).toEqual({
      kind: 'unknown',
      reason: 'schedule 1: unknown Type ""',
    });
    expect(scheduleOf({ Anything: [{ BackupInterval: 30, Type: 'DAILY' }] })).toEqual({
      kind: 'rules',
      rules: [{ kind: 'interval', hours: 24 }],
    });
    // Not every entry looks like a schedule: not the list.
    expect(scheduleOf({ Anything: [{ Type: 'DAILY' }, { Name: 'x' }] })).toEqual({
      kind: 'unknown',
      reason: 'the backup set settings hold no schedule list we recognise',
    });
  });

  test('the list may sit up to three objects deep, never inside the destinations', () => {
    const list = [{ Type: 'DAILY', Time: { Hour: 1 } }];
    expect(scheduleOf({ A: { B: { C: { List: list } } } })).toMatchObject({ kind: 'rules' });
    expect(scheduleOf({ A: { B: { C: { D: { List: list } } } } }).kind).toBe('unknown');
    expect(scheduleOf({ DestinationSettings: { List: list } }).kind).toBe('unknown');
  });

  test('an empty list under a key naming schedules, up to three deep, means off; elsewhere it means nothing', () => {
    expect(scheduleOf({ Schedules: [] })).toEqual({ kind: 'off' });
    expect(scheduleOf({ ScheduleSettings: { Inner: { ScheduleList: [] } } }).kind).toBe('unknown');
    expect(scheduleOf({ ScheduleSettings: { ScheduleSettings2: { ScheduleList: [] } } })).toEqual({
      kind: 'off',
    });
    expect(scheduleOf({ Other: [] }).kind).toBe('unknown');
    expect(
      scheduleOf({
        ScheduleA: { ScheduleB: { ScheduleC: { ScheduleD: { ScheduleE: { ScheduleList: [] } } } } },
      }).kind,
    ).toBe('unknown');
  });

  test('a switch beside the list turns it all off: Enable, Enabled, ScheduleEnable(d), in any case, as text too', () => {
    const list = [{ Type: 'DAILY', Time: { Hour: 1 } }];
    for (const key of ['Enable', 'enabled', 'ScheduleEnable', 'scheduleEnabled']) {
      expect(scheduleOf({ ScheduleSettings: { [key]: 'false', ScheduleList: list } })).toEqual({
        kind: 'off',
      });
    }
    expect(scheduleOf({ ScheduleSettings: { Enable: true, ScheduleList: list } }).kind).toBe('rules');
    expect(scheduleOf({ ScheduleSettings: { Disable: false, ScheduleList: list } }).kind).toBe('rules');
    expect(scheduleOf({ ScheduleSettings: { EnableX: false, ScheduleList: list } }).kind).toBe('rules');
  });
});

describe('readBackupSetSettings, what it must not misread', () => {
  const scheduleOf = (data: unknown) => readBackupSetSettings('1', data).schedule;
  const one = (entry: Record<string, unknown>) => scheduleOf({ ScheduleSettings: { ScheduleList: [entry] } });
  const daily = [{ Type: 'DAILY', Time: { Hour: 1 } }];

  test('a list of entries that are no schedules is not understood, never "not scheduled"', () => {
    // "Not scheduled" would mean never missed: a set whose schedules we cannot read must say so.
    expect(scheduleOf({ ScheduleSettings: { ScheduleList: [{ Name: 'x' }] } })).toEqual({
      kind: 'unknown',
      reason: 'the backup set settings hold no schedule list we recognise',
    });
  });

  test('an entry with only a BackupInterval is taken for a schedule, and its missing Type named', () => {
    expect(scheduleOf({ Anything: [{ BackupInterval: 30 }] })).toEqual({
      kind: 'unknown',
      reason: 'schedule 1: unknown Type ""',
    });
  });

  test('the list is found after other objects and beside nulls', () => {
    expect(scheduleOf({ Misc: {}, Other: null, ScheduleSettings: { ScheduleList: daily } })).toMatchObject({
      kind: 'rules',
    });
  });

  test('an empty schedule list three objects deep means off; four deep means nothing', () => {
    expect(scheduleOf({ ScheduleA: { ScheduleB: { ScheduleC: { ScheduleList: [] } } } })).toEqual({
      kind: 'off',
    });
    expect(
      scheduleOf({ ScheduleA: { ScheduleB: { ScheduleC: { ScheduleD: { ScheduleList: [] } } } } }).kind,
    ).toBe('unknown');
  });

  test('only a switch named Enable(d) or ScheduleEnable(d) turns the list off, and only when false', () => {
    for (const holder of [
      { RetentionEnabled: false },
      { Enable: 'TRUE' },
      { Enable: 'not false' },
      { Enable: 'falsely' },
      { Enable: ['false'] },
    ]) {
      expect(scheduleOf({ ScheduleSettings: { ...holder, ScheduleList: daily } }).kind).toBe('rules');
    }
  });

  test('weekly days: names trimmed, blanks around a list ignored, three-letter flags, only true days', () => {
    expect(one({ Type: 'WEEKLY', Time: { Hour: 1, Days: [' Monday ', 'fri'] } })).toMatchObject({
      rules: [{ weekdays: [1, 5] }],
    });
    expect(one({ Type: 'WEEKLY', Time: { Hour: 1, Days: ' mon, fri ' } })).toMatchObject({
      rules: [{ weekdays: [1, 5] }],
    });
    expect(one({ Type: 'WEEKLY', Time: { Hour: 1, Mon: true, Enabled: true } })).toMatchObject({
      rules: [{ weekdays: [1] }],
    });
    expect(
      one({
        Type: 'WEEKLY',
        Time: {
          Hour: 1,
          Days: { Monday: 'untrue', Tuesday: 'true story', Wednesday: ['true'], Friday: true },
        },
      }),
    ).toMatchObject({ rules: [{ weekdays: [5] }] });
  });

  test('monthly: only "last" itself is the last day', () => {
    for (const day of ['last Friday', 'second to last']) {
      expect(one({ Type: 'MONTHLY', Time: { Hour: 2, DayOfMonth: day } })).toEqual({
        kind: 'rules',
        rules: [{ kind: 'interval', hours: 744 }],
      });
    }
  });

  test('an hour that is not a whole number on its own is unreadable: a run in every 24 hours', () => {
    for (const hour of ['7pm', 'at 7', [7]]) {
      expect(one({ Type: 'DAILY', Time: { Hour: hour } })).toEqual({
        kind: 'rules',
        rules: [{ kind: 'interval', hours: 24 }],
      });
    }
  });

  test('a name or id that is no text or finite number reads as blank', () => {
    const settings = readBackupSetSettings(
      '1',
      JSON.parse('{"Name":{"x":1},"DestinationSettings":{"DestinationList":[{"Id":1e309,"Name":"far"}]}}'),
    );

    expect(settings.name).toBeUndefined();
    expect(settings.destinations).toEqual([]);
  });
});
