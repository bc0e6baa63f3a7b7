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
